import fc from 'fast-check';
import type { CallPlace } from '../../domain/call';
import type { CallApplicant } from '../../domain/call-applicant';
import { allocate, options } from '../../machines/call/allocation';
import { applicant, arbApplicants, arbPlaces, CRITERIA, place } from './support';

const table = arbPlaces.chain((places) =>
  arbApplicants(places.map((p) => p.id)).map((applicants) => ({ places, applicants })),
);
const run = (places: CallPlace[], applicants: CallApplicant[]) => allocate({ places }, applicants, CRITERIA);

describe('allocation by rank (serial dictatorship), over random applicant sets and place tables', () => {
  test('never more selected than places in any pool; every applicant exactly one result', () => {
    fc.assert(
      fc.property(table, ({ places, applicants }) => {
        const results = run(places, applicants);
        expect(results.map((r) => r.caseId).sort()).toEqual(applicants.map((a) => a.caseId).sort());
        for (const p of places)
          expect(
            results.filter((r) => r.outcome === 'selected' && r.placeId === p.id).length,
          ).toBeLessThanOrEqual(p.places);
      }),
    );
  });

  test('deterministic: the same table in any order gives the same results', () => {
    fc.assert(
      fc.property(
        table.chain((t) =>
          fc
            .shuffledSubarray(t.applicants, { minLength: t.applicants.length })
            .map((s) => ({ ...t, shuffled: s })),
        ),
        ({ places, applicants, shuffled }) => {
          expect(run(places, shuffled)).toEqual(run(places, applicants));
        },
      ),
    );
  });

  test('ineligible applicants are never selected and have no rank; only selected ones hold a place', () => {
    fc.assert(
      fc.property(table, ({ places, applicants }) => {
        const results = run(places, applicants);
        for (const a of applicants.filter((x) => !x.eligible)) {
          const r = results.find((x) => x.caseId === a.caseId)!;
          expect([r.outcome, r.rank]).toEqual(['not_selected', null]);
        }
        for (const r of results) expect(r.placeId !== null).toBe(r.outcome === 'selected');
      }),
    );
  });

  test('nobody is displaced by a lower-ranked applicant for a place both want, and places fit the student', () => {
    fc.assert(
      fc.property(table, ({ places, applicants }) => {
        const results = run(places, applicants);
        const byCase = new Map(applicants.map((a) => [a.caseId, a]));
        for (const lower of results.filter((r) => r.outcome === 'selected')) {
          const l = byCase.get(lower.caseId)!;
          expect(options(l, places).map((p) => p.id)).toContain(lower.placeId);
          for (const higher of results.filter((r) => r.rank !== null && r.rank < lower.rank!)) {
            const opts = options(byCase.get(higher.caseId)!, places).map((p) => p.id);
            const wanted = opts.indexOf(lower.placeId!);
            if (wanted < 0) continue;
            // The higher-ranked one holds a place it prefers at least as much.
            expect(higher.outcome).toBe('selected');
            expect(opts.indexOf(higher.placeId!)).toBeLessThanOrEqual(wanted);
          }
        }
      }),
    );
  });

  test('the waitlist order is the rank order, numbered from 1', () => {
    fc.assert(
      fc.property(table, ({ places, applicants }) => {
        const waitlisted = run(places, applicants).filter((r) => r.outcome === 'waitlisted');
        expect(waitlisted.map((r) => r.waitlistPosition)).toEqual(waitlisted.map((_, i) => i + 1));
        const ranks = waitlisted.map((r) => r.rank!);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      }),
    );
  });
});

describe('allocation, explained', () => {
  test('10 MSHE Europe applicants for 8 places: 8 selected with the allowances, 2 waitlisted', () => {
    const allowances = { flight: 261375, accommodation: 928200, insurance: 53550, visa: 40800 };
    const europe = place('europe', 8, { kind: 'region', name: 'Europe', partnerId: undefined, allowances });
    const xs = Array.from({ length: 10 }, (_, i) => applicant({ gpa: 4 - i * 0.1 }));
    const results = allocate({ places: [europe] }, xs, CRITERIA);
    expect(results.filter((r) => r.outcome === 'selected')).toHaveLength(8);
    expect(results[0]).toMatchObject({ rank: 1, outcome: 'selected', placeName: 'Europe', allowances });
    expect(results[0]!.reason).toBe('selected for Europe at rank 1 (choice 1 of 1)');
    expect(results[8]).toMatchObject({ rank: 9, outcome: 'waitlisted', waitlistPosition: 1 });
    expect(results[8]!.reason).toBe('waitlisted at rank 9: Europe filled by higher-ranked applicants');
    expect(results[0]!.rankReason).toMatch(/^gpa: GPA 4, ahead of GPA 3.9/);
  });

  test('a second choice names the first that filled; a student no place takes is not selected', () => {
    const [tum, epfl] = [
      place('tum', 1, { name: 'TUM' }),
      place('epfl', 1, { name: 'EPFL', schools: ['SITE'] }),
    ];
    const first = applicant({ gpa: 4, preferences: ['tum'] });
    const second = applicant({ gpa: 3.5, preferences: ['tum', 'epfl'] });
    const bs = applicant({ gpa: 3.9, school: 'BS', preferences: ['epfl'] });
    const results = allocate({ places: [tum, epfl] }, [second, bs, first], CRITERIA);
    const of = (a: CallApplicant) => results.find((r) => r.caseId === a.caseId)!;
    expect(of(second).reason).toBe(
      'selected for EPFL at rank 3 (choice 2 of 2); TUM filled by higher-ranked applicants',
    );
    expect(of(bs)).toMatchObject({ outcome: 'not_selected', rank: 2 });
    expect(of(bs).reason).toMatch(
      /no place of the call takes a bachelor student of BS among the preferences given/,
    );
  });

  test("DI's override is served first and keeps the places binding", () => {
    const tum = place('tum', 1);
    const [a, b] = [applicant({ gpa: 4 }), applicant({ gpa: 3 })];
    const by = { id: 'aliya.di', role: 'di_officer' as const };
    const results = allocate({ places: [tum] }, [a, b], CRITERIA, {
      [b.caseId]: { outcome: 'selected', placeId: 'tum', by, reason: 'the partner asked for this student' },
    });
    expect(results.map((r) => [r.caseId, r.outcome])).toEqual([
      [a.caseId, 'waitlisted'],
      [b.caseId, 'selected'],
    ]);
    expect(results[1]!.overridden).toEqual({ by, reason: 'the partner asked for this student' });
  });
});
