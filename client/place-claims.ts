import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PartnerAgreement } from '../domain/agreement';
import type { NominationRequest } from '../domain/incoming';
import type { Policy } from '../domain/policy';
import type { IncomingCaseInput } from '../machines/incoming-case/context';
import { nominationRefusal, placesOf } from '../machines/incoming-case/nomination';
import type { PlaceClaim, PlaceClaimStore } from '../stores/place-claims';
import { invalidField } from '../machines/shared/refusal';
import * as sa from '../workflows/search-attributes';
import { CaseError, refusalError } from './errors';

/** A nomination checked and ready to start: the request, the case it opens and the place it takes. */
export interface CheckedNomination {
  request: NominationRequest;
  input: IncomingCaseInput;
  place: string;
  /** The partner's agreement, as it read when the nomination was checked. */
  agreement: PartnerAgreement;
}

/** Stages after which a case holds no place (as `placesTaken` counts them). */
export const ENDED_STAGES = ['withdrawn', 'cancelled', 'rejected'];

/**
 * A claim whose case does not exist may still be starting (the claim commits before the workflow starts);
 * only after this long is it taken for a start that failed without releasing it (a crash in between).
 */
const STARTING_GRACE_MS = 10 * 60_000;

export type Claimed = { ok: true; ids: number[] } | { ok: false; error: PlacesTaken };

/** The refusal of the nomination at `index` of a batch: its place was the last, and another took it. */
export class PlacesTaken extends CaseError {
  constructor(
    readonly index: number,
    refused: CaseError,
  ) {
    super(refused.kind, refused.message, refused.details);
  }
}

/**
 * Claims the places of `checked` in one transaction, all or none: two nominations for the last place
 * never both get it. Places are released lazily, when a claim finds the limit reached: the incoming
 * workflow does not call back when its case ends (that would change how recorded cases replay), so the
 * claim asks Temporal which claimed cases ended, or never started. `seen` counts each place's live cases
 * Temporal already lists, so cases opened before claims existed still take their places.
 */
export async function claimPlaces(
  deps: { temporal: Client; claims: PlaceClaimStore; policy: Policy },
  checked: readonly CheckedNomination[],
  seen: (partnerId: string, place: string) => Promise<number>,
  now: () => number = Date.now,
): Promise<Claimed> {
  const seeds = new Map<string, number>();
  for (const c of checked) {
    const key = `${c.input.partner.id}|${c.place}`;
    if (!seeds.has(key)) seeds.set(key, await seen(c.input.partner.id, c.place));
  }
  const outcome = await deps.claims.claim(
    checked.map((c) => ({
      partnerId: c.input.partner.id,
      place: c.place,
      caseId: c.input.caseId,
      limit: placesOf(c.request, c.agreement),
    })),
    {
      seed: (k) => seeds.get(`${k.partnerId}|${k.place}`) ?? 0,
      freed: (claims) => freedOf(deps.temporal, claims, now()),
    },
  );
  if (outcome.ok) return { ok: true, ids: outcome.claims };
  const c = checked[outcome.index]!;
  const refusal = nominationRefusal(c.request, deps.policy, c.agreement, outcome.taken);
  // The rule refuses at `taken`; should the agreement have changed in between, say so plainly.
  const error = refusalError(
    refusal ?? invalidField('semester', `all places of ${c.input.partner.id} for ${c.place} are taken`),
  );
  return { ok: false, error: new PlacesTaken(outcome.index, error) };
}

async function freedOf(temporal: Client, claims: PlaceClaim[], now: number): Promise<number[]> {
  const freed: number[] = [];
  for (const claim of claims) {
    try {
      const described = await temporal.workflow.getHandle(claim.caseId).describe();
      if (ENDED_STAGES.includes(described.typedSearchAttributes.get(sa.MobilityStage) ?? ''))
        freed.push(claim.id);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (now - Date.parse(claim.claimedAt) > STARTING_GRACE_MS) freed.push(claim.id);
    }
  }
  return freed;
}
