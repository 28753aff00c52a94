import { relative } from "node:path";
import type { z } from "zod";

/** Where each named response schema is defined (file relative to the repository), for docs/api.md. */
export const schemaFiles = new Map<string, string>();

/**
 * Names a response schema: it becomes a component of the OpenAPI document and a type of the clients'
 * generated typings, and the reference says which file defines it.
 */
export function named<T extends z.ZodType>(name: string, schema: T): T {
  const caller = new Error().stack?.split("\n")[2] ?? "";
  const file = /(?:file:\/\/)?(\/[^:)]+\.ts)/.exec(caller)?.[1];
  if (file) schemaFiles.set(name, relative(process.cwd(), file));
  return schema.meta({ id: name });
}
