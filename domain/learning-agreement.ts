import type { Role } from './actor';
import type { IndividualCurriculum } from './curriculum-rules';

/**
 * The learning agreement, shaped after the Erasmus Without Paper `omobility-las` model so that an EWP
 * export can be a projection of it: the components studied at the partner and those recognised at KBTU,
 * a signature per party (student, sending and receiving institution), and every change kept as a new
 * version that says what it added and dropped and why.
 */
export interface AgreementComponent {
  code: string;
  title: string;
  /** In the institution's own credits: partner credits for studied components, KBTU ones for recognised. */
  credits: number;
}

/** EWP's three signers: the student, the sending institution (KBTU's dean's office), the receiving one. */
export type SigningParty = 'student' | 'sending' | 'receiving';
export const SIGNING_PARTIES: readonly SigningParty[] = ['student', 'sending', 'receiving'];

export interface AgreementSignature {
  party: SigningParty;
  signerId: string;
  role: Role;
  at: string;
}

/** A change during mobility (EWP `changesProposal`): partner courses added and dropped, and why. */
export interface AgreementChange {
  added: string[];
  dropped: string[];
  reason: string;
  proposedBy: string;
  proposedAt: string;
}

export interface LearningAgreement {
  version: number;
  studied: AgreementComponent[];
  recognised: AgreementComponent[];
  /** The KBTU courses the plan leaves to retake, so each version states what the student loses. */
  retakes: string[];
  /** Null for the first version, agreed before departure. */
  change: AgreementChange | null;
  signatures: AgreementSignature[];
}

/** Who signs for which party; a role that signs for none is not a signer. */
export function partyOf(role: Role): SigningParty | null {
  if (role === 'student') return 'student';
  if (role === 'dean_office') return 'sending';
  if (role === 'partner') return 'receiving';
  return null;
}

/** The parties a version needs: the first all three; a change the two institutions (DOMAIN.md). */
export const partiesNeeded = (la: LearningAgreement): readonly SigningParty[] =>
  la.change ? ['sending', 'receiving'] : SIGNING_PARTIES;

export const signedBy = (la: LearningAgreement, party: SigningParty) =>
  la.signatures.some((s) => s.party === party);

export const fullySigned = (la: LearningAgreement) => partiesNeeded(la).every((p) => signedBy(la, p));

/** The components an individual curriculum puts into an agreement: matched courses on both sides. */
export function agreementOf(
  plan: IndividualCurriculum,
  version: number,
  change: AgreementChange | null,
): LearningAgreement {
  const lines = plan.lines.filter((l) => l.partner.length > 0);
  return {
    version,
    studied: lines.flatMap((l) => l.partner.map(({ code, title, credits }) => ({ code, title, credits }))),
    recognised: lines.map(({ kbtu: { code, title, credits } }) => ({ code, title, credits })),
    retakes: plan.retakes.map((r) => r.code),
    change,
    signatures: [],
  };
}

/** What a new plan changes in the partner courses of the agreement in force. */
export function changeBetween(
  current: LearningAgreement,
  next: IndividualCurriculum,
): { added: string[]; dropped: string[] } {
  const before = new Set(current.studied.map((c) => c.code));
  const after = new Set(next.lines.flatMap((l) => l.partner.map((p) => p.code)));
  return {
    added: [...after].filter((c) => !before.has(c)),
    dropped: [...before].filter((c) => !after.has(c)),
  };
}
