import { initialTransition, transition } from 'xstate';
import type { IncomingMachineEvent } from '../../machines/incoming-case/events';
import { incomingEffectsOf } from '../../machines/incoming-case/effects';
import { incomingCaseMachine } from '../../machines/incoming-case/machine';
import { validateIncomingEvent } from '../../machines/incoming-case/validate';
import { incomingActiveDeadlines } from '../../machines/incoming-case/view';
import { leafPaths } from '../../machines/shared/declared';
import { AT, ev, inputOf, letterIssued, nomination, run, start, toComplete, type Snap } from './support';

const SYSTEM = { id: 'mobility-system', role: 'system' } as const;
const complete = (s: Snap) => run(s, toComplete());
const letterState = (s: Snap) => leafPaths(s.value).find((p) => p.startsWith('open.invitations.letter'));
/** The effects one event asks for, as the workflow reads them off the transition. */
const effectsOf = (s: Snap, e: IncomingMachineEvent) => {
  const [next, actions] = transition(incomingCaseMachine, s, e);
  return { next, effects: incomingEffectsOf(actions, e, next.context) };
};

describe("KBTU's invitation letter, kept as a case document (machine version 2)", () => {
  test('sending makes the PDF first: the student is told only once it is stored, and the case keeps its hash', () => {
    const s = complete(start(nomination({ citizenship: 'DE' })));
    expect(s.context.machineVersion).toBe(2);
    const sent = effectsOf(s, ev(s, 'SEND_INVITATION_LETTER', 'di_officer'));
    expect(letterState(sent.next)).toBe('open.invitations.letter.issuing');
    expect(sent.effects).toContainEqual({ type: 'issueInvitationLetter' });
    expect(sent.effects.filter((e) => e.type === 'notify')).toEqual([]);
    expect(sent.next.context.invitationLetterSentAt).toBe(AT);
    // While the letter is made, DI is not asked to send it again.
    expect(
      validateIncomingEvent(
        sent.next,
        { type: 'SEND_INVITATION_LETTER', actor: { id: 'd', role: 'di_officer' } },
        AT,
      )?.type,
    ).toBe('ActionNotAllowed');

    const issued = effectsOf(sent.next, letterIssued());
    expect(letterState(issued.next)).toBe('open.invitations.letter.sent');
    expect(issued.next.context.invitationLetterSha256).toBe('e'.repeat(64));
    expect(issued.effects).toContainEqual({
      type: 'notify',
      template: 'incomingInvitationLetter',
      to: 'student',
    });
    expect(incomingActiveDeadlines(issued.next).map((d) => d.id)).toEqual(['migrationInvitation']);
  });

  test('a letter that cannot be made leaves it awaited: the deadline is watched again and DI sends again', () => {
    const s = complete(start(nomination({ citizenship: 'KG', partnerId: 'knu' })));
    const issuing = run(s, [(x) => [ev(x, 'SEND_INVITATION_LETTER', 'di_officer')]]);
    expect(incomingActiveDeadlines(issuing)).toEqual([]);
    const failed = run(issuing, [{ type: 'INVITATION_LETTER_FAILED', actor: SYSTEM, reason: 'store down' }]);
    expect(letterState(failed)).toBe('open.invitations.letter.pending');
    expect(incomingActiveDeadlines(failed).map((d) => d.id)).toEqual(['invitationLetter']);
    expect(failed.context.invitationLetterSha256).toBeNull();
    const again = run(failed, [(x) => [ev(x, 'SEND_INVITATION_LETTER', 'di_officer')], letterIssued()]);
    expect(leafPaths(again.value)).toEqual(['open.arrival']);
  });

  test('only the workflow reports the letter made', () => {
    const s = run(complete(start()), [(x) => [ev(x, 'SEND_INVITATION_LETTER', 'di_officer')]]);
    const forged = { ...letterIssued(), actor: { id: 'd', role: 'di_officer' } } as IncomingMachineEvent;
    expect(s.can(forged)).toBe(false);
  });

  test('a version-1 case records the letter as sent, with no document, as it always did', () => {
    const input = { ...inputOf(nomination({ citizenship: 'DE' })), machineVersion: 1 };
    const s = complete(initialTransition(incomingCaseMachine, input)[0]);
    const sent = effectsOf(s, ev(s, 'SEND_INVITATION_LETTER', 'di_officer'));
    expect(letterState(sent.next)).toBe('open.invitations.letter.sent');
    expect(sent.effects.map((e) => e.type)).not.toContain('issueInvitationLetter');
    expect(sent.effects).toContainEqual({
      type: 'notify',
      template: 'incomingInvitationLetter',
      to: 'student',
    });
    expect(sent.next.context.invitationLetterSha256).toBeNull();
  });
});
