/**
 * Values from a multipart form or a command line arrive as text. These turn the text into the type the
 * schema expects only where it reads cleanly as one; anything else is passed on as text, so the schema
 * refuses it naming the field (`ieltsScore: expected number`) instead of it becoming 0 or false.
 */
export function numberOrText(v: string | undefined): number | string | undefined {
  return v === undefined || v.trim() === '' || Number.isNaN(Number(v)) ? v : Number(v);
}

export function booleanOrText(v: string | undefined): boolean | string | undefined {
  return v === 'true' ? true : v === 'false' ? false : v;
}
