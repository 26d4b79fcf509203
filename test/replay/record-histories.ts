import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { CaseEventInput } from '../../domain/events';
import { as, openRequest } from '../helpers/fixtures';
import { startTimeSkippingHarness } from '../helpers/harness';
import { happyPath } from '../helpers/paths';

/**
 * Records one workflow history per machine path into test/fixtures/histories, for the replay test.
 * Run it (`npx tsx test/replay/record-histories.ts`) when the workflow changes on purpose and the change
 * is guarded by `patched()`: keep the old histories and add new ones, never overwrite.
 */
const DAY = 24 * 60 * 60 * 1000;
const OUT = join(__dirname, '..', 'fixtures', 'histories');

async function main(): Promise<void> {
  const h = await startTimeSkippingHarness();
  const record = async (
    name: string,
    request: ReturnType<typeof openRequest>,
    steps: (CaseEventInput | number)[],
  ) => {
    if (existsSync(join(OUT, `${name}.binpb`))) {
      console.log(`kept ${name}: a stored history is never overwritten`);
      return;
    }
    const { caseId } = await h.cases.open(request);
    for (const step of steps) {
      if (typeof step === 'number') await h.env.sleep(step);
      else await h.cases.act(caseId, step);
    }
    const history = await h.env.client.workflow.getHandle(caseId).fetchHistory();
    // Binary protobuf: the JSON helpers trip over two copies of protobufjs in the SDK's dependencies.
    await writeFile(join(OUT, `${name}.binpb`), temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${name}: ${history.events?.length} events`);
  };
  try {
    await mkdir(OUT, { recursive: true });
    await record(
      'self-funded-closed',
      openRequest('self_funded', { studyBasis: 'paid' }),
      happyPath('self_funded', 'paid'),
    );
    await record('mshe-closed', openRequest('mshe'), happyPath('mshe', 'state_grant'));
    await record(
      'erasmus-closed',
      openRequest('erasmus', { studyBasis: 'state_grant' }),
      happyPath('erasmus', 'state_grant'),
    );
    const toNomination = happyPath('erasmus', 'state_grant').slice(0, 4);
    await record('invitation-overdue', openRequest('erasmus'), [
      ...toNomination,
      33 * DAY,
      { type: 'RECORD_PARTNER_DECLINED', actor: as.partner, reason: 'no places left this semester' },
      { type: 'CANCEL', actor: as.di, reason: 'no partner available' },
    ]);
    await record('mshe-withdrawn-after-disbursement', openRequest('mshe'), [
      ...happyPath('mshe', 'state_grant').slice(0, 10),
      { type: 'WITHDRAW', actor: as.student, reason: 'family reasons' },
      { type: 'RECONCILE_FUNDS', actor: as.finance },
    ]);
    const mshe = happyPath('mshe', 'state_grant');
    const ended = mshe.findIndex((e) => e.type === 'END_MOBILITY');
    await record('mshe-la-change-return-overdue', openRequest('mshe'), [
      ...mshe.slice(0, ended),
      {
        type: 'REQUEST_LEARNING_AGREEMENT_CHANGE',
        actor: as.student,
        reason: 'course cancelled by the partner',
      },
      { type: 'AGREE_LEARNING_AGREEMENT_CHANGE', actor: as.dean },
      ...mshe.slice(ended, ended + 1),
      33 * DAY,
      ...mshe.slice(ended + 1),
    ]);
    await record('mshe-leave-refused-after-disbursement', openRequest('mshe'), [
      ...mshe.slice(0, 5),
      { type: 'DISBURSE_GRANT', actor: as.finance },
      { type: 'REFUSE_LEAVE', actor: as.viceRector, reason: 'academic standing review pending' },
      { type: 'RECONCILE_FUNDS', actor: as.finance },
    ]);
    await record('audition-failed', openRequest('self_funded'), [
      { type: 'SUBMIT_APPLICATION', actor: as.student },
      { type: 'REGISTER_FOR_AUDITION', actor: as.student },
      { type: 'RECORD_AUDITION_FAILED', actor: as.snss, reason: 'English below B2 at the audition' },
    ]);
  } finally {
    await h.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
