import { IncomingClient } from '../../client/incoming';
import type { Actor } from '../../domain/actor';
import type { DocumentKind } from '../../domain/document';
import { makeJpeg, makeTextPdf } from '../documents/fixtures';
import { startTimeSkippingHarness, type Harness, type HarnessOptions } from '../helpers/harness';
import { nomination, POLICY, SEED_AGREEMENTS } from './support';

export const DI: Actor = { id: 'di-officer-1', role: 'di_officer' };
export const SITE_DEAN: Actor = { id: 'dean-site-1', role: 'dean_office', school: 'SITE' };
const PARTNER: Actor = { id: 'tum', role: 'partner' };

/**
 * Takes incoming cases through the real workflow as its people would, on a harness and client a test
 * file starts in `beforeAll` (hence the getter).
 */
export function incomingDriver(on: () => { h: Harness; client: IncomingClient }) {
  /** Stores real bytes the way an upload does, then attaches them to the case as `actor`. */
  async function attach(caseId: string, kind: DocumentKind, bytes: Uint8Array, actor: Actor) {
    const { h, client } = on();
    const stored = await h.documents.storeDocument({
      bytes,
      kind,
      originalName: `${kind}.pdf`,
      uploadedBy: actor,
      uploadedAt: new Date(await h.env.currentTimeMs()).toISOString(),
    });
    if (!stored.ok) throw new Error(stored.refusal.message);
    const { sha256, size, mediaType, originalName } = stored.document;
    const document = { sha256, size, mediaType, originalName, kind };
    return client.act(caseId, { type: 'ATTACH_DOCUMENT', actor, document });
  }

  /** A nominated student of TUM taken to a complete application: the one-month promise starts. */
  async function completeApplication(citizenship: string) {
    const { client } = on();
    const n = nomination({ citizenship });
    const { caseId } = await client.nominate(n);
    const student: Actor = { id: n.student.partnerStudentId, role: 'student' };
    await client.act(caseId, { type: 'SEND_DISCIPLINES_LIST', actor: DI });
    const form = await makeTextPdf(['Application form', n.student.familyName]);
    await attach(caseId, 'application_form', form, student);
    await attach(caseId, 'passport_scan', makeJpeg(1400, 1000), student);
    await attach(
      caseId,
      'learning_agreement',
      await makeTextPdf(['Learning agreement', 'CSCI2106']),
      student,
    );
    await client.act(caseId, {
      type: 'PROPOSE_LEARNING_AGREEMENT',
      actor: PARTNER,
      courses: ['CSCI2106', 'CSCI3301'],
    });
    const done = await client.act(caseId, {
      type: 'AGREE_LEARNING_AGREEMENT',
      actor: SITE_DEAN,
      school: 'SITE',
    });
    if (done.stage !== 'invitations') throw new Error(`the application left ${caseId} at ${done.stage}`);
    return { caseId, n, student, view: await client.get(caseId) };
  }

  return { attach, completeApplication };
}

/** The time-skipping harness and an incoming client on it, under the shipped policy and agreements. */
export async function startIncomingHarness(opts: HarnessOptions = {}) {
  const h = await startTimeSkippingHarness(opts);
  const client = new IncomingClient(h.env.client, {
    taskQueue: h.taskQueue,
    policy: POLICY,
    agreements: SEED_AGREEMENTS,
    searchAttributes: false,
  });
  return { h, client };
}
