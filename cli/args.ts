import { CaseError } from '../client/errors';

export const USAGE = `mobility — staff command line for KBTU mobility cases

  mobility calls open CALL_ID --as di_officer:ID --track T --semester 2027-spring --title TEXT
                [--opens ISO --closes ISO] [--schools SITE,BS] [--region europe]
                                     open a call (MSHE and Erasmus+ carry dates, MSHE a region)
  mobility calls list                the calls open for applications
  mobility ranking CALL_ID           the call's eligible applicants in the policy's ranking order (* within places)
  mobility open --as ROLE:ID --student-id ID --name NAME --email EMAIL --school CODE
                --degree bachelor|master --basis state_grant|paid --track self_funded|mshe|erasmus
                --call CALL_ID --semester 2027-spring --channel uninet|email
  mobility act CASE_ID EVENT --as ROLE:ID [--reason TEXT] [--note TEXT] [--set field=value ...]
  mobility upload CASE_ID FILE --kind KIND --as ROLE:ID [--ielts 6.5 --ielts-date 2025-05-01]
                [--english-confirmed]   upload a document; the case checks it and shows the verdict
  mobility partner-document CASE_ID --kind invitationLetter|transcript --partner PARTNER_ID
                                     a partner's document arrived (applied if awaited, else noted)
  mobility show CASE_ID              the case, its deadlines and the actions allowed now (and to whom)
  mobility history CASE_ID           the audit trail
  mobility list [--stage S] [--track T] [--school C] [--student ID] [--call C] [--status open|finished]
  mobility inbox [--to EMAIL] [--case CASE_ID]   mail in the local SMTP sink
  mobility records import FILE.csv   load the registrar's CSV export (all rows or none; bad rows listed)
  mobility records show STUDENT_ID   the registrar's record of a student
  mobility data import-json          move DATA_DIR's JSON files of earlier versions into the database, once
  mobility eligibility STUDENT_ID --track T --call CALL_ID --semester 2027-spring [--at ISO]
                [--schools SITE,BS] [--opens ISO --closes ISO] [--ielts 6.5 --ielts-date 2025-05-01]
                [--audition passed|failed]   every eligibility rule, explained, from the records and the policy

Options: --json prints machine-readable output. --set values are JSON when they parse as JSON
(numbers, ["lists"]), text otherwise. Exit codes: 2 invalid (a bad CSV: every bad row listed),
3 role not allowed, 4 no such case or student record, 5 not allowed in the current state or duplicate.
inbox, records, calls and eligibility need no Temporal server; they read DATA_DIR
(student-records.json, calls.json).
Environment: TEMPORAL_ADDRESS (default 127.0.0.1:7233), DATA_DIR, POLICY_FILE.`;

/** `--as di_officer:aliya` → the acting person. */
export function parseActor(as: string | undefined): { role: string; id: string } {
  const m = as?.match(/^([a-z_]+):(.+)$/);
  if (!m)
    throw new CaseError('invalid', '--as: give the acting person as ROLE:ID, e.g. --as di_officer:aliya');
  return { role: m[1]!, id: m[2]! };
}

function parseSet(pairs: string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new CaseError('invalid', `--set ${pair}: expected field=value`);
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

export function buildEvent(type: string, v: Values, actor: { role: string; id: string }) {
  return {
    ...parseSet((v.set as string[] | undefined) ?? []),
    type,
    actor,
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    ...(v.note !== undefined ? { note: v.note } : {}),
  };
}

export function buildOpenRequest(v: Values, actor: { role: string; id: string }) {
  return {
    student: {
      id: v['student-id'],
      fullName: v.name,
      email: v.email,
      school: v.school,
      degree: v.degree,
      studyBasis: v.basis,
    },
    track: v.track,
    callId: v.call,
    semester: v.semester,
    channel: v.channel,
    actor,
  };
}
