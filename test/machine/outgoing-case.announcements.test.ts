import { effectsOf, type Effect } from '../../machines/outgoing-case/effects';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { MACHINE_VERSION } from '../../machines/outgoing-case/machine';
import { before, forVersion, happyPath, recordFor } from './paths';
import { attach, ev, inputFor, recordRead, run, start, step, submit, type Combo, type Snap } from './support';

/**
 * Version 5 tells the student each step of the application. The `notify` actions are in every version's
 * machine; `effectsOf` turns them into mails only for a case of version 5 or later, so an older case's
 * recorded history (which never sent them) replays.
 */
const MSHE: Combo = ['mshe', 'state_grant'];
const SELF: Combo = ['self_funded', 'paid'];

const mailsOf = (snap: Snap, event: MachineEvent): Extract<Effect, { type: 'notify' }>[] => {
  const [next, actions] = step(snap, event);
  return effectsOf(actions, event, next.context).filter((e) => e.type === 'notify');
};
const at = (combo: Combo, version: number, events: readonly (MachineEvent | MachineEvent[])[]) =>
  run(start(combo, { ...inputFor(combo), machineVersion: version }), forVersion(events.flat(), version));
const templates = (mails: { template: string }[]) => mails.map((m) => m.template);

test('the shipped version is 6', () => expect(MACHINE_VERSION).toBe(6));

const path = happyPath(...MSHE);
const [upload, refusedCheck] = attach('passport_scan', { accepted: false, n: 7 });
const noEnglish = [submit(), recordRead(recordFor('state_grant', 'noEnglish'))];
const registered = [...noEnglish, ev('REGISTER_FOR_AUDITION', 'student')];
const CASES: [string, Combo, (MachineEvent | MachineEvent[])[], MachineEvent, string][] = [
  ['a submission', MSHE, [], submit(), 'applicationReceived'],
  [
    'the audition registration',
    SELF,
    noEnglish,
    ev('REGISTER_FOR_AUDITION', 'student'),
    'auditionRegistered',
  ],
  ['a passed audition', SELF, registered, ev('RECORD_AUDITION_PASSED', 'snss'), 'auditionPassed'],
  ['a refused document', MSHE, [submit(), upload!], refusedCheck!, 'documentRefused'],
  [
    'the nomination',
    MSHE,
    before(path, 'NOMINATE_TO_PARTNER'),
    path.find((e) => e.type === 'NOMINATE_TO_PARTNER')!,
    'nominatedToPartner',
  ],
  ['a withdrawal', SELF, [submit()], ev('WITHDRAW', 'student'), 'caseClosed'],
  ['a cancellation', SELF, before(happyPath(...SELF), 'DEPART'), ev('CANCEL', 'di_officer'), 'caseClosed'],
  [
    'the return',
    MSHE,
    before(path, 'END_MOBILITY'),
    path.find((e) => e.type === 'END_MOBILITY')!,
    'returnPapersDue',
  ],
];

describe.each(CASES)('%s', (_, combo, earlier, event, template) => {
  test.each([1, 2, 3, 4])('is not mailed by a case of version %i', (version) => {
    expect(templates(mailsOf(at(combo, version, earlier), event))).not.toContain(template);
  });
  test.each([5])('is mailed to the student once by a case of version %i', (version) => {
    const mails = mailsOf(at(combo, version, earlier), event).filter((m) => m.template === template);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('student');
  });
});

test('the fields: what is still needed, the refused file and its failed rule, the deadline announced', () => {
  const [received] = mailsOf(at(MSHE, 5, []), submit());
  expect(received!.data!.missing).toMatch(/^- .*: not received$/m);
  const refused = mailsOf(at(MSHE, 5, [submit(), upload!]), refusedCheck!).find(
    (m) => m.template === 'documentRefused',
  );
  expect(refused!.data!.reasons).toBe('- the PDF cannot be read');
  expect(refused!.data!.document).toContain('(passport scan)');
  expect(refused!.data!.missing).toMatch(/: refused \(the PDF cannot be read\)$/m);
  const back = mailsOf(
    at(MSHE, 5, before(path, 'END_MOBILITY')),
    path.find((e) => e.type === 'END_MOBILITY')!,
  );
  expect(back.find((m) => m.template === 'returnPapersDue')).toMatchObject({
    dueOf: 'returnDocuments',
    data: { financialReport: 'yes' },
  });
});

test('a closed case says whether the student withdrew', () => {
  const closed = (combo: Combo, earlier: MachineEvent[], event: MachineEvent) =>
    mailsOf(at(combo, 5, earlier), event).find((m) => m.template === 'caseClosed')?.data;
  expect(closed(SELF, [submit()], ev('WITHDRAW', 'student'))).toEqual({ withdrawn: 'yes' });
  expect(closed(SELF, [submit()], ev('CANCEL', 'di_officer'))).toEqual({ withdrawn: '' });
});

test('an accepted document and a failed audition send none of them (the rejection says why)', () => {
  const [ok, accepted] = attach('passport_scan');
  expect(templates(mailsOf(at(MSHE, 5, [submit(), ok!]), accepted!))).toEqual([]);
  const failed = mailsOf(at(SELF, 5, registered), ev('RECORD_AUDITION_FAILED', 'snss'));
  expect(templates(failed)).toEqual(['applicationRejected']);
});
