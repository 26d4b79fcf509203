import type { Language } from '../domain/notification';

/**
 * Where one message stands. `prepared`: written before the relay is contacted, nothing handed over yet;
 * `handed`: the whole message is on the wire and only the end-of-data dot is missing (written before the
 * dot is sent, so the relay cannot have accepted a message still `prepared`); `sent`: the relay said 250;
 * `failed`: the relay refused it for good (5xx), or it has no address.
 */
export type DeliveryState = 'prepared' | 'handed' | 'sent' | 'failed';

export interface OutboxRecord {
  /** `<caseId>/<messageKey>`: one per message a case asks for. */
  key: string;
  caseId: string;
  messageId: string;
  template: string;
  to: string;
  address: string;
  subject: string;
  language: Language;
  state: DeliveryState;
  /** Attempts that reached the relay (every one with the same Message-ID). */
  attempts: number;
  /** The relay's refusal or the last transient error. */
  error: string | null;
  /** A `sent` record whose 250 the worker never saw: it died after handing the message over. */
  unconfirmed: boolean;
  updatedAt: string;
}

/**
 * The delivery record of every message, kept apart from the workflow so a retried activity, in any
 * worker process, knows what a crashed one already handed to the relay. `put` returns only once the
 * record is durable.
 */
export interface OutboxStore {
  get(key: string): Promise<OutboxRecord | undefined>;
  put(record: OutboxRecord): Promise<void>;
  byCase(caseId: string): Promise<OutboxRecord[]>;
}
