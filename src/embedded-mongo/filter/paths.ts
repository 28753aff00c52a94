import type { Document } from "bson";
import { isPlainObject } from "../values.js";

/** A path that leads nowhere in a document (distinct from a stored null). */
export const MISSING = Symbol("missing");

/**
 * The values a dotted path reaches in a document, as MongoDB's matcher walks it: an array on the
 * way is entered through a numeric component ("a.0") and through each of its embedded documents;
 * a path that stops at a scalar, or runs out of fields, reaches MISSING.
 */
export function pathValues(doc: unknown, parts: string[]): unknown[] {
  if (parts.length === 1) {
    const value = isPlainObject(doc) ? doc[parts[0] as string] : undefined;
    return [value === undefined ? MISSING : value];
  }
  const out: unknown[] = [];
  collect(doc, parts, 0, out);
  return out.length === 0 ? [MISSING] : out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value === undefined ? MISSING : value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      const element = value[Number(part)];
      if (element !== undefined) collect(element, parts, i + 1, out);
    }
    for (const element of value) if (isPlainObject(element)) collect(element, parts, i, out);
    return;
  }
  if (isPlainObject(value) && value[part] !== undefined) {
    collect((value as Document)[part], parts, i + 1, out);
    return;
  }
  out.push(MISSING);
}
