import { CaseError } from '../../client/errors';

/** The CaseError a refused call ends with; anything else (success included) fails the test. */
export async function refusal(p: Promise<unknown>): Promise<CaseError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof CaseError)) throw new Error(`expected a CaseError, got ${String(err)}`);
  return err;
}
