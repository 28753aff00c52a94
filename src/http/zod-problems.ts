import type { z } from "zod";
import type { FieldProblem } from "../errors.js";

/** Only a key shaped like a field name is echoed back: a key can carry anything, an identity number too. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** A schema's complaints as field problems: a field nobody asked for is named itself, not its parent object. */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    if (issue.code !== "unrecognized_keys") return [{ path: issue.path.join("."), message: issue.message }];
    return issue.keys.map((sent) => {
      const key = FIELD_NAME.test(sent) ? sent : "(unnamed)";
      return {
        path: [...issue.path, key].join("."),
        message: "not an accepted field",
        userMessage: `多了不认识的项目"${key}"，请去掉后重试`,
      };
    });
  });
}
