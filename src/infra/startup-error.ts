/**
 * A problem that stops start-up with exit code 2 and one plain message (no stack trace): a bad
 * setting or a missing prerequisite the operator must fix.
 */
export class StartupError extends Error {}
