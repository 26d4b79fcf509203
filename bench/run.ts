import { DefaultLogger, Runtime } from '@temporalio/worker';
import { benchMachine } from './machine';
import { benchMemory } from './memory';

/**
 * `npm run bench`: figures, each next to its baseline from the same run. Targets (DESIGN.md rule 8):
 * a case costs the worker well under the ~1.7 MB per cached workflow that the SDK's default cache
 * size assumes (600 per GB), and a view costs a bounded number of transitions.
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const machine = benchMachine(Number(process.env.BENCH_ROUNDS ?? 300));
  console.log('machine (pure XState, no server)');
  console.table(machine);
  const memory = await benchMemory(Number(process.env.BENCH_CASES ?? 200));
  console.log('worker memory per cached workflow (time-skipping server; baseline: an idle workflow)');
  console.table(memory);
  const budgetKiB = Math.round((1024 * 1024) / 600);
  console.log(
    `case ${memory.caseKiBPerWorkflow} KiB vs budget ${budgetKiB} KiB per cached workflow: ${
      memory.caseKiBPerWorkflow <= budgetKiB ? 'within' : 'OVER'
    } budget`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
