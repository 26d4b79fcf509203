import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { OpenCaseRequest } from '../../domain/case';
import { as } from '../helpers/fixtures';
import { startTimeSkippingHarness } from '../helpers/harness';
import { applicationDocuments, drive, happyPath, through, type Step } from '../helpers/paths';

/**
 * Records one workflow history per machine path into test/fixtures/histories, for the replay test.
 * Run it (`npx tsx test/replay/record-histories.ts`) when the workflow changes on purpose and the change
 * is guarded by `patched()`: keep the old histories and add new ones, never overwrite. (The histories of
 * 2026-11-29 were recorded afresh when eligibility and documents joined the case: nothing was deployed.)
 */
const DAY = 24 * 60 * 60 * 1000;
const OUT = join(__dirname, '..', 'fixtures', 'histories');

async function main(): Promise<void> {
  const h = await startTimeSkippingHarness();
  const record = async (name: string, request: () => Promise<OpenCaseRequest>, steps: (Step | number)[]) => {
    if (existsSync(join(OUT, `${name}.binpb`))) {
      console.log(`kept ${name}: a stored history is never overwritten`);
      return;
    }
    const { caseId } = await h.cases.open(await request());
    for (const step of steps) {
      if (typeof step === 'number') await h.env.sleep(step);
      else await drive(h.cases, caseId, [step]);
    }
    const history = await h.env.client.workflow.getHandle(caseId).fetchHistory();
    // Binary protobuf: the JSON helpers trip over two copies of protobufjs in the SDK's dependencies.
    await writeFile(join(OUT, `${name}.binpb`), temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${name}: ${history.events?.length} events`);
  };
  const noB2 = { record: { englishOnTranscript: 'B1' as const } };
  try {
    await mkdir(OUT, { recursive: true });
    await record(
      'self-funded-closed',
      () => h.applicant('self_funded', { studyBasis: 'paid' }),
      happyPath('self_funded', 'paid'),
    );
    await record('mshe-closed', () => h.applicant('mshe'), happyPath('mshe', 'state_grant'));
    await record(
      'erasmus-closed',
      () => h.applicant('erasmus', { studyBasis: 'state_grant' }),
      happyPath('erasmus', 'state_grant'),
    );
    await record('invitation-overdue', () => h.applicant('erasmus'), [
      ...through(happyPath('erasmus', 'state_grant'), 'NOMINATE_TO_PARTNER'),
      33 * DAY,
      { type: 'RECORD_PARTNER_DECLINED', actor: as.partner, reason: 'no places left this semester' },
      { type: 'CANCEL', actor: as.di, reason: 'no partner available' },
    ]);
    const mshe = happyPath('mshe', 'state_grant');
    await record('mshe-withdrawn-after-disbursement', () => h.applicant('mshe'), [
      ...through(mshe, 'DISBURSE_GRANT'),
      { type: 'WITHDRAW', actor: as.student, reason: 'family reasons' },
      { type: 'RECONCILE_FUNDS', actor: as.finance },
    ]);
    const toDeparture = through(mshe, 'DEPART');
    const afterEnd = mshe.slice(through(mshe, 'END_MOBILITY').length);
    await record('mshe-la-change-return-overdue', () => h.applicant('mshe'), [
      ...toDeparture,
      {
        type: 'REQUEST_LEARNING_AGREEMENT_CHANGE',
        actor: as.student,
        reason: 'course cancelled by the partner',
      },
      { type: 'AGREE_LEARNING_AGREEMENT_CHANGE', actor: as.dean },
      { type: 'END_MOBILITY', actor: as.di },
      33 * DAY,
      ...afterEnd,
    ]);
    await record('mshe-leave-refused-after-disbursement', () => h.applicant('mshe'), [
      ...through(mshe, 'RECORD_INVITATION_LETTER'),
      { type: 'DISBURSE_GRANT', actor: as.finance },
      { type: 'REFUSE_LEAVE', actor: as.viceRector, reason: 'academic standing review pending' },
      { type: 'RECONCILE_FUNDS', actor: as.finance },
    ]);
    await record('audition-failed', () => h.applicant('self_funded', noB2), [
      { type: 'SUBMIT_APPLICATION', actor: as.student },
      { type: 'REGISTER_FOR_AUDITION', actor: as.student },
      { type: 'RECORD_AUDITION_FAILED', actor: as.snss, reason: 'English below B2 at the audition' },
    ]);
    await record('audition-passed-then-withdrawn-by-di', () => h.applicant('erasmus', noB2), [
      { type: 'SUBMIT_APPLICATION', actor: as.student },
      { type: 'REGISTER_FOR_AUDITION', actor: as.di },
      { type: 'RECORD_AUDITION_PASSED', actor: as.snss },
      { upload: 'passport_scan', actor: as.student },
      { type: 'REJECT_APPLICATION', actor: as.di, reason: 'the applicant asked to apply next year' },
    ]);
    await record('ielts-entered-record-reread', () => h.applicant('self_funded', noB2), [
      { type: 'SUBMIT_APPLICATION', actor: as.student },
      { type: 'RECORD_IELTS', actor: as.di, score: 6, testDate: '2026-06-01' },
      { type: 'REEVALUATE_ELIGIBILITY', actor: as.di },
      ...applicationDocuments('self_funded'),
      { upload: 'ielts_certificate', actor: as.di, fields: { ieltsScore: 6, ieltsTestDate: '2026-06-01' } },
      { type: 'CONFIRM_ELIGIBILITY', actor: as.di },
      { type: 'DECLARE_NOT_SELECTED', actor: as.di, reason: 'ranked below the places available' },
    ]);
  } finally {
    await h.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
