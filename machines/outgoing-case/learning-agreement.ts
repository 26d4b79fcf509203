import type { IndividualCurriculum } from '../../domain/curriculum-rules';
import type { FieldIssue } from '../../domain/issues';
import {
  agreementOf,
  changeBetween,
  fullySigned,
  partiesNeeded,
  partyOf,
  signedBy,
  type LearningAgreement,
} from '../../domain/learning-agreement';
import { evaluatedPlan, type Outcome } from './after-selection';
import type { OutgoingCaseContext } from './context';
import type { MachineEvent } from './events';

/**
 * Version 6: the learning agreement is data on the case. Agreeing the individual curriculum makes its
 * first version; the student, the dean's office and the partner sign it, each for their party; a change
 * during mobility is a new plan the two institutions sign, after which the curriculum and the retake
 * list are the new plan's. Older cases keep DI's single recorded signature and the dean's lone consent.
 */
export const keepsLearningAgreement = (c: OutgoingCaseContext) => (c.machineVersion ?? 1) >= 6;

/** The version in force: the latest one every needed party signed, or the first while it is signed. */
export const agreementInForce = (c: OutgoingCaseContext): LearningAgreement | undefined =>
  c.learningAgreements?.at(-1);

/** The version waiting for signatures: a proposed change, else the first version until it is signed. */
export function agreementToSign(c: OutgoingCaseContext): LearningAgreement | undefined {
  if (c.learningAgreementChange) return c.learningAgreementChange.agreement;
  const current = agreementInForce(c);
  return current && !fullySigned(current) ? current : undefined;
}

const at = (e: MachineEvent) => ('at' in e && typeof e.at === 'string' ? e.at : '');

/** Why this actor cannot sign the version waiting for signatures, or null when they can. */
export function signatureProblem(c: OutgoingCaseContext, e: MachineEvent): FieldIssue | null {
  const la = agreementToSign(c);
  const party = partyOf(e.actor.role);
  if (!la) return { path: 'type', message: 'no version of the learning agreement waits for signatures' };
  if (!party || !partiesNeeded(la).includes(party))
    return {
      path: 'actor',
      message: `version ${la.version} is signed by ${partiesNeeded(la).join(', ')}; a ${e.actor.role} signs for none of them`,
    };
  if (signedBy(la, party)) {
    const s = la.signatures.find((x) => x.party === party)!;
    return {
      path: 'actor',
      message: `version ${la.version} is already signed for the ${party} party by ${s.signerId} at ${s.at}`,
    };
  }
  if (
    party === 'receiving' &&
    !c.documents.some((d) => d.document.kind === 'learning_agreement' && d.verdict.accepted)
  )
    return {
      path: 'type',
      message:
        "the partner signs on its own template: upload the partner's learning agreement document (kind learning_agreement) first",
    };
  return null;
}

/** The version with this actor's signature added. */
export function withSignature(la: LearningAgreement, e: MachineEvent): LearningAgreement {
  const party = partyOf(e.actor.role)!;
  return {
    ...la,
    signatures: [...la.signatures, { party, signerId: e.actor.id, role: e.actor.role, at: at(e) }],
  };
}

/** A change during mobility: the new plan against the agreement in force, or why it is refused. */
export function proposedChange(
  c: OutgoingCaseContext,
  e: MachineEvent,
): Outcome<{ plan: IndividualCurriculum; agreement: LearningAgreement } | null> {
  if (e.type !== 'REQUEST_LEARNING_AGREEMENT_CHANGE' || !keepsLearningAgreement(c))
    return { ok: true, value: null };
  const current = agreementInForce(c);
  const plan0 = c.individualCurriculum;
  if (!current || !plan0)
    return {
      ok: false,
      problems: [{ path: 'matches', message: 'the case has no learning agreement to change' }],
    };
  if (!e.matches)
    return {
      ok: false,
      problems: [
        {
          path: 'matches',
          message: 'a change states the whole new plan: the matches, KBTU course to partner courses',
        },
      ],
    };
  const plan = evaluatedPlan(c, plan0.programme, plan0.semester, e.matches, e.facts);
  if (!plan.ok) return plan;
  const { added, dropped } = changeBetween(current, plan.value);
  if (added.length === 0 && dropped.length === 0)
    return {
      ok: false,
      problems: [
        { path: 'matches', message: `the plan takes the same partner courses as version ${current.version}` },
      ],
    };
  const change = { added, dropped, reason: e.reason, proposedBy: e.actor.id, proposedAt: at(e) };
  return {
    ok: true,
    value: { plan: plan.value, agreement: agreementOf(plan.value, current.version + 1, change) },
  };
}

/** The context with this actor's signature on the version waiting for it. */
export function signed(c: OutgoingCaseContext, e: MachineEvent): Partial<OutgoingCaseContext> {
  const change = c.learningAgreementChange;
  if (change)
    return { learningAgreementChange: { ...change, agreement: withSignature(change.agreement, e) } };
  const versions = c.learningAgreements ?? [];
  const current = versions.at(-1);
  return current ? { learningAgreements: [...versions.slice(0, -1), withSignature(current, e)] } : {};
}

/** Both institutions signed the change: it is the agreement in force, and its plan the curriculum. */
export function adopted(c: OutgoingCaseContext): Partial<OutgoingCaseContext> {
  const change = c.learningAgreementChange;
  if (!change) return {};
  return {
    learningAgreements: [...(c.learningAgreements ?? []), change.agreement],
    individualCurriculum: change.plan,
    learningAgreementChange: null,
  };
}

export const firstVersionSigned = (c: OutgoingCaseContext) => {
  const current = agreementInForce(c);
  return !c.learningAgreementChange && current !== undefined && fullySigned(current);
};
export const changeSigned = (c: OutgoingCaseContext) =>
  c.learningAgreementChange != null && fullySigned(c.learningAgreementChange.agreement);
