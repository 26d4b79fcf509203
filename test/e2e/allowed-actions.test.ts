import type { RunningSystem } from '../../app/system';
import type { FundingTrack } from '../../domain/case';
import type { CaseView } from '../../domain/case-view';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../domain/events';
import { studentOf } from '../helpers/fixtures';
import { actorInScope, STAFF_ROLES, wellFormedEvent } from '../helpers/events';
import { auditedTypeOf, drive, happyPath, isUpload } from '../helpers/paths';
import { startTestSystem, systemApplicants, testConfig } from '../helpers/system';

let system: RunningSystem;
let applicant: ReturnType<typeof systemApplicants>;
beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  applicant = systemApplicants(config, system);
});
afterAll(async () => {
  await system?.stop();
});

/** Every (type, role) the view offers that the case, asked the same moment, would refuse. */
async function offeredButRefused(view: CaseView): Promise<string[]> {
  const refused: string[] = [];
  for (const { type, roles } of view.allowedActions) {
    for (const role of roles) {
      const event = wellFormedEvent(view, type as CaseEventType, actorInScope(view, role));
      const why = await system.cases.refusal(view.caseId, event);
      if (why) refused.push(`${type} by ${role}: ${why.type} ${why.message}`);
    }
  }
  return refused;
}

/** Every (type, role) the view does not offer that the case would nonetheless accept. */
async function acceptedButNotOffered(view: CaseView, roles = STAFF_ROLES): Promise<string[]> {
  const accepted: string[] = [];
  for (const type of CASE_EVENT_TYPES) {
    const offered = view.allowedActions.find((a) => a.type === type)?.roles ?? [];
    for (const role of roles.filter((r) => !offered.includes(r))) {
      const event = wellFormedEvent(view, type, actorInScope(view, role));
      if ((await system.cases.refusal(view.caseId, event)) === null) accepted.push(`${type} by ${role}`);
    }
  }
  return accepted;
}

/**
 * A console that draws its buttons from `allowedActions` must never draw one the case then refuses: on the
 * dev server's live clock, the README tour, checked before every step.
 */
describe.each<[FundingTrack, 'state_grant' | 'paid', boolean]>([
  ['self_funded', 'paid', false],
  // The richest tour (paper folder, grant, financial report) also checks the converse at every stage.
  ['mshe', 'state_grant', true],
  ['erasmus', 'state_grant', false],
])('the tour of a %s case (%s)', (track, studyBasis, converse) => {
  test('offers every step before it is taken, and everything it offers is accepted', async () => {
    const request = await applicant(track, { studyBasis });
    const { caseId } = await system.cases.open(request);
    const steps = happyPath(track, studyBasis, studentOf(request));
    const checkedStages: string[] = [];
    for (const [i, step] of steps.entries()) {
      const view = await system.cases.get(caseId);
      const type = auditedTypeOf(step);
      const offered = view.allowedActions.find((a) => a.type === type);
      expect({ step: i, type, roles: offered?.roles ?? [] }).toEqual({
        step: i,
        type,
        roles: expect.arrayContaining([step.actor.role]),
      });
      expect({ step: i, type, refused: await offeredButRefused(view) }).toEqual({
        step: i,
        type,
        refused: [],
      });
      if (!isUpload(step)) expect(await system.cases.refusal(caseId, step)).toBeNull();
      // On entering each stage, the converse too: the case accepts nothing it does not offer (some 300
      // queries a stage, so on one tour).
      if (converse && !checkedStages.includes(view.stage)) {
        checkedStages.push(view.stage);
        expect({ stage: view.stage, accepted: await acceptedButNotOffered(view) }).toEqual({
          stage: view.stage,
          accepted: [],
        });
      }
      await drive(system.cases, caseId, [step]);
    }
    if (converse) {
      expect(checkedStages).toEqual([
        'application',
        'eligibilityReview',
        'competition',
        'placement',
        'preDeparture',
        'readyToDepart',
        'mobility',
        'return',
        'creditRecalculation',
      ]);
    }

    const closed = await system.cases.get(caseId);
    expect(closed).toMatchObject({ status: 'done', stage: 'closed', allowedActions: [] });
    // A query of a finished case replays its history: the two roles that act most, not all nine.
    expect(await acceptedButNotOffered(closed, ['student', 'di_officer'])).toEqual([]);
  }, 300_000);
});
