import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IncomingClient } from '../../client/incoming';
import type { Actor } from '../../domain/actor';
import type { DocumentKind } from '../../domain/document';
import type { IncomingEvent } from '../../domain/incoming';
import { makeJpeg, makeTextPdf } from '../documents/fixtures';
import { startTimeSkippingHarness } from '../helpers/harness';
import { nomination, POLICY, SEED_AGREEMENTS } from '../incoming/support';
import { alreadyStored, runsOf, writeRuns } from './support/histories';

/**
 * Records incoming cases' histories for the replay test, as record-histories.ts does for outgoing ones
 * (`npx tsx test/replay/record-incoming.ts`; same rules: a new machine version records under a new prefix,
 * nothing stored is overwritten). Unprefixed `incoming-` histories are the incoming machine's version 1.
 */
const DAY = 24 * 60 * 60 * 1000;
const OUT = process.env.HISTORIES_OUT ?? join(__dirname, '..', 'fixtures', 'histories');
const PREFIX = process.env.HISTORIES_PREFIX ?? 'incoming-';
const DI: Actor = { id: 'di-officer-1', role: 'di_officer' };
const DEAN: Actor = { id: 'dean-site-1', role: 'dean_office', school: 'SITE' };
const REGISTRAR: Actor = { id: 'registrar-1', role: 'registrar' };
const TUM: Actor = { id: 'tum', role: 'partner' };

type Step = IncomingEvent | { upload: DocumentKind } | number;

async function main(): Promise<void> {
  const h = await startTimeSkippingHarness();
  const client = new IncomingClient(h.env.client, {
    taskQueue: h.taskQueue,
    policy: POLICY,
    agreements: SEED_AGREEMENTS,
    searchAttributes: false,
  });
  const bytes = async (kind: DocumentKind) =>
    kind === 'passport_scan' ? makeJpeg(1400, 1000) : makeTextPdf([kind.replace(/_/g, ' '), 'Anna Müller']);
  /** Nominates a TUM student of `citizenship` and takes the case through `steps` (a number sleeps that long). */
  const record = async (path: string, citizenship: string, steps: (student: Actor) => Step[]) => {
    const name = `${PREFIX}${path}`;
    if (await alreadyStored(OUT, name))
      return console.log(`kept ${name}: a stored history is never overwritten`);
    const n = nomination({ citizenship });
    const { caseId } = await client.nominate(n);
    for (const step of steps({ id: n.student.partnerStudentId, role: 'student' })) {
      if (typeof step === 'number') await h.env.sleep(step);
      else if ('upload' in step) {
        const stored = await h.documents.storeDocument({
          bytes: await bytes(step.upload),
          kind: step.upload,
          originalName: `${step.upload}.pdf`,
          uploadedBy: { id: n.student.partnerStudentId, role: 'student' },
          uploadedAt: new Date(await h.env.currentTimeMs()).toISOString(),
        });
        if (!stored.ok) throw new Error(stored.refusal.message);
        const { sha256, size, mediaType, originalName } = stored.document;
        const actor: Actor = { id: n.student.partnerStudentId, role: 'student' };
        const document = { sha256, size, mediaType, originalName, kind: step.upload };
        await client.act(caseId, { type: 'ATTACH_DOCUMENT', actor, document });
      } else await client.act(caseId, step);
    }
    await writeRuns(OUT, name, await runsOf(h.env.client, caseId));
  };
  const application: Step[] = [
    { type: 'SEND_DISCIPLINES_LIST', actor: DI },
    { upload: 'application_form' },
    { upload: 'passport_scan' },
    { upload: 'learning_agreement' },
    { type: 'PROPOSE_LEARNING_AGREEMENT', actor: TUM, courses: ['CSCI2106', 'CSCI3301'] },
    { type: 'AGREE_LEARNING_AGREEMENT', actor: DEAN, school: 'SITE' },
  ];
  const grades = [
    { course: 'CSCI2106', percent: 91 },
    { course: 'CSCI3301', percent: 78 },
  ];
  try {
    await mkdir(OUT, { recursive: true });
    await record('visa-free-closed', 'KG', () => [
      ...application,
      10 * DAY,
      { type: 'SEND_INVITATION_LETTER', actor: DI },
      { type: 'RECORD_ARRIVAL', actor: DI },
      { type: 'RECORD_GRADES', actor: REGISTRAR, grades },
      { type: 'SEND_TRANSCRIPT', actor: DI },
    ]);
    await record('visa-required-escalated', 'DE', () => [
      ...application,
      45 * DAY,
      { type: 'SEND_INVITATION_LETTER', actor: DI },
      { type: 'RECORD_MIGRATION_INVITATION', actor: DI, reference: 'MIG-2027-0042' },
    ]);
  } finally {
    await h.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
