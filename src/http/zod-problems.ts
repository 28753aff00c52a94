import type { z } from "zod";
import type { FieldProblem } from "../errors.js";

/**
 * A key is echoed back when it is short printable ASCII without a run of digits: a key can carry
 * anything, an identity number or a phone number too.
 */
function echoable(key: string): boolean {
  return /^[\x21-\x7e]{1,40}$/.test(key) && !/\d{6}/.test(key);
}

/** A schema's complaints as field problems: a field nobody asked for is named itself, not its parent object. */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    if (issue.code !== "unrecognized_keys") return [{ path: issue.path.join("."), message: issue.message }];
    return issue.keys.map((sent) => {
      const key = echoable(sent) ? sent : "(unnamed)";
      return {
        path: [...issue.path, key].join("."),
        message: "not an accepted field",
        userMessage: `多了不认识的项目"${key}"，请去掉后重试`,
      };
    });
  });
}
