import { z } from 'zod';
import { booleanOrText, numberOrText } from '../client/form';
import type { Actor } from '../domain/actor';
import { CaseEvent } from '../domain/events';
import { IncomingEvent } from '../domain/incoming';

/** One input of an action's form, as the event's zod schema describes the field. */
export interface FormField {
  name: string;
  input: 'text' | 'textarea' | 'number' | 'date' | 'list' | 'pairs' | 'checkbox';
  required: boolean;
  min?: number;
  max?: number;
  step?: number;
  pattern?: string;
  maxLength?: number;
  description?: string;
  /** A list of pairs (course and grade): the names of the pair's two parts, the second a number or not. */
  pair?: { key: string; value: string; numeric: boolean; list?: true };
}

interface JsonSchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/**
 * Fields the console never shows: the actor always comes from the token, the curricula facts from the
 * server's stores.
 */
const FILLED_IN = new Set(['type', 'actor', 'facts']);
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

function fieldOf(name: string, s: JsonSchema, required: boolean): FormField {
  const common = { name, required, ...(s.description ? { description: s.description } : {}) };
  switch (s.type) {
    case 'integer':
    case 'number':
      return {
        ...common,
        input: 'number',
        ...(s.minimum !== undefined ? { min: s.minimum } : {}),
        ...(s.maximum !== undefined ? { max: s.maximum } : {}),
        step: s.type === 'integer' ? 1 : 0.5,
      };
    case 'boolean':
      return { ...common, input: 'checkbox' };
    case 'array': {
      const [key, value] = Object.keys(s.items?.properties ?? {});
      if (s.items?.type === 'object' && key && value) {
        const valueType = s.items.properties![value]!.type ?? '';
        const numeric = ['number', 'integer'].includes(valueType);
        // A list as the second part (a KBTU course and the partner courses for it): `CSE2210 = IN0007 + IN0010`.
        const list = valueType === 'array' ? ({ list: true } as const) : {};
        return { ...common, input: 'pairs', pair: { key, value, numeric, ...list } };
      }
      return { ...common, input: 'list' };
    }
    default:
      if (s.pattern === DATE_PATTERN) return { ...common, input: 'date' };
      return {
        ...common,
        // A required free text (a reason) gets room to say why; an optional note a single line.
        input: required && (s.maxLength ?? 0) > 200 ? 'textarea' : 'text',
        ...(s.pattern ? { pattern: s.pattern } : {}),
        ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
      };
  }
}

/** An object of amounts (the spend per category) is one number input per amount, named `object.field`. */
function fieldsOf(name: string, s: JsonSchema, required: boolean): FormField[] {
  const amounts = Object.values(s.properties ?? {});
  if (
    s.type !== 'object' ||
    amounts.length === 0 ||
    amounts.some((p) => p.type !== 'integer' && p.type !== 'number')
  )
    return [fieldOf(name, s, required)];
  const inner = new Set(s.required ?? []);
  return Object.entries(s.properties!).map(([sub, p]) =>
    fieldOf(`${name}.${sub}`, p, required && inner.has(sub)),
  );
}

type EventOption = { shape: { type: { value: string } } } & z.ZodType;

/** The form of every event of a union, by its type. */
const formsOf = (options: readonly EventOption[]) =>
  new Map<string, FormField[]>(
    options.map((option) => {
      const schema = z.toJSONSchema(option, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {})
        .filter(([name]) => !FILLED_IN.has(name))
        .flatMap(([name, s]) => fieldsOf(name, s, required.has(name)))
        // What the action needs first; optional fields (the note) after.
        .sort((a, b) => Number(b.required) - Number(a.required));
      return [option.shape.type.value, fields];
    }),
  );

const FORMS = formsOf(CaseEvent.options as readonly EventOption[]);
const INCOMING_FORMS = formsOf(IncomingEvent.options as readonly EventOption[]);

/** The form of action `type`, generated from its event schema; undefined for an unknown action. */
export function actionForm(type: string): FormField[] | undefined {
  return FORMS.get(type);
}

/** The form of an incoming case's action `type`, from the incoming event schema. */
export function incomingActionForm(type: string): FormField[] | undefined {
  return INCOMING_FORMS.get(type);
}

/**
 * A comma that starts the next pair (`, FIN3102 = 88`); any other stays in its value: a decimal comma
 * (`IN0007 = 1,3`, as German transcripts write grades) or a list (`CSE2210 = IN0007, IN0010`).
 */
const NEXT_PAIR = /\n|,(?=[^,=:\n]*[=:])/;

/** `CSCI2106 = 95, FIN3102 = 88` (or one a line): each pair an object; a pair that does not read is refused. */
function pairsOf(text: string, pair: NonNullable<FormField['pair']>): unknown[] {
  return text
    .split(NEXT_PAIR)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [key, value] = item.split(/\s*[=:]\s*/, 2);
      const read = pair.list ? (value ?? '').split(/\s*[+,]\s*/).filter(Boolean) : value;
      return { [pair.key]: key, [pair.value]: pair.numeric ? numberOrText(value) : read };
    });
}

/**
 * The event a submitted form stands for. Text becomes a number, a list or a boolean only where it reads
 * cleanly as one; the event schema then refuses anything else naming the field. Empty optional fields are
 * left out. Fields that are not in the form are refused by the strict schema.
 */
export function eventFromForm(
  type: string,
  actor: Actor,
  body: Record<string, unknown>,
  formOf: (type: string) => FormField[] | undefined = actionForm,
): unknown {
  const fields = formOf(type) ?? [];
  const event: Record<string, unknown> = { type, actor };
  for (const [name, raw] of Object.entries(body)) {
    if (name.startsWith('_')) continue; // the console's own fields (the action's name, the CSRF token)
    const field = fields.find((f) => f.name === name);
    const text = typeof raw === 'string' ? raw : undefined;
    if (!field || text === undefined) {
      event[name] = raw;
      continue;
    }
    if (text.trim() === '' && field.input !== 'checkbox') continue;
    const [outer, inner] = name.split('.');
    const into = inner === undefined ? event : ((event[outer!] ??= {}) as Record<string, unknown>);
    into[inner ?? name] = valueOf(field, text);
  }
  return event;
}

function valueOf(field: FormField, text: string): unknown {
  if (field.input === 'number') return numberOrText(text);
  if (field.input === 'list')
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (field.input === 'pairs' && field.pair) return pairsOf(text, field.pair);
  if (field.input === 'checkbox') return text === 'on' ? true : booleanOrText(text);
  return text;
}
