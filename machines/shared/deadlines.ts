/** The timers a move between states starts and stops: a deadline is watched while a state declaring it is active. */
export function deadlineChanges<M extends { id: string }>(
  before: readonly { id: string }[],
  after: readonly M[],
): { unwatch: string[]; watch: M[] } {
  const was = new Set(before.map((d) => d.id));
  const is = new Set(after.map((d) => d.id));
  return {
    unwatch: before.filter((d) => !is.has(d.id)).map((d) => d.id),
    watch: after.filter((d) => !was.has(d.id)),
  };
}
