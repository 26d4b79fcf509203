import { rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingClient } from '../../client/incoming';
import { documentsDir } from '../../stores/documents';
import type { Harness } from '../helpers/harness';
import { waitFor } from '../helpers/wait';
import { DI, incomingDriver, startIncomingHarness } from './driver';

/**
 * KBTU's invitation letter that cannot be made: the real workflow on the time-skipping server, the real
 * document store on disk, broken for real (its folder replaced by a file) while DI sends the letter.
 */

let h: Harness;
let client: IncomingClient;
beforeAll(async () => {
  ({ h, client } = await startIncomingHarness());
});
afterAll(async () => {
  await h?.teardown();
});

const { completeApplication } = incomingDriver(() => ({ h, client }));

test('the letter fails to be made: the case awaits DI again, the student is told nothing; sent once the store is back', async () => {
  const { caseId, n } = await completeApplication('KG');
  const folder = documentsDir(h.dataDir);
  await rename(folder, `${folder}.away`);
  await writeFile(folder, 'not a folder: every write below it fails');
  try {
    const sending = client.act(caseId, { type: 'SEND_INVITATION_LETTER', actor: DI });
    // The activity's ten attempts and their back-off, skipped a minute at a time.
    const [failed] = await waitFor('the letter reported failed', async () => {
      await h.env.sleep(60_000);
      const lines = (await client.history(caseId)).filter((l) => l.event === 'INVITATION_LETTER_FAILED');
      return lines.length > 0 ? lines : undefined;
    });
    expect(failed).toMatchObject({ actor: { role: 'system' }, reason: expect.stringContaining('ENOTDIR') });
    expect((await sending).states).toContain('open.invitations.letter.pending');
    const view = await client.get(caseId);
    expect(view.invitationLetter).toBeNull();
    expect(view.deadlines.map((d) => d.id)).toEqual(['invitationLetter']);
    expect(view.allowedActions.map((a) => a.type)).toContain('SEND_INVITATION_LETTER');
    const told = await h.inbox({ to: n.student.email });
    expect(told.map((m) => m.subject).filter((s) => /invitation/i.test(s))).toEqual([]);
  } finally {
    await rm(folder, { force: true });
    await rename(`${folder}.away`, folder);
  }

  const sent = await client.act(caseId, { type: 'SEND_INVITATION_LETTER', actor: DI });
  expect(sent.states).toEqual(['open.arrival']);
  const letter = (await client.get(caseId)).invitationLetter!;
  expect((await h.documentStore.get(letter.sha256!))?.subarray(0, 5).toString()).toBe('%PDF-');
  await h.waitForMail(n.student.email, 'KBTU: your invitation letter');
});
