import { z } from "zod";
import { chinaDate, chinaMidnight, DAY_MS } from "../infra/china-time.js";

/** Longest range a statistics query may span. */
export const MAX_RANGE_DAYS = 366;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  // zod runs refinements even after the pattern failed, so this must not assume a well-formed date.
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
  }, "expected a real date");
const regionCode = z.string().regex(/^[A-Za-z0-9-]{2,20}$/, "expected a region code (see GET /api/regions)");

/**
 * A range of whole days in China time, `from` and `to` both included (default: the last 7 days),
 * as [start, end) instants.
 */
function dateRange(from: string | undefined, to: string | undefined, ctx: z.RefinementCtx) {
  const end = new Date(chinaMidnight(to ?? chinaDate()).getTime() + DAY_MS);
  const start = from ? chinaMidnight(from) : new Date(end.getTime() - 7 * DAY_MS);
  if (start >= end) {
    ctx.addIssue({ code: "custom", message: "from must not be after to", path: ["from"] });
    return z.NEVER;
  }
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    ctx.addIssue({ code: "custom", message: `expected a range of at most ${MAX_RANGE_DAYS} days`, path: ["from"] });
    return z.NEVER;
  }
  return { start, end };
}

export const venueStatsQuery = z
  .object({
    groupBy: z.enum(["region", "category"]).default("region"),
    format: z.enum(["json", "csv"]).default("json"),
    from: day.optional(),
    to: day.optional(),
  })
  .strict()
  .transform(({ groupBy, format, from, to }, ctx) => ({ groupBy, format, range: dateRange(from, to, ctx) }));

export const dailyScansQuery = z
  .object({ from: day.optional(), to: day.optional(), region: regionCode.optional() })
  .strict()
  .transform(({ from, to, region }, ctx) => ({ region, range: dateRange(from, to, ctx) }));

export const inactiveVenuesQuery = z
  .object({
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
    region: regionCode.optional(),
    category: z
      .string()
      .regex(/^[a-z-]{2,40}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
