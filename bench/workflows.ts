import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export { outgoingCaseWorkflow } from '../workflows';

export const pokeUpdate = defineUpdate<number, [unknown]>('act');

/** The memory baseline: a workflow that holds nothing and waits, answering the same update. */
export async function idleWorkflow(): Promise<void> {
  let pokes = 0;
  setHandler(pokeUpdate, () => ++pokes);
  await condition(() => false);
}
