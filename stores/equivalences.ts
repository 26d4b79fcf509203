import { join } from 'node:path';
import { z } from 'zod';
import { Equivalence } from '../domain/curriculum';
import { readJsonFile, serialiser, writeJsonAtomic } from './json-file';

/**
 * The course-equivalence register: every match a dean's office approved, per partner, so the next
 * student going there is offered it. Recording the same case's matches again changes nothing.
 */
export interface EquivalenceStore {
  record(entries: Equivalence[]): Promise<void>;
  /** The partner's approved matches, newest first; for one programme when given. */
  forPartner(partnerId: string, programme?: string): Promise<Equivalence[]>;
}

const EquivalencesFile = z.object({ version: z.literal(1), entries: z.array(Equivalence) });

const same = (a: Equivalence, b: Equivalence) =>
  a.caseId === b.caseId && a.partnerId === b.partnerId && a.kbtuCode === b.kbtuCode;

export function createFileEquivalenceStore({ file }: { file: string }): EquivalenceStore {
  const serialised = serialiser();
  const load = () =>
    readJsonFile(file, EquivalencesFile, 'equivalence register', { version: 1 as const, entries: [] });
  return {
    record(entries) {
      return serialised(async () => {
        const current = await load();
        const kept = current.entries.filter((e) => !entries.some((n) => same(e, n)));
        await writeJsonAtomic(file, { version: 1, entries: [...kept, ...entries] });
      });
    },
    async forPartner(partnerId, programme) {
      const { entries } = await load();
      return entries
        .filter((e) => e.partnerId === partnerId && (!programme || e.programme === programme))
        .sort((a, b) => b.approvedAt.localeCompare(a.approvedAt));
    },
  };
}

export const equivalencesFile = (dataDir: string) => join(dataDir, 'equivalences.json');
