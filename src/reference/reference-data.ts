import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { StartupError } from "../infra/startup-error.js";

/**
 * The venue categories named by the notice and the city's districts. Categories are fixed by the
 * notice; districts come from a JSON file so another city can load its own (REGIONS_FILE).
 */
const categorySchema = z.object({
  id: z.string().regex(/^[a-z-]+$/),
  name: z.string().min(1),
  includes: z.array(z.string()).optional(),
  defaultDwellMinutes: z.number().int().positive(),
  vehicle: z.boolean(),
});

const regionsFileSchema = z.object({
  city: z.object({ code: z.string().min(1), name: z.string().min(1) }),
  regions: z
    .array(z.object({ code: z.string().regex(/^[A-Za-z0-9-]{2,20}$/), name: z.string().min(1) }))
    .min(1)
    .refine((regions) => new Set(regions.map((r) => r.code)).size === regions.length, "region codes must be unique"),
});

export type VenueCategory = z.infer<typeof categorySchema>;
export type Region = { code: string; name: string };
export type RegionsFile = z.infer<typeof regionsFileSchema>;

export class ReferenceData {
  readonly categories: VenueCategory[];
  readonly regions: RegionsFile;
  private readonly categoriesById: Map<string, VenueCategory>;
  private readonly regionsByCode: Map<string, Region>;

  constructor(categories: VenueCategory[], regions: RegionsFile) {
    this.categories = categories;
    this.regions = regions;
    this.categoriesById = new Map(categories.map((c) => [c.id, c]));
    this.regionsByCode = new Map(regions.regions.map((r) => [r.code, r]));
  }

  category(id: string): VenueCategory | undefined {
    return this.categoriesById.get(id);
  }

  region(code: string): Region | undefined {
    return this.regionsByCode.get(code);
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Loads the built-in categories and the districts from `regionsFile` (Yancheng's when absent). */
export function loadReferenceData(regionsFile?: string): ReferenceData {
  const categories = z
    .array(categorySchema)
    .length(24)
    .parse(readJson(join(import.meta.dirname, "data/categories.json")));
  const source = regionsFile ?? join(import.meta.dirname, "data/regions.yancheng.json");
  let raw: unknown;
  try {
    raw = readJson(source);
  } catch (error) {
    throw new StartupError(`REGIONS_FILE: cannot read ${String(source)}: ${(error as Error).message}`);
  }
  const regions = regionsFileSchema.safeParse(raw);
  if (!regions.success) {
    throw new StartupError(
      `REGIONS_FILE: ${String(source)} is not a regions file: ${regions.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return new ReferenceData(categories, regions.data);
}
