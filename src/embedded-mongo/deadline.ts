import { MongoCommandError } from "./errors.js";

/**
 * The time limit of the command being run (its maxTimeMS). Commands run one at a time and
 * synchronously, so one module-level deadline is the current command's; long loops call
 * `checkDeadline` so that a query past its limit stops with MongoDB's MaxTimeMSExpired.
 */
let deadline = Number.POSITIVE_INFINITY;

export function runWithin<T>(maxTimeMS: number, work: () => T): T {
  deadline = maxTimeMS > 0 ? Date.now() + maxTimeMS : Number.POSITIVE_INFINITY;
  try {
    return work();
  } finally {
    deadline = Number.POSITIVE_INFINITY;
  }
}

export function checkDeadline(): void {
  if (Date.now() > deadline) throw new MongoCommandError("MaxTimeMSExpired", "operation exceeded time limit");
}
