import type { PartnerAgreement, TermPlaces } from '../domain/agreement';
import { importAgreementFile } from '../services/agreements';
import { type CommandSpec, CliError, need } from './command';
import { seg } from './http';

export function formatAgreement(a: PartnerAgreement): string {
  const list = (places: TermPlaces[]) => places.map((p) => `${p.term}/${p.degree} ${p.places}`).join(', ');
  const incoming = a.incoming?.length ? `; incoming ${list(a.incoming)}` : '';
  return `${a.partnerId}  ${a.partnerName}  (${a.tracks.join(', ')}; schools ${a.schools.join(', ')}; places ${list(a.places)}${incoming}; ${a.contact.email})`;
}

/**
 * `mobility agreements …`: the partner agreements calls take their places from. They are read through
 * the API; the table is imported on this machine like the records, whole, into the project's database.
 */
export const AGREEMENT_COMMANDS: CommandSpec[] = [
  {
    name: 'agreements list',
    args: '',
    summary: 'the partner agreements: places per semester and level (both ways), schools, contact',
    options: {},
    example: 'mobility agreements list',
    via: 'api',
    run: async (ctx) => {
      const all = (await (await ctx.api()).get('/agreements')) as PartnerAgreement[];
      ctx.print(all, all.map(formatAgreement).join('\n') || 'no agreements');
      return 0;
    },
  },
  {
    name: 'agreements show',
    args: 'PARTNER_ID',
    summary: "one partner's agreement",
    options: {},
    example: 'mobility agreements show tum',
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, AGREEMENT_COMMANDS[1]!, 1);
      const a = (await (await ctx.api()).get(`/agreements/${seg(id!)}`)) as PartnerAgreement;
      ctx.print(a, formatAgreement(a));
      return 0;
    },
  },
  {
    name: 'agreements import',
    args: 'FILE.json',
    summary: 'replace the agreements table in the database (all agreements or none; every problem by path)',
    options: {},
    example: 'mobility agreements import seed/agreements.json',
    via: 'local',
    run: async (ctx) => {
      const [file] = need(ctx, AGREEMENT_COMMANDS[2]!, 1);
      const { store, where } = ctx.deps.agreements();
      const result = await importAgreementFile(store, file!);
      if ('issues' in result) {
        const lines = result.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');
        throw new CliError('invalid', `${file}: nothing imported\n${lines}`, { issues: result.issues });
      }
      const { imported } = result;
      ctx.print(
        { imported: imported.agreements, importId: imported.id, where },
        `imported ${imported.agreements} agreement(s) into ${where} (import ${imported.id})`,
      );
      return 0;
    },
  },
];
