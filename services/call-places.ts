import type { PartnerAgreement } from '../domain/agreement';
import { formatInZone, termOfSemester, windowForSemester } from '../domain/calendar';
import type { CallPlace, OpenCallRequest } from '../domain/call';
import type { FieldIssue } from '../domain/issues';
import type { Policy } from '../domain/policy';

type Worked = { places: CallPlace[]; closesAt: string } | { issues: FieldIssue[] };

/**
 * The places a call allocates, worked out when it opens: for MSHE the regions' places with their
 * allowances (the ministry's allocation in the policy); for Erasmus+ one pool per partner for the schools
 * of its area that the call is announced to; for self-funded one pool per partner agreement and study
 * level, with the agreement's places for the semester. And when applications close: the call's own
 * date, or the end of the policy's window for the semester.
 */
export function workOutPlaces(
  req: OpenCallRequest,
  policy: Policy,
  agreements: readonly PartnerAgreement[],
): Worked {
  const tp = policy.tracks[req.track];
  const rule = `(policy ${policy.version})`;
  let closesAt = req.window?.closesAt;
  if (!closesAt) {
    const w = policy.applicationWindows.find(
      (x) => x.forSemester === termOfSemester(req.mobilitySemester).half,
    );
    if (!w)
      return { issues: [{ path: 'mobilitySemester', message: `the policy has no window for it ${rule}` }] };
    closesAt = formatInZone(
      policy.timeZone,
      windowForSemester(w, req.mobilitySemester, policy.timeZone).closesMs,
    );
  }
  if (tp.grantFunded) {
    const ids = req.regions ?? (req.region ? [req.region] : []);
    const places = ids.map((id): CallPlace => {
      const r = policy.mshe.regions.find((x) => x.id === id)!;
      return { id: r.id, kind: 'region', name: r.name, places: r.places, allowances: r.allowances };
    });
    return { places, closesAt };
  }
  const track = req.track as PartnerAgreement['tracks'][number];
  const term = termOfSemester(req.mobilitySemester).half;
  const issues: FieldIssue[] = [];
  const chosen = req.partners
    ? req.partners.flatMap((p, i) => {
        const a = agreements.find((x) => x.partnerId === p.partnerId && x.tracks.includes(track));
        if (!a)
          issues.push({
            path: `partners.${i}.partnerId`,
            message: `no agreement with ${p.partnerId} carries ${req.track} students; import the agreements first`,
          });
        return a ? [{ a, places: p.places }] : [];
      })
    : agreements.filter((a) => a.tracks.includes(track)).map((a) => ({ a, places: undefined }));
  const places: CallPlace[] = [];
  for (const { a, places: given } of chosen) {
    const schools = req.schools ? a.schools.filter((s) => req.schools!.includes(s)) : a.schools;
    const terms = a.places.filter((p) => p.term === term && p.places > 0);
    if (schools.length === 0 || (given === undefined && terms.length === 0)) continue;
    const pool = { kind: 'partner' as const, partnerId: a.partnerId, schools };
    if (req.track === 'erasmus' || given !== undefined) {
      const total = given ?? terms.reduce((n, p) => n + p.places, 0);
      places.push({
        ...pool,
        id: a.partnerId,
        name: a.partnerName,
        places: total,
        degrees: terms.map((p) => p.degree),
      });
    } else {
      for (const p of terms)
        places.push({
          ...pool,
          kind: 'agreement',
          id: `${a.partnerId}-${p.degree}`,
          name: `${a.partnerName} (${p.degree})`,
          places: p.places,
          degrees: [p.degree],
        });
    }
  }
  if (issues.length > 0) return { issues };
  if (places.length === 0)
    return {
      issues: [
        {
          path: 'partners',
          message: `no partner agreement offers ${req.track} places for a ${term} semester${req.schools ? ` to ${req.schools.join(', ')}` : ''}`,
        },
      ],
    };
  return { places, closesAt };
}
