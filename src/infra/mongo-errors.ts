/** MongoDB's duplicate-key error code (E11000): a unique index refused the write. */
export const DUPLICATE_KEY = 11000;

/** Whether a driver or mongoose error is a unique index refusing the write. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * The documents an unordered insert refused as duplicates (their indexes in the batch): the others
 * were written. Any other failure is thrown, as is an error that is not an insert's.
 */
export function duplicatesOf(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const failures = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    index: number;
    code: number;
  }[];
  if (failures.length === 0 || failures.some((failure) => failure.code !== DUPLICATE_KEY)) throw error;
  return new Set(failures.map((failure) => failure.index));
}
