import { CaseError } from '../../client/errors';
import { IncomingFilter, type IncomingSummary } from '../../client/incoming-listing';
import type { IncomingCaseView } from '../../domain/incoming';
import type { SignedIn } from '../../web/identity';
import { incomingWork, listIncoming, visibleIncoming, type IncomingCases } from '../../web/incoming';

/**
 * The incoming pages' reads without a server: the list's filter as the client receives it (the scope
 * put over what the form asks), "My work" from each case's allowed actions, a case out of scope not found.
 */
const view = (caseId: string, partner: string, school: string, actions: [string, string[]][]) =>
  ({
    caseId,
    partner: { id: partner, name: partner },
    school,
    student: { partnerStudentId: 'P1', name: 'Anna' },
    learningAgreement: null,
    allowedActions: actions.map(([type, roles]) => ({ type, roles })),
    deadlines: [],
  }) as unknown as IncomingCaseView;

const VIEWS = [
  view('incoming-tum-2027-spring-p1', 'tum', 'SITE', [
    ['SEND_DISCIPLINES_LIST', ['di_officer']],
    ['WITHDRAW', ['student', 'partner']],
  ]),
  view('incoming-knu-2027-spring-p2', 'knu', 'BS', [['PROPOSE_LEARNING_AGREEMENT', ['partner']]]),
];

function fake(): IncomingCases & { filters: unknown[] } {
  const filters: unknown[] = [];
  const page = async (filter: unknown) => {
    filters.push(filter);
    // The client's own check: what the console passes on is refused as the API refuses it.
    const parsed = IncomingFilter.safeParse(filter);
    if (!parsed.success) throw new CaseError('invalid', `invalid filter: ${parsed.error.message}`);
    const items = VIEWS.filter(
      (v) =>
        (!parsed.data.partnerId || v.partner.id === parsed.data.partnerId) &&
        (!parsed.data.school || v.school === parsed.data.school),
    ).map((v) => ({ caseId: v.caseId, openedAt: '2026-12-01T00:00:00Z' }) as IncomingSummary);
    return { items, next: null };
  };
  return {
    filters,
    page,
    list: async (filter) => (await page(filter)).items,
    get: async (caseId) => {
      const found = VIEWS.find((v) => v.caseId === caseId);
      if (!found) throw new CaseError('notFound', `no case ${caseId}`);
      return found;
    },
  };
}

const person = (actor: SignedIn['actor']): SignedIn => ({ actor, name: actor.id });
const TUM = person({ id: 'tum', role: 'partner' });
const DI = person({ id: 'aliya', role: 'di_officer' });
const BS = person({ id: 'bs', role: 'dean_office', school: 'BS' });

test("a partner's list is its own nominees, whatever partner the form asks for", async () => {
  const client = fake();
  const listed = await listIncoming(client, TUM, { partnerId: 'knu', stage: ' nominated ' });
  expect(client.filters[0]).toEqual({ stage: 'nominated', partnerId: 'tum' });
  expect(listed.items.map((s) => s.caseId)).toEqual(['incoming-tum-2027-spring-p1']);
  expect((await listIncoming(client, BS, { school: 'SITE' })).items.map((s) => s.caseId)).toEqual([
    'incoming-knu-2027-spring-p2',
  ]);
  expect(await listIncoming(client, person({ id: 'P1', role: 'student' }), {})).toEqual({
    items: [],
    next: null,
  });
  // The next page keeps the scope: the cursor goes with the same pinned filters.
  await listIncoming(client, TUM, { partnerId: 'knu', cursor: 'abc.def' });
  expect(client.filters.at(-1)).toEqual({ cursor: 'abc.def', partnerId: 'tum' });
});

test('a malformed filter is refused by the filter, as a 4xx: a repeated one, a visa that is no yes or no', async () => {
  await expect(listIncoming(fake(), DI, { stage: ['a', 'b'] })).rejects.toMatchObject({ kind: 'invalid' });
  await expect(listIncoming(fake(), DI, { visaRequired: 'maybe' })).rejects.toMatchObject({
    kind: 'invalid',
  });
});

test('My work: the incoming cases whose machine waits for the role now; ways out are no task', async () => {
  const now = new Date('2026-12-02T00:00:00Z');
  expect((await incomingWork(fake(), DI, now)).map((i) => [i.view.caseId, i.actions])).toEqual([
    ['incoming-tum-2027-spring-p1', ['SEND_DISCIPLINES_LIST']],
  ]);
  expect(await incomingWork(fake(), TUM, now)).toEqual([]);
  expect(await incomingWork(fake(), person({ id: 'audit', role: 'auditor' }), now)).toEqual([]);
});

test('a case out of scope reads as one that does not exist', async () => {
  await expect(visibleIncoming(fake(), TUM, 'incoming-knu-2027-spring-p2')).rejects.toMatchObject({
    kind: 'notFound',
  });
  await expect(visibleIncoming(fake(), BS, 'incoming-tum-2027-spring-p1')).rejects.toMatchObject({
    kind: 'notFound',
  });
  expect((await visibleIncoming(fake(), DI, 'incoming-tum-2027-spring-p1')).school).toBe('SITE');
});
