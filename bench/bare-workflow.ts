import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * The yardstick of `npm run bench`: bare Temporal, bundled on its own (this file imports nothing of ours).
 * Each update appends its argument to an array and answers with something small; the update marked
 * `last` ends the workflow, as the last staff action ends a case.
 */
export const appendUpdate = defineUpdate<{ count: number }, [item: unknown, last?: boolean]>('append');

export async function bareWorkflow(): Promise<number> {
  const items: unknown[] = [];
  let done = false;
  setHandler(appendUpdate, (item, last = false) => {
    items.push(item);
    if (last) done = true;
    return { count: items.length };
  });
  await condition(() => done);
  await condition(allHandlersFinished);
  return items.length;
}
