import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { CaseEvent, CASE_EVENT_TYPES } from '../../domain/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { historyPdf, toCsv } from '../../web/export';
import { CaseError } from '../../client/errors';
import { CaseFilter } from '../../client/listing';
import { INCOMING_EVENT_TYPES, IncomingEvent } from '../../domain/incoming';
import { actionForm, eventFromForm, incomingActionForm } from '../../web/forms';
import { nominationChoices, NOMINATION_FIELDS } from '../../web/nomination-form';
import { listCases } from '../../web/work';
import { AGREEMENTS } from '../incoming/support';
import { en } from '../../web/i18n/en';
import { ru } from '../../web/i18n/ru';
import { messages } from '../../web/i18n';
import { maySee, scopeFilter, type SignedIn } from '../../web/identity';
import { localPath } from '../../web/pages';
import { CookieSeal } from '../../web/session';
import { renderStatechart, stateBoxes } from '../../web/statechart';
import { GRANT_CATEGORIES } from '../../domain/grant';
import { formatInstant, instantFromLocalInput } from '../../web/time';

const di = { id: 'aliya', role: 'di_officer' } as const;

describe('action forms are generated from the event schemas', () => {
  test.each(CASE_EVENT_TYPES)('%s: every field of its schema, never the actor nor the facts', (type) => {
    const fields = actionForm(type)!;
    const option = CaseEvent.options.find((o) => o.shape.type.value === type)!;
    // The spend per category is one number input per category; the server fills the curricula facts.
    const shape = Object.keys(option.shape)
      .filter((k) => k !== 'type' && k !== 'actor' && k !== 'facts')
      .flatMap((k) => (k === 'spend' ? GRANT_CATEGORIES.map((c) => `spend.${c}`) : [k]));
    expect(fields.map((f) => f.name).sort()).toEqual(shape.sort());
  });

  test('a filled form becomes the event the schema accepts; the actor is the signed-in one', () => {
    const event = eventFromForm('AGREE_CURRICULUM', di, {
      _action: 'AGREE_CURRICULUM',
      creditsPlanned: '30',
      creditsRequired: '30',
      retakeCourses: 'CSE101, MATH201,',
      note: '',
    });
    expect(CaseEvent.parse(event)).toEqual({
      type: 'AGREE_CURRICULUM',
      actor: di,
      creditsPlanned: 30,
      creditsRequired: 30,
      retakeCourses: ['CSE101', 'MATH201'],
    });
    expect(
      CaseEvent.parse(eventFromForm('RECORD_IELTS', di, { score: '6.5', testDate: '2026-05-01' })),
    ).toMatchObject({
      score: 6.5,
      testDate: '2026-05-01',
    });
  });

  test('course matches and grades are typed as pairs; a match may name several partner courses', () => {
    const agreed = eventFromForm('AGREE_CURRICULUM', di, {
      programme: '6B06102',
      semester: '4',
      matches: 'CSE2210 = IN0007 + IN0010, HUM2010 = WZ1150',
    });
    expect(CaseEvent.parse(agreed)).toMatchObject({
      matches: [
        { kbtuCode: 'CSE2210', partnerCodes: ['IN0007', 'IN0010'] },
        { kbtuCode: 'HUM2010', partnerCodes: ['WZ1150'] },
      ],
    });
    const graded = eventFromForm('RECORD_PARTNER_TRANSCRIPT', di, { grades: 'IN0007 = 1.3\nWZ1150 = 2.3' });
    expect(CaseEvent.parse(graded)).toMatchObject({
      grades: [
        { partnerCode: 'IN0007', grade: '1.3' },
        { partnerCode: 'WZ1150', grade: '2.3' },
      ],
    });
  });

  test("a comma splits pairs only where the next pair begins: a German grade's decimal comma stays in it", () => {
    const graded = eventFromForm('RECORD_PARTNER_TRANSCRIPT', di, { grades: 'IN0007 = 1,3, IN0009 = 2,7' });
    expect(CaseEvent.parse(graded)).toMatchObject({
      grades: [
        { partnerCode: 'IN0007', grade: '1,3' },
        { partnerCode: 'IN0009', grade: '2,7' },
      ],
    });
    const agreed = eventFromForm('AGREE_CURRICULUM', di, {
      matches: 'CSE2210 = IN0007, IN0010, HUM2010 = WZ1150',
    });
    expect(CaseEvent.parse(agreed)).toMatchObject({
      matches: [
        { kbtuCode: 'CSE2210', partnerCodes: ['IN0007', 'IN0010'] },
        { kbtuCode: 'HUM2010', partnerCodes: ['WZ1150'] },
      ],
    });
  });

  test.each<[string, Record<string, string>, string]>([
    ['REJECT_APPLICATION', { reason: '' }, 'reason'],
    ['AGREE_CURRICULUM', { creditsPlanned: 'thirty', creditsRequired: '30' }, 'creditsPlanned'],
    ['RECORD_IELTS', { score: '6.3', testDate: '2026-05-01' }, 'score'],
    ['CONFIRM_ELIGIBILITY', { actor: 'vice_rector' }, 'actor'],
    ['CONFIRM_ELIGIBILITY', { extra: 'x' }, 'extra'],
  ])('%s with %j is refused naming %s', (type, body, field) => {
    const parsed = CaseEvent.safeParse(eventFromForm(type, di, body));
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) =>
      i.path.length ? i.path.join('.') : (i as { keys?: string[] }).keys?.join(','),
    );
    expect(paths.join(' ')).toContain(field);
  });

  test('a typed actor cannot replace the signed-in one', () => {
    const event = eventFromForm('CONFIRM_ELIGIBILITY', di, {}) as { actor: unknown };
    expect(event.actor).toEqual(di);
  });
});

describe('messages', () => {
  test('English and Russian have the same keys and placeholders', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect([key, holes(ru[key])]).toEqual([key, holes(en[key])]);
  });

  test('names of actions: Russian where known, readable English otherwise', () => {
    expect(messages('en').action('CONFIRM_ELIGIBILITY')).toBe('Confirm eligibility');
    expect(messages('en').action('WITHDRAW')).toBe('Withdraw');
    expect(messages('ru').action('WITHDRAW')).toBe('Отозвать заявку');
    expect(messages('ru').action('SOME_NEW_ACTION')).toBe('Some new action');
    expect(messages('ru').t('case.title', { caseId: 'x' })).toBe('Дело x');
  });
});

describe('times are Almaty time', () => {
  test.each([
    ['2026-03-01T12:00:00Z', 'en', '1 Mar 2026, 17:00 (+05:00)'],
    ['2024-02-29T12:00:00Z', 'en', '29 Feb 2024, 18:00 (+06:00)'],
    ['2026-12-31T19:30:00Z', 'en', '1 Jan 2027, 00:30 (+05:00)'],
  ])('%s reads %s', (iso, lang, text) => {
    expect(formatInstant(iso, 'Asia/Almaty', lang as 'en')).toBe(text);
  });

  test('a typed date-time is Almaty wall-clock time', () => {
    expect(instantFromLocalInput('2027-01-30T23:59', 'Asia/Almaty')).toBe(
      '2027-01-30T23:59:00.000+05:00'.replace('.000', ''),
    );
    expect(instantFromLocalInput('not a date', 'Asia/Almaty')).toBeNull();
  });
});

describe('the statechart is the machine', () => {
  const boxes = stateBoxes(outgoingCaseMachine);
  test('every state of the machine is a box, the current ones lit', () => {
    const html = renderStatechart(boxes, [
      'open.eligibilityReview.eligibility.assessed',
      'open.eligibilityReview.documents.incomplete',
    ]);
    const lit = [...html.matchAll(/data-state="([^"]+)" aria-current/g)].map((m) => m[1]);
    expect(lit).toEqual([
      'open',
      'open.eligibilityReview',
      'open.eligibilityReview.eligibility',
      'open.eligibilityReview.eligibility.assessed',
      'open.eligibilityReview.documents',
      'open.eligibilityReview.documents.incomplete',
    ]);
    const count = (b: typeof boxes): number => b.reduce((n, x) => n + 1 + count(x.children), 0);
    const all = (n: { states: object }): number =>
      Object.values(n.states).reduce((k: number, c) => k + 1 + all(c as { states: object }), 0);
    expect(count(boxes)).toBe(all(outgoingCaseMachine.root));
  });
});

describe('exports', () => {
  test('CSV cells are quoted and never run as formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', '=HYPERLINK("x")'],
          ['line\nbreak', '-1'],
        ],
      ),
    ).toBe('a,b\r\n"x,y","\'=HYPERLINK(""x"")"\r\n"line\nbreak",\'-1\r\n');
  });

  test('a PDF of a history opens, Cyrillic transliterated', async () => {
    const bytes = await historyPdf(
      'History of case outgoing-x-1',
      [
        {
          caseId: 'outgoing-x-1',
          subtitle: 'Әлия Сейтқали (1)',
          history: [
            {
              seq: 1,
              at: '2026-12-01T10:00:00Z',
              actor: di,
              event: 'OPEN_CASE',
              from: '(new)',
              to: 'open.application',
              reason: 'причина',
              note: null,
            },
          ],
        },
      ],
      'Asia/Almaty',
    );
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('History of case outgoing-x-1');
  });
});

describe('sessions and scope', () => {
  test('a sealed cookie opens only with its key, unchanged and unexpired', async () => {
    const key = randomBytes(32);
    const seal = new CookieSeal(key);
    const cookie = await seal.seal({ accessToken: 't' }, 60);
    expect(await seal.open(cookie)).toEqual({ accessToken: 't' });
    expect(await new CookieSeal(randomBytes(32)).open(cookie)).toBeNull();
    const flipped = cookie.slice(0, -3) + (cookie.endsWith('A') ? 'B' : 'A') + cookie.slice(-2);
    expect(await seal.open(flipped)).toBeNull();
    expect(await seal.open(await seal.seal({ accessToken: 't' }, -1))).toBeNull();
    expect(await seal.open(undefined)).toBeNull();
    // A cookie sealed for one name (the sign-in under way) does not open as another (the session).
    expect(
      await seal.open(await seal.seal({ accessToken: 't' }, 60, 'mobility_signin'), 'mobility_session'),
    ).toBeNull();
  });

  test.each([
    ['/console/cases/x', '/console/cases/x'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    [undefined, '/'],
  ])('returnTo %s goes to %s', (value, path) => {
    expect(localPath(value)).toBe(path);
  });

  const view = (studentId: string, school: string, partner: string | null) => ({
    context: { student: { id: studentId, school }, partner: partner ? { id: partner } : null },
  });
  const who = (role: SignedIn['actor']['role'], extra: Partial<SignedIn> = {}): SignedIn => ({
    actor: { id: extra.studentId ?? extra.partnerId ?? 'x', role },
    name: 'x',
    ...extra,
  });
  test.each<[SignedIn, ReturnType<typeof view>, boolean]>([
    [who('student', { studentId: '23B030112' }), view('23B030112', 'SITE', null), true],
    [who('student', { studentId: '23B030112' }), view('22B030418', 'SITE', null), false],
    [who('dean_office', { school: 'SITE' }), view('22B030418', 'SITE', null), true],
    [who('dean_office', { school: 'BS' }), view('22B030418', 'SITE', null), false],
    [who('partner', { partnerId: 'tum' }), view('1', 'SITE', 'tum'), true],
    [who('partner', { partnerId: 'tum' }), view('1', 'SITE', 'kaist'), false],
    [who('partner', { partnerId: 'tum' }), view('1', 'SITE', null), false],
    [who('auditor'), view('1', 'SITE', null), true],
    [who('di_officer'), view('1', 'BS', null), true],
  ])('%j sees %j: %s', (person, v, seen) => {
    expect(maySee(person, v)).toBe(seen);
  });

  test('a listing is pinned to the scope', () => {
    expect(scopeFilter(who('student', { studentId: '23B030112' }))).toEqual({ studentId: '23B030112' });
    expect(scopeFilter(who('dean_office', { school: 'SITE' }))).toEqual({ school: 'SITE' });
    expect(scopeFilter(who('auditor'))).toEqual({});
  });
});

describe('incoming action forms are generated from the incoming event schemas', () => {
  test.each(INCOMING_EVENT_TYPES)('%s: every field of its schema, never the actor', (type) => {
    const option = IncomingEvent.options.find((o) => o.shape.type.value === type)!;
    const shape = Object.keys(option.shape).filter((k) => k !== 'type' && k !== 'actor');
    expect(
      incomingActionForm(type)!
        .map((f) => f.name)
        .sort(),
    ).toEqual(shape.sort());
  });

  test('grades are typed as pairs, course = percent; one that does not read is refused naming it', () => {
    expect(incomingActionForm('RECORD_GRADES')![0]).toMatchObject({
      name: 'grades',
      input: 'pairs',
      pair: { key: 'course', value: 'percent', numeric: true },
    });
    const registrar = { id: 'gulnara', role: 'registrar' } as const;
    const form = (grades: string) =>
      IncomingEvent.safeParse(eventFromForm('RECORD_GRADES', registrar, { grades }, incomingActionForm));
    expect(form('CSCI2106 = 95, FIN3102: 81.5').data).toEqual({
      type: 'RECORD_GRADES',
      actor: registrar,
      grades: [
        { course: 'CSCI2106', percent: 95 },
        { course: 'FIN3102', percent: 81.5 },
      ],
    });
    expect(form('CSCI2106 = ninety').error!.issues[0]!.path).toEqual(['grades', 0, 'percent']);
    expect(form('CSCI2106').error!.issues[0]!.path).toEqual(['grades', 0, 'percent']);
  });

  test("the nomination form offers a partner's office its own agreement only, DI every partner", () => {
    const now = new Date('2026-12-03T10:00:00Z');
    const partner = nominationChoices(AGREEMENTS, { id: 'tum', role: 'partner' }, now);
    expect(partner.partnerId).toEqual([]);
    expect(partner.semester).toEqual(['2027-spring', '2027-fall', '2028-spring']);
    expect(partner.school).toEqual(['BS', 'FEOGI', 'ISE', 'KMA', 'SEOGI', 'SITE']);
    expect(nominationChoices(AGREEMENTS, di, now).partnerId).toEqual(expect.arrayContaining(['tum', 'knu']));
    expect(NOMINATION_FIELDS.map((f) => f.name)).toContain('passportNumber');
  });
});

test('a repeated filter of the case list is refused by the filter (a 4xx), not read into a crash', async () => {
  const page = async (filter: unknown) => {
    const parsed = CaseFilter.safeParse(filter);
    if (!parsed.success) throw new CaseError('invalid', parsed.error.message);
    return { items: [], next: null };
  };
  const cases = {
    page,
    list: async () => [],
    get: async () => {
      throw new Error('not asked');
    },
  };
  const who = { actor: di, name: 'Aliya' };
  await expect(listCases(cases, who, { stage: ['a', 'b'] })).rejects.toMatchObject({ kind: 'invalid' });
  await expect(listCases(cases, who, { stage: ' nominated ' })).resolves.toEqual({ items: [], next: null });
});
