import { FIXED_AT } from '../helpers/fixtures';
import { deadlineEffects } from '../../machines/outgoing-case/effects';
import { refusalOf } from '../../machines/outgoing-case/refusal';
import { activeDeadlines } from '../../machines/outgoing-case/view';
import { before, forVersion, happyPath } from './paths';
import {
  callDecision,
  ev,
  inputFor,
  notifications,
  rolesAccepting,
  run,
  start,
  stateOf,
  step,
  UNDERSPENT,
  type Combo,
} from './support';

/** Version 4 pays an MSHE grant per category and reconciles the financial report against it (DOMAIN.md). */
const MSHE: Combo = ['mshe', 'state_grant'];
const path = happyPath(...MSHE);
const untilDisbursement = before(path, 'DISBURSE_GRANT');
const untilReport = (region: string) =>
  run(start(MSHE), [
    ...untilDisbursement,
    ev('DISBURSE_GRANT', 'finance', { region }),
    ...before(path, 'ACCEPT_FINANCIAL_REPORT').slice(untilDisbursement.length + 1),
  ]);
const spend = (flight: number, accommodation: number, insurance: number, visa: number) => ({
  flight,
  accommodation,
  insurance,
  visa,
});

describe('the grant, per category (version 4)', () => {
  test.each([
    // The issue's example: 38,625 over on the flight is the student's own cost; 28,200 of accommodation is refunded.
    ['europe', spend(300_000, 900_000, 53_550, 40_800), 38_625, 28_200],
    ['europe', spend(261_375, 928_200, 53_550, 40_800), 0, 0],
    ['europe', spend(0, 0, 0, 0), 0, 1_283_925],
    // South-East Asia: 30,000 on the visa against 26,350 is 3,650 of own cost, never taken from another category.
    ['south-east-asia', spend(665_975, 1_326_000, 42_925, 30_000), 3_650, 0],
    ['south-east-asia', spend(600_000, 1_400_000, 42_925, 26_350), 74_000, 65_975],
  ])('%s, spent %j: own cost %d, refund %d', (region, spent, ownCost, refund) => {
    const [reported, actions] = step(
      untilReport(region),
      ev('ACCEPT_FINANCIAL_REPORT', 'finance', { spend: spent }),
    );
    const statement = reported.context.grantStatement!;
    expect([statement.ownCost, statement.refund]).toEqual([ownCost, refund]);
    for (const line of statement.categories) {
      expect(line.ownCost).toBe(Math.max(0, line.spent - line.allowance));
      expect(line.refund).toBe(Math.max(0, line.allowance - line.spent));
    }
    if (refund === 0) {
      expect(stateOf(reported)).toBe('creditRecalculation');
      expect(notifications(actions)).not.toContainEqual({ template: 'refundDue', to: 'student' });
      return;
    }
    // The refund waits for finance; the student is told the statement.
    expect(reported.value).toEqual({
      open: {
        return: {
          returnApplication: 'received',
          partnerTranscript: 'received',
          financialReport: 'refundDue',
        },
      },
    });
    expect(notifications(actions)).toContainEqual({ template: 'refundDue', to: 'student' });
    expect(rolesAccepting(reported, 'CONFIRM_REFUND')).toEqual(['finance']);
    const confirmed = run(reported, [ev('CONFIRM_REFUND', 'finance')]);
    expect(stateOf(confirmed)).toBe('creditRecalculation');
    expect(confirmed.context.refundConfirmed).toBe(true);
  });

  test("the call's allowances are the ones paid: DI names no region for a student the call placed", () => {
    const europe = { flight: 261_375, accommodation: 928_200, insurance: 53_550, visa: 40_800 };
    const placed = callDecision('selected', {
      placeId: 'europe',
      placeName: 'Europe',
      partnerId: null,
      allowances: europe,
    });
    const untilSelection = before(path, 'SELECT_FOR_PLACEMENT');
    const afterSelection = untilDisbursement.slice(untilSelection.length + 1);
    const waiting = run(start(MSHE), [...untilSelection, placed, ...afterSelection]);
    const [disbursed] = step(waiting, ev('DISBURSE_GRANT', 'finance', { region: undefined }));
    expect(disbursed.context.grant).toEqual({ region: 'europe', allowances: europe });
  });

  test('refusals name the field: no region, an unknown region, no spend', () => {
    const waiting = run(start(MSHE), untilDisbursement);
    const noRegion = refusalOf(waiting, ev('DISBURSE_GRANT', 'finance', { region: undefined }), FIXED_AT);
    expect(noRegion?.issues).toEqual([
      {
        path: 'region',
        message:
          'the call placed the student in no MSHE region: name the region whose allowances are paid, one of europe, south-east-asia',
      },
    ]);
    const unknown = refusalOf(waiting, ev('DISBURSE_GRANT', 'finance', { region: 'atlantis' }), FIXED_AT);
    expect(unknown?.issues?.[0]?.message).toBe(
      "atlantis is not an MSHE region of the case's policy: one of europe, south-east-asia",
    );
    const report = untilReport('europe');
    const noSpend = refusalOf(
      report,
      ev('ACCEPT_FINANCIAL_REPORT', 'finance', { spend: undefined }),
      FIXED_AT,
    );
    expect(noSpend?.issues?.map((i) => i.path)).toEqual(['spend']);
    expect(stateOf(step(report, ev('ACCEPT_FINANCIAL_REPORT', 'finance', { spend: undefined }))[0])).toEqual(
      stateOf(report),
    );
  });

  test('an early end reconciles the spend too: an unspent allowance is refunded before the case ends', () => {
    const disbursed = run(start(MSHE), [...untilDisbursement, ev('DISBURSE_GRANT', 'finance')]);
    const withdrawn = run(disbursed, [ev('WITHDRAW', 'student')]);
    expect(stateOf(withdrawn)).toBe('fundsReconciliation');
    const [owed, actions] = step(withdrawn, ev('RECONCILE_FUNDS', 'finance', { spend: UNDERSPENT }));
    expect(stateOf(owed)).toBe('fundsRefundDue');
    expect(owed.context.grantStatement?.refund).toBe(20_000);
    expect(notifications(actions)).toContainEqual({ template: 'refundDue', to: 'student' });
    expect(rolesAccepting(owed, 'CONFIRM_REFUND')).toEqual(['finance']);
    const done = run(owed, [ev('CONFIRM_REFUND', 'finance')]);
    expect([stateOf(done), done.status, done.context.fundsReconciled]).toEqual(['withdrawn', 'done', true]);
  });

  describe('the refund has a deadline from version 6', () => {
    const owedAfter = (version: number) => {
      const input = { ...inputFor(MSHE), machineVersion: version };
      const disbursed = run(start(MSHE, input), [
        ...forVersion(untilDisbursement, version),
        ev('DISBURSE_GRANT', 'finance'),
      ]);
      return run(disbursed, [
        ev('WITHDRAW', 'student'),
        ev('RECONCILE_FUNDS', 'finance', { spend: UNDERSPENT }),
      ]);
    };
    const watched = (s: ReturnType<typeof start>) => activeDeadlines(s).map((d) => d.id);

    test("version 6: the refund is the student's deadline, escalated to finance, watched until finance confirms it", () => {
      const owed = owedAfter(6);
      expect(stateOf(owed)).toBe('fundsRefundDue');
      const [refund] = activeDeadlines(owed);
      expect(refund).toMatchObject({
        id: 'refund',
        timing: 'refundDays',
        responsible: 'student',
        escalation: { to: 'finance', template: 'refundOverdue' },
      });
      const done = run(owed, [ev('CONFIRM_REFUND', 'finance')]);
      expect(deadlineEffects(activeDeadlines(owed), activeDeadlines(done))).toEqual([
        { type: 'unwatchDeadline', id: 'refund' },
      ]);
    });

    test('on return too: the refund is watched beside the return documents until finance confirms it', () => {
      const [reported] = step(
        untilReport('europe'),
        ev('ACCEPT_FINANCIAL_REPORT', 'finance', { spend: UNDERSPENT }),
      );
      expect(watched(reported).sort()).toEqual(['refund', 'returnDocuments']);
      expect(watched(run(reported, [ev('CONFIRM_REFUND', 'finance')]))).toEqual([]);
    });

    test('version 5 keeps waiting without one, as its cases always did', () => {
      const owed = owedAfter(5);
      expect(stateOf(owed)).toBe('fundsRefundDue');
      expect(watched(owed)).toEqual([]);
    });
  });

  test('version 3 keeps its recorded steps: a report without spend, nothing reconciled', () => {
    const v3 = { ...inputFor(MSHE), machineVersion: 3 };
    const steps = forVersion(before(path, 'ACCEPT_FINANCIAL_REPORT'), 3).map((e) =>
      e.type === 'DISBURSE_GRANT' ? { ...e, region: undefined } : e,
    );
    const report = run(start(MSHE, v3), steps);
    const accepted = run(report, [ev('ACCEPT_FINANCIAL_REPORT', 'finance', { spend: undefined })]);
    expect(stateOf(accepted)).toBe('creditRecalculation');
    expect([accepted.context.grant, accepted.context.grantStatement]).toEqual([undefined, undefined]);
  });
});
