import { UsageError } from './command';

/** `--set field=value` pairs as an action's fields: JSON where the value parses as JSON, text otherwise. */
function parseSet(pairs: string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--set ${pair}: expected field=value`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: keep the text as it is
    }
    fields[pair.slice(0, eq)] = value;
  }
  return fields;
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** The body of `POST /cases/{id}/actions`: the actor is the signed-in user, never part of it. */
export function buildEvent(type: string, v: Values) {
  return {
    ...parseSet((v.set as string[] | undefined) ?? []),
    type,
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    ...(v.note !== undefined ? { note: v.note } : {}),
  };
}
