import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { callWorkflowId } from '../../domain/call';
import type { Actor } from '../../domain/actor';
import type { OpenCaseRequest } from '../../domain/case';
import { EUROPE_SPENT_EXACTLY } from '../helpers/events';
import { as, studentOf } from '../helpers/fixtures';
import { startTimeSkippingHarness } from '../helpers/harness';
import {
  applicationDocuments,
  drive,
  happyPath,
  learningAgreementChange,
  through,
  type Step,
} from '../helpers/paths';
import { alreadyStored, runsOf, writeRuns } from './support/histories';

/**
 * Records one workflow history per machine path into test/fixtures/histories, for the replay test.
 * Run it (`npx tsx test/replay/record-histories.ts`) when the workflow changes on purpose and the change
 * is guarded by `patched()` or a new machine version: keep the old histories and add new ones under a new
 * `PREFIX` (unprefixed: version 1's; `v2-`: version 2's; `v3-`: version 3's, with the calls they joined),
 * never overwrite. A case that continues as new is one
 * history per run (`<name>.run1`, `.run2`, …): each run replays on its own, from the input it started with.
 * `HISTORIES_OUT` records elsewhere, e.g. to try the script without touching the fixtures.
 */
const DAY = 24 * 60 * 60 * 1000;
const OUT = process.env.HISTORIES_OUT ?? join(__dirname, '..', 'fixtures', 'histories');
const PREFIX = process.env.HISTORIES_PREFIX ?? '';

async function main(): Promise<void> {
  const h = await startTimeSkippingHarness();
  const calls = new Set<string>();
  /** Opens a case for `request` and takes it through `steps` (a number sleeps that long), as its own student. */
  const record = async (
    path: string,
    request: () => Promise<OpenCaseRequest>,
    steps: (student: Actor) => (Step | number)[],
  ) => {
    const name = `${PREFIX}${path}`;
    if (await alreadyStored(OUT, name)) {
      console.log(`kept ${name}: a stored history is never overwritten`);
      return;
    }
    const opened = await request();
    const { caseId } = await h.cases.open(opened);
    calls.add(opened.callId);
    for (const step of steps(studentOf(opened))) {
      console.log(
        `  ${name}: ${typeof step === 'number' ? `sleep ${step / DAY} days` : 'upload' in step ? `upload ${step.upload}` : step.type}`,
      );
      if (typeof step === 'number') await h.env.sleep(step);
      else await drive(h.cases, caseId, [step]);
    }
    await writeRuns(OUT, name, await runsOf(h.env.client, caseId));
  };
  const noB2 = { record: { englishOnTranscript: 'B1' as const } };
  try {
    await mkdir(OUT, { recursive: true });
    await record(
      'self-funded-closed',
      () => h.applicant('self_funded', { studyBasis: 'paid' }),
      (me) => happyPath('self_funded', 'paid', me),
    );
    await record(
      'mshe-closed',
      () => h.applicant('mshe'),
      (me) => happyPath('mshe', 'state_grant', me),
    );
    await record(
      'erasmus-closed',
      () => h.applicant('erasmus', { studyBasis: 'state_grant' }),
      (me) => happyPath('erasmus', 'state_grant', me),
    );
    await record(
      'invitation-overdue',
      () => h.applicant('erasmus'),
      (me) => [
        ...through(happyPath('erasmus', 'state_grant', me), 'NOMINATE_TO_PARTNER'),
        33 * DAY,
        { type: 'RECORD_PARTNER_DECLINED', actor: as.partner, reason: 'no places left this semester' },
        { type: 'CANCEL', actor: as.di, reason: 'no partner available' },
      ],
    );
    const mshe = (me: Actor) => happyPath('mshe', 'state_grant', me);
    await record(
      'mshe-withdrawn-after-disbursement',
      () => h.applicant('mshe'),
      (me) => [
        ...through(mshe(me), 'DISBURSE_GRANT'),
        { type: 'WITHDRAW', actor: me, reason: 'family reasons' },
        { type: 'RECONCILE_FUNDS', actor: as.finance, spend: EUROPE_SPENT_EXACTLY },
      ],
    );
    await record(
      'mshe-la-change-return-overdue',
      () => h.applicant('mshe'),
      (me) => [
        ...through(mshe(me), 'DEPART'),
        ...learningAgreementChange(me),
        { type: 'END_MOBILITY', actor: as.di },
        33 * DAY,
        ...mshe(me).slice(through(mshe(me), 'END_MOBILITY').length),
      ],
    );
    await record(
      'mshe-leave-refused-after-disbursement',
      () => h.applicant('mshe'),
      (me) => [
        ...through(mshe(me), 'RECORD_INVITATION_LETTER'),
        { type: 'DISBURSE_GRANT', actor: as.finance, region: 'europe' },
        { type: 'REFUSE_LEAVE', actor: as.viceRector, reason: 'academic standing review pending' },
        { type: 'RECONCILE_FUNDS', actor: as.finance, spend: EUROPE_SPENT_EXACTLY },
      ],
    );
    const underspent = { ...EUROPE_SPENT_EXACTLY, flight: EUROPE_SPENT_EXACTLY.flight - 20_000 };
    await record(
      'mshe-refund-confirmed',
      () => h.applicant('mshe'),
      (me) => [
        ...through(mshe(me), 'ACCEPT_FINANCIAL_REPORT').slice(0, -1),
        { type: 'ACCEPT_FINANCIAL_REPORT', actor: as.finance, spend: underspent },
        // Version 6: the refund's reminders and its escalation to finance fire before it is confirmed.
        36 * DAY,
        { type: 'CONFIRM_REFUND', actor: as.finance },
        ...mshe(me).slice(through(mshe(me), 'ACCEPT_FINANCIAL_REPORT').length),
      ],
    );
    await record(
      'audition-failed',
      () => h.applicant('self_funded', noB2),
      (me) => [
        { type: 'SUBMIT_APPLICATION', actor: me },
        { type: 'REGISTER_FOR_AUDITION', actor: me },
        { type: 'RECORD_AUDITION_FAILED', actor: as.snss, reason: 'English below B2 at the audition' },
      ],
    );
    await record(
      'audition-passed-then-withdrawn-by-di',
      () => h.applicant('erasmus', noB2),
      (me) => [
        { type: 'SUBMIT_APPLICATION', actor: me },
        { type: 'REGISTER_FOR_AUDITION', actor: as.di },
        { type: 'RECORD_AUDITION_PASSED', actor: as.snss },
        { upload: 'passport_scan', actor: me },
        { type: 'REJECT_APPLICATION', actor: as.di, reason: 'the applicant asked to apply next year' },
      ],
    );
    await record(
      'ielts-entered-record-reread',
      () => h.applicant('self_funded', noB2),
      (me) => [
        { type: 'SUBMIT_APPLICATION', actor: me },
        { type: 'RECORD_IELTS', actor: as.di, score: 6, testDate: '2026-06-01' },
        { type: 'REEVALUATE_ELIGIBILITY', actor: as.di },
        ...applicationDocuments('self_funded', me),
        { upload: 'ielts_certificate', actor: as.di, fields: { ieltsScore: 6, ieltsTestDate: '2026-06-01' } },
        { type: 'CONFIRM_ELIGIBILITY', actor: as.di },
        { type: 'DECLARE_NOT_SELECTED', actor: as.di, reason: 'ranked below the places available' },
      ],
    );
    // The calls those cases joined (version 3 on), as far as they got: still open, as a running call is.
    for (const callId of calls) {
      const name = `${PREFIX}${callWorkflowId(callId)}`;
      if (!(await alreadyStored(OUT, name)))
        await writeRuns(OUT, name, await runsOf(h.env.client, callWorkflowId(callId)));
    }
  } finally {
    await h.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
