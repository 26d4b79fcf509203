import type { PartnerAgreement } from '../domain/agreement';
import { CaseError, invalidFields } from '../client/errors';
import type { AgreementStore } from '../stores/agreements';
import { readAgreementTable } from '../services/agreements';

export function formatAgreement(a: PartnerAgreement): string {
  const places = a.places.map((p) => `${p.term}/${p.degree} ${p.places}`).join(', ');
  return `${a.partnerId}  ${a.partnerName}  (${a.tracks.join(', ')}; schools ${a.schools.join(', ')}; places ${places}; ${a.contact.email})`;
}

/** `mobility agreements list|import FILE`: the partner agreements, validated whole before anything is kept. */
export async function runAgreementsCommand(
  args: string[],
  opts: { json: boolean; store: AgreementStore },
): Promise<number> {
  const [sub, file] = args;
  if (sub === 'list') {
    const all = await opts.store.list();
    console.log(
      opts.json ? JSON.stringify(all, null, 2) : all.map(formatAgreement).join('\n') || 'no agreements',
    );
    return 0;
  }
  if (sub === 'import' && file) {
    const read = await readAgreementTable(file);
    if ('issues' in read) throw invalidFields(`${file}: nothing imported`, read.issues);
    await opts.store.replaceAll(read.agreements);
    console.log(`imported ${read.agreements.length} agreement(s)`);
    return 0;
  }
  throw new CaseError(
    'invalid',
    'agreements: use "mobility agreements list" or "mobility agreements import FILE.json"',
  );
}
