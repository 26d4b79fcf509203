/** A validation problem as every interface reports it: the field's path and the rule it broke. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Flattens zod issues into field paths (`student.email`), naming the whole input where there is no path. */
export function fieldIssues(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  whole = '(body)',
): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || whole, message: i.message }));
}

export function describeIssues(issues: readonly FieldIssue[], separator = '; '): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join(separator);
}
