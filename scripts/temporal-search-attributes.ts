/**
 * Prepares a Temporal cluster's namespace for the cases (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE): registers
 * it when missing (retention TEMPORAL_RETENTION_DAYS, 30), registers the case search attributes, and waits
 * until its visibility store accepts a query naming each of them: a cluster's frontend caches the namespace
 * and its attributes for a few seconds, and a worker or API that queried earlier would fail.
 * scripts/temporal-cluster.sh and docker-compose.yml run it at every start (idempotent); `npm start` does
 * the same in-process on the dev server.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
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
  const retentionDays = Number(process.env.TEMPORAL_RETENTION_DAYS ?? 30);
  const connection = await Connection.connect({ address });
  await ensureNamespace(connection, namespace, retentionDays);
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

async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number) {
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    if ((err as { code?: number }).code !== 5) throw err; // gRPC NOT_FOUND: no such namespace yet
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
    console.log(`namespace ${namespace} registered (retention ${retentionDays} days)`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
