import type { Actor } from '../../domain/actor';
import type { IncomingClient } from '../../client/incoming';
import type { Harness } from '../helpers/harness';
import { refusal } from '../helpers/refusal';
import { waitFor } from '../helpers/wait';
import { startRelay, type Relay } from '../notifications/relay';
import { startIncomingHarness } from './driver';
import { nomination } from './support';

/**
 * An incoming case's mail the relay refuses for good (a 550) stays on the case until DI resends it,
 * with a reason and, for the student, a corrected address that later mails use too. The real workflow
 * on the time-skipping server; a real SMTP relay in the test process.
 */

let relay: Relay;
let h: Harness;
let client: IncomingClient;
beforeAll(async () => {
  relay = await startRelay();
  ({ h, client } = await startIncomingHarness({ smtpPort: relay.port }));
});
afterAll(async () => {
  await h?.teardown();
  await relay?.close();
});

const DI: Actor = { id: 'di-officer-1', role: 'di_officer' };
const partner: Actor = { id: 'tum', role: 'partner' };
const resend = { type: 'RESEND_MESSAGE' as const, actor: DI, reason: 'the partner sent the right address' };

test("DI resends the student's refused mail to a corrected address; the case keeps it for later mails", async () => {
  const n = nomination({ citizenship: 'DE' });
  const wrong = n.student.email;
  const fixed = `fixed.${n.student.partnerStudentId.toLowerCase()}@example.edu`;
  relay.behave({
    refuse: (address) =>
      address === wrong ? { code: 550, message: '5.1.1 mailbox unavailable' } : undefined,
  });
  try {
    const { caseId } = await client.nominate(n);
    await client.act(caseId, { type: 'SEND_DISCIPLINES_LIST', actor: DI });
    const view = await waitFor('the refused mail on the case', async () => {
      const v = await client.get(caseId);
      return v.undelivered.length > 0 ? v : undefined;
    });
    expect(view.undelivered).toEqual([
      expect.objectContaining({ template: 'incomingDisciplinesList', to: 'student' }),
    ]);
    expect(view.undelivered[0]!.error).toContain('550');
    expect(view.allowedActions).toContainEqual({ type: 'RESEND_MESSAGE', roles: ['di_officer'] });
    const failed = (await client.history(caseId)).filter((l) => l.event === 'NOTIFICATION_FAILED');
    expect(failed).toHaveLength(1);
    const key = view.undelivered[0]!.key;

    // Not the partner's to resend; not a key the case holds; a partner's contact takes no address here.
    expect((await refusal(client.act(caseId, { ...resend, actor: partner, messageKey: key }))).kind).toBe(
      'forbidden',
    );
    const unknown = await refusal(client.act(caseId, { ...resend, messageKey: 'no-such-message' }));
    expect(unknown.details.issues).toEqual([expect.objectContaining({ path: 'messageKey' })]);

    const mark = relay.received.length;
    await client.act(caseId, { ...resend, messageKey: key, address: fixed });
    const resent = await waitFor('the resent mail', async () =>
      relay.received.slice(mark).find((m) => m.to.includes(fixed)),
    );
    expect(resent.text).toContain('CSCI2106');
    expect(resent.text).toContain(caseId);
    const after = await client.get(caseId);
    expect([after.undelivered, after.student.email]).toEqual([[], fixed]);
    expect(after.allowedActions.map((a) => a.type)).not.toContain('RESEND_MESSAGE');
    const line = (await client.history(caseId)).find((l) => l.event === 'RESEND_MESSAGE');
    expect(line).toMatchObject({
      actor: { role: 'di_officer' },
      reason: 'the partner sent the right address',
    });
    // Resent once: the key is no longer undelivered.
    const again = await refusal(client.act(caseId, { ...resend, messageKey: key }));
    expect(again.details.issues).toEqual([expect.objectContaining({ path: 'messageKey' })]);
  } finally {
    relay.behave({});
  }
});
