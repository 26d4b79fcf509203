import {
  ChecklistItem,
  TrackChecklists,
  checklistFor,
  checklistStatus,
  trackChecklists,
} from '../../domain/document-checklist';
import { loadPolicy } from '../../app/config';
import { SHIPPED_POLICY_FILE } from '../helpers/fixtures';
import type { DocumentKind, DocumentVerdict } from '../../domain/document';

const verdict = (kind: DocumentKind, accepted: boolean, sha = kind.slice(0, 1)): DocumentVerdict => ({
  sha256: sha.padEnd(64, '0'),
  kind,
  accepted,
  reasons: accepted ? [] : [{ rule: 'english_text', passed: false, message: `${kind} refused` }],
  checkedWith: '2022-2023.1',
});

// The checklists are policy data: these tests read them from the shipped policy file.
const CHECKLISTS = trackChecklists(loadPolicy(SHIPPED_POLICY_FILE));

describe('checklists per track', () => {
  it("the shipped policy's checklists are valid", () => {
    expect(TrackChecklists.parse(CHECKLISTS)).toEqual(CHECKLISTS);
  });

  it('asks self-funded and Erasmus+ students for an English certificate only when needed', () => {
    expect(checklistFor('self_funded', {}, CHECKLISTS).map((i) => i.id)).toEqual([
      'transcript',
      'passport_scan',
    ]);
    expect(
      checklistFor('erasmus', { english_certificate_needed: true }, CHECKLISTS).map((i) => i.id),
    ).toEqual(['transcript', 'passport_scan', 'english_evidence']);
  });

  it('asks MSHE students for the 072/u certificate and the paper folder', () => {
    expect(checklistFor('mshe', {}, CHECKLISTS).map((i) => i.id)).toEqual([
      'application_form',
      'transcript',
      'passport_scan',
      'english_evidence',
      'medical_certificate_072u',
      'paper_folder',
      'social_priority',
    ]);
    expect(CHECKLISTS.mshe.filter((i) => i.optional).map((i) => i.id)).toEqual(['social_priority']);
  });

  it('is complete without the optional items, whatever their state', () => {
    const items: ChecklistItem[] = [
      ChecklistItem.parse({ id: 'transcript', label: 'transcript', anyOf: ['transcript'] }),
      ChecklistItem.parse({ id: 'extra', label: 'extra', anyOf: ['social_priority'], optional: true }),
    ];
    const accepted: DocumentVerdict = {
      sha256: 'a'.repeat(64),
      kind: 'transcript',
      accepted: true,
      reasons: [],
      checkedWith: 'x',
    };
    const extra: DocumentVerdict = {
      ...accepted,
      sha256: 'b'.repeat(64),
      kind: 'social_priority',
      accepted: false,
    };
    expect(checklistStatus(items, [accepted]).complete).toBe(true);
    expect(checklistStatus(items, [accepted, extra]).complete).toBe(true);
    expect(checklistStatus(items, [extra]).complete).toBe(false);
  });

  it('refuses an item that nothing could satisfy', () => {
    expect(ChecklistItem.safeParse({ id: 'x', label: 'x' }).success).toBe(false);
  });
});

describe('checklistStatus', () => {
  const mshe = checklistFor('mshe', {}, CHECKLISTS);
  const status = (verdicts: DocumentVerdict[], confirmed: string[] = []) =>
    Object.fromEntries(checklistStatus(mshe, verdicts, confirmed).lines.map((l) => [l.id, l.status]));

  it('starts with everything missing', () => {
    const result = checklistStatus(mshe, []);
    expect(result.complete).toBe(false);
    expect(new Set(result.lines.map((l) => l.status))).toEqual(new Set(['missing']));
  });

  it('accepts either the IELTS or the SNSS certificate as English evidence', () => {
    expect(status([verdict('ielts_certificate', true)]).english_evidence).toBe('accepted');
    expect(status([verdict('english_certificate', true)]).english_evidence).toBe('accepted');
    expect(
      status([verdict('ielts_certificate', false), verdict('english_certificate', true)]).english_evidence,
    ).toBe('accepted');
  });

  it('shows a refused document with its reasons, and the resubmission replaces it', () => {
    const refused = checklistStatus(mshe, [verdict('transcript', false, '1')]);
    expect(refused.lines.find((l) => l.id === 'transcript')).toMatchObject({
      status: 'refused',
      reasons: ['transcript refused'],
    });
    const resubmitted = [verdict('transcript', false, '1'), verdict('transcript', true, '2')];
    expect(status(resubmitted).transcript).toBe('accepted');
    expect(status([...resubmitted, verdict('transcript', false, '3')]).transcript).toBe('refused');
  });

  it('is complete only when every document is accepted and staff confirmed the paper folder', () => {
    const all = mshe.flatMap((i) => i.anyOf.slice(0, 1)).map((k) => verdict(k, true));
    expect(checklistStatus(mshe, all).complete).toBe(false);
    expect(status(all).paper_folder).toBe('missing');
    expect(checklistStatus(mshe, all, ['paper_folder']).complete).toBe(true);
  });

  it('takes bare kinds as one-kind items', () => {
    const result = checklistStatus(['transcript', 'passport_scan'], [verdict('passport_scan', true)]);
    expect(result.lines.map((l) => [l.id, l.status])).toEqual([
      ['transcript', 'missing'],
      ['passport_scan', 'accepted'],
    ]);
  });
});
