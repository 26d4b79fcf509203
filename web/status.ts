const KIND_STATUS: Record<string, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unavailable: 503,
};

/** The HTTP status of an error: a case's refusal by its kind (as the API maps it), else its own code. */
export function statusOf(err: unknown): number {
  const kind = (err as { kind?: string }).kind;
  if (kind && KIND_STATUS[kind]) return KIND_STATUS[kind]!;
  const code = (err as { statusCode?: number }).statusCode;
  return code && code >= 400 && code < 600 ? code : 500;
}
