/** MongoDB's duplicate-key error code (E11000): a unique index refused the write. */
export const DUPLICATE_KEY = 11000;

/** Whether a driver or mongoose error is a unique index refusing the write. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
