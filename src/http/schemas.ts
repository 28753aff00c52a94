import { z } from "zod";
import { containsIdNumber, NO_ID_NUMBER_MESSAGE } from "../identity/masking.js";

/**
 * Building blocks of the routes' schemas, shared by every route's contract. Response objects are
 * strict: a field the contract does not declare fails the check (tests), so clients are never sent
 * something they were not told about.
 */

/**
 * A string input refused when it carries an identity number, which it would keep in clear wherever
 * it goes (a record, a Redis key, a log); `what` starts the message ("a reason must not …").
 */
export function withoutIdNumber<T extends z.ZodType<string>>(schema: T, what?: string): T {
  return schema.refine(
    (text) => !containsIdNumber(text),
    what ? `${what} ${NO_ID_NUMBER_MESSAGE}` : NO_ID_NUMBER_MESSAGE,
  ) as T;
}
export const id = z.string().regex(/^[0-9a-f]{24}$/, "expected an id");
/** A time as responses carry it: ISO 8601 in UTC. */
export const isoTime = z.iso.datetime();
export const nullableTime = isoTime.nullable();

/** The body of every error response (error-handler.ts). */
export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string(),
      message: z.string().describe("English, for API clients and logs"),
      userMessage: z
        .string()
        .describe("Chinese, for the person reading a page or a chat; for VALIDATION_FAILED it names the field"),
      field: z
        .string()
        .optional()
        .describe("VALIDATION_FAILED: the first refused field (details has each, with its userMessage)"),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });

/** A path parameter naming a record by its id. */
export const idParams = z.object({ id: z.string() });
