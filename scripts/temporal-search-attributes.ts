/**
 * Registers the case search attributes on a Temporal server (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) and waits
 * until its visibility store accepts a query naming each of them: a cluster's frontend caches the
 * namespace and its attributes for a few seconds, and a worker or API that queried earlier would fail.
 * scripts/temporal-cluster.sh runs it at every start (idempotent); `npm start` does the same in-process.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { ensureSearchAttributes } from '../app/embedded/temporal-dev-server';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/** A query that only a namespace that knows every attribute accepts (a value of the attribute's type). */
const everyAttribute = CASE_SEARCH_ATTRIBUTES.map((k) =>
  k.type === SearchAttributeType.DATETIME
    ? `${k.name} > "2000-01-01T00:00:00Z"`
    : k.type === SearchAttributeType.BOOL
      ? `${k.name} = true`
      : `${k.name} = "none"`,
).join(' OR ');

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (!address) throw new Error('TEMPORAL_ADDRESS: required');
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await ensureSearchAttributes(connection, namespace);
        await connection.workflowService.countWorkflowExecutions({ namespace, query: everyAttribute });
        console.log(
          `search attributes of ${namespace}: ${CASE_SEARCH_ATTRIBUTES.map((k) => k.name).join(', ')}`,
        );
        return;
      } catch (err) {
        // A namespace created a moment ago is not yet in every service's cache: "not found", then ready.
        if (Date.now() > deadline) throw err;
        await delay(500);
      }
    }
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
