import type { OutboxRecord } from '../../stores/outbox';
import { sqlOutbox } from '../../stores/sql-outbox';
import { ENGINES, useFreshDatabase } from './databases';

const message = (caseId: string, n: number, over: Partial<OutboxRecord> = {}): OutboxRecord => ({
  key: `${caseId}/m${n}`,
  caseId,
  messageId: `<${caseId}.m${n}@mobility.kbtu.kz>`,
  template: 'caseOpened',
  to: 'student',
  address: 'aruzhan@student.kbtu.kz',
  subject: `Message ${n}`,
  language: 'en',
  state: 'prepared',
  attempts: 0,
  error: null,
  unconfirmed: false,
  updatedAt: new Date(Date.UTC(2026, 11, 2, 3, 0, n)).toISOString(),
  ...over,
});

describe.each(ENGINES)('the mail outbox on %s', (engine) => {
  const database = useFreshDatabase(engine);

  test('the last put of a key wins; a second connection reads it at once; unknown keys are undefined', async () => {
    const outbox = sqlOutbox(database().db);
    const first = message('outgoing-a', 1);
    await outbox.put(first);
    const handed = { ...first, state: 'handed' as const, attempts: 1 };
    await outbox.put(handed);
    const sent = { ...handed, state: 'sent' as const, unconfirmed: true, error: 'connection reset' };
    await outbox.put(sent);

    expect(await outbox.get(first.key)).toEqual(sent);
    const other = await database().reopen();
    try {
      expect(await sqlOutbox(other.db).get(first.key)).toEqual(sent);
    } finally {
      await other.close();
    }
    expect(await outbox.get('outgoing-a/none')).toBeUndefined();
  });

  test("byCase lists one case's messages once each, in key order, and no other case's", async () => {
    const outbox = sqlOutbox(database().db);
    for (const n of [3, 1, 2]) await outbox.put(message('outgoing-b', n));
    await outbox.put(message('outgoing-b', 2, { state: 'failed', error: '550 no such mailbox' }));
    await outbox.put(message('outgoing-bb', 1));

    const listed = await outbox.byCase('outgoing-b');
    expect(listed.map((r) => [r.key, r.state])).toEqual([
      ['outgoing-b/m1', 'prepared'],
      ['outgoing-b/m2', 'failed'],
      ['outgoing-b/m3', 'prepared'],
    ]);
    expect(await outbox.byCase('outgoing-none')).toEqual([]);
  });
});
