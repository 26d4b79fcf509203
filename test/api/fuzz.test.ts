import fc from 'fast-check';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import { ROUTES } from '../../api/contracts';
import type { Actor } from '../../domain/actor';
import { as, liveCall } from '../helpers/fixtures';
import type { AuthedApi } from '../helpers/auth';
import { api, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { nomination } from '../incoming/support';

/**
 * Generated bad requests over every route of the API, signed in with valid tokens, over real HTTP against
 * the real system: every one a 4xx whose body names the field or the rule, none a 5xx, and the case the
 * requests aim at is unchanged. Each request is bad by construction (one defect on a well-formed base).
 */
let system: RunningSystem;
let config: Config;
let http: AuthedApi;
let caseId: string;
let callId: string;
let incomingCaseId: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
  const request = await systemApplicants(config, system)('erasmus');
  callId = request.callId;
  const opened = await http.post('/cases', { callId, studentId: request.student.id }, as.di);
  expect(opened.status).toBe(201);
  caseId = (opened.body as unknown as { caseId: string }).caseId;
  const nominated = await http.post('/incoming/nominations', nominationBase(), as.di);
  expect(nominated.status).toBe(201);
  incomingCaseId = (nominated.body as unknown as { caseId: string }).caseId;
  for (const actor of [as.di, as.partner]) tokens.set(actor.role, await http.tokenFor(actor));
});
afterAll(async () => {
  await system?.stop();
});

const historyLength = async () =>
  ((await http.get(`/cases/${caseId}/history`, as.di)).body as unknown as unknown[]).length +
  ((await http.get(`/incoming/cases/${incomingCaseId}/history`, as.di)).body as unknown as unknown[]).length;

/** A well-formed nomination by DI for TUM: a new partner student each time. */
function nominationBase(): Record<string, unknown> {
  const { partnerId, semester, school, student } = nomination({ partnerId: 'tum' });
  return { partnerId, semester, school, student };
}

/** A well-formed body per route, so that one defect added to it is what the answer must name. */
const BASES: Record<string, () => Record<string, unknown>> = {
  'POST /cases': () => ({ callId, studentId: '99B000777' }),
  'POST /cases/:caseId/actions': () => ({ type: 'REJECT_APPLICATION', reason: 'not eligible here' }),
  'POST /cases/:caseId/partner-documents': () => ({ kind: 'invitationLetter' }),
  'POST /calls': () => {
    const call: Record<string, unknown> = { ...liveCall('erasmus'), id: `fuzz-${Date.now()}` };
    delete call.actor;
    return call;
  },
  // Sent only with a defect; well-formed, the call would refuse it (no offer is open).
  'POST /calls/:callId/actions': () => ({ type: 'ACCEPT_OFFER', caseId }),
  'POST /eligibility': () => ({ studentId: '99B000777', callId }),
  'POST /incoming/nominations': nominationBase,
  'POST /incoming/nominations/csv': () => ({ content: 'semester\n2027-spring\n' }),
  'POST /incoming/cases/:caseId/actions': () => ({ type: 'SEND_DISCIPLINES_LIST' }),
  'POST /curricula/kbtu': () => ({ content: 'code,title\n', format: 'csv' }),
  'POST /curricula/partners/:partnerId/catalogue': () => ({ content: 'code,title\n', format: 'csv' }),
  'POST /statements/individual-curriculum': () => ({
    partnerId: 'tum',
    programme: '6B06102',
    semester: 4,
    matches: [],
  }),
  'POST /statements/credit-transfer': () => ({
    partnerId: 'tum',
    programme: '6B06102',
    semester: 4,
    matches: [],
    grades: [{ partnerCode: 'IN0007', grade: '1.3' }],
  }),
  'POST /statements/grant': () => ({
    region: 'europe',
    spend: { flight: 0, accommodation: 0, insurance: 0, visa: 0 },
  }),
};

const PARAMS: Record<string, () => string> = {
  caseId: () => caseId,
  callId: () => callId,
  partnerId: () => 'tum',
  programme: () => '6B06102',
  semester: () => '4',
  document: () => 'transcript',
};

const CONTROL = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u200f',
);
const unsafeString = fc
  .tuple(fc.string({ maxLength: 10 }), CONTROL, fc.string({ maxLength: 10 }))
  .map(([a, c, b]) => `${a}${c}${b}`);
const badDate = fc.constantFrom(
  '2026-02-30',
  'yesterday',
  '2026-13-01T00:00:00Z',
  '31/12/2026',
  '',
  '2026-01-01T25:00:00+05:00',
);
/** A key no contract knows. */
const unknownKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((k) => /^[A-Za-z0-9_]+$/.test(k))
  .map((k) => `zz_${k}`);
const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant([[1]]), fc.constant({ nested: { x: 1 } }));

type Defect = {
  name: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  path?: string;
  names: RegExp;
};

/** Fields a base may go without (its body stays well-formed), so "missing" never picks them. */
const OPTIONAL = new Set(['format', 'schools', 'window', 'region', 'fileName', 'partnerId']);

/** One defect applied to a route's base body; `names` is what the refusal must mention. */
function bodyDefect(route: string): fc.Arbitrary<Defect> {
  const base = BASES[route]!();
  const fields = Object.keys(base);
  const field = fc.constantFrom(...fields);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return fc.oneof(
    unknownKey.map((k) => ({
      name: 'unknown field',
      body: { ...base, [k]: 'x' },
      names: new RegExp(esc(k)),
    })),
    fc.constantFrom(...fields.filter((f) => !OPTIONAL.has(f))).map((f) => {
      const rest = { ...base };
      delete rest[f];
      return { name: `missing ${f}`, body: rest, names: new RegExp(`${esc(f)}|body`) };
    }),
    fc.tuple(field, wrongType).map(([f, v]) => ({
      name: `wrong type of ${f}`,
      body: { ...base, [f]: v },
      names: new RegExp(esc(f)),
    })),
    fc.tuple(field, unsafeString).map(([f, v]) => ({
      name: `control characters in ${f}`,
      body: { ...base, [f]: v },
      names: new RegExp(esc(f)),
    })),
    fc.tuple(field, badDate).map(([f, v]) => ({
      name: `bad date in ${f}`,
      body: { ...base, [f]: v, at: v },
      names: /./,
    })),
    fc.constant({
      name: 'huge string',
      body: { ...base, zz_huge: 'x'.repeat(70_000) },
      names: /zz_huge|too large/i,
    }),
    fc
      .constantFrom('{', '{"a":', 'nul', '[1,', '{"x": 1,}', '\u0000')
      .map((raw) => ({ name: 'malformed JSON', raw, contentType: 'application/json', names: /JSON|body/i })),
    fc.constantFrom(null, 42, 'text', [base]).map((body) => ({ name: 'not an object', body, names: /body/ })),
    fc
      .constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded')
      .map((contentType) => ({
        name: `content type ${contentType}`,
        raw: JSON.stringify(base),
        contentType,
        names: /Media Type|content.type|body/i,
      })),
  );
}

/** A bad path parameter: a control character, an impossible shape, a huge one. */
function paramDefect(route: string): fc.Arbitrary<Defect> | undefined {
  const names = [...route.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return fc
    .tuple(
      fc.constantFrom(...names),
      // Values no id, code or semester takes (fastify refuses params over 100 characters as not found).
      fc.oneof(unsafeString, fc.constantFrom('UPPER CASE', '\u0000', 'a'.repeat(90))),
    )
    .map(([p, v]) => ({
      name: `bad ${p}`,
      path: pathOf(route, { [p]: encodeURIComponent(v) }),
      names: new RegExp(p),
    }));
}

/** A bad query: an unknown key, or a known one out of its range. */
function queryDefect(route: string): fc.Arbitrary<Defect> {
  return fc.oneof(
    unknownKey.map((k) => ({ name: 'unknown query', path: `${pathOf(route)}?${k}=1`, names: new RegExp(k) })),
    fc
      .tuple(
        fc.constantFrom('limit', 'track', 'format', 'semester', 'stage', 'studentId', 'caseId', 'programme'),
        // Values no filter, format, semester or code takes.
        fc.oneof(unsafeString, fc.constantFrom('%', ' ', 'a'.repeat(300))),
      )
      .map(([k, v]) => ({
        name: `bad query ${k}`,
        path: `${pathOf(route)}?${k}=${encodeURIComponent(v)}`,
        names: new RegExp(k),
      })),
  );
}

/** Bad uploads: not multipart, malformed multipart, a form without a file, an unknown field, a bad kind. */
const uploadDefect: fc.Arbitrary<Defect> = fc.oneof(
  fc.constant({ name: 'upload as JSON', body: { kind: 'transcript' }, names: /multipart/ }),
  fc
    .constantFrom('--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\ntrans', 'garbage', '--b--')
    .map((raw) => ({
      name: 'malformed multipart',
      raw,
      contentType: 'multipart/form-data; boundary=b',
      names: /multipart|file|body/i,
    })),
  // A file part the body ends inside of is malformed, not too large.
  fc.constant({
    name: 'truncated file part',
    raw: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut',
    contentType: 'multipart/form-data; boundary=b',
    names: /malformed multipart/,
  }),
  fc
    .tuple(
      fc.constantFrom('zz_unknown', 'actor', 'kind'),
      fc.oneof(unsafeString, fc.constantFrom('not_a_kind', '')),
    )
    .map(([field, value]) => ({
      name: `form field ${field}`,
      raw: `--b\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n--b--\r\n`,
      contentType: 'multipart/form-data; boundary=b',
      names: new RegExp(`${field}|file|kind`),
    })),
);

function pathOf(route: string, over: Record<string, string> = {}): string {
  const url = route.split(' ')[1]!;
  const fixed: Record<string, string> = url.startsWith('/incoming/') ? { caseId: incomingCaseId } : {};
  return url.replace(/:([A-Za-z]+)/g, (_m, p: string) => over[p] ?? fixed[p] ?? PARAMS[p]!());
}

function defects(route: string): fc.Arbitrary<Defect> {
  const [method] = route.split(' ') as [string];
  const options: fc.Arbitrary<Defect>[] = [];
  if (route.endsWith('/:caseId/documents')) options.push(uploadDefect);
  else if (BASES[route]) options.push(bodyDefect(route));
  const param = paramDefect(route);
  if (param) options.push(param);
  // A POST's body is validated before its query: the query's defect comes with a well-formed body.
  const base = BASES[route];
  if (method === 'GET' || ROUTES[route]!.querystring) {
    options.push(queryDefect(route).map((d) => (base ? { ...d, body: base() } : d)));
  }
  return fc.oneof(...options);
}

/** Routes that take nothing to get wrong: the open ones. */
const NOTHING_TO_BREAK = new Set(['GET /health', 'GET /openapi.json']);

const routes = Object.keys(ROUTES).filter((r) => !NOTHING_TO_BREAK.has(r));
const actorOf = (route: string): Actor => (route.includes('partner-documents') ? as.partner : as.di);

async function send(route: string, d: Defect) {
  const [method] = route.split(' ') as [string];
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(actorOf(route).role)}` };
  let body: string | undefined;
  if (d.raw !== undefined) {
    body = d.raw;
    headers['content-type'] = d.contentType ?? 'application/json';
  } else if (d.body !== undefined) {
    body = JSON.stringify(d.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(system.apiUrl + (d.path ?? pathOf(route)), { method, headers, body });
  const text = await res.text();
  return { status: res.status, text };
}

const seen: { route: string; name: string; status: number }[] = [];

test('2,000+ bad requests over every route: each a 4xx naming the field or rule, no 5xx, no case changed', async () => {
  const before = await historyLength();
  const perRoute = Math.ceil(2100 / routes.length);
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(defects(route), async (d) => {
        const { status, text } = await send(route, d);
        seen.push({ route, name: d.name, status });
        const body = JSON.parse(text) as { message?: unknown };
        const message = typeof body.message === 'string' ? body.message : '';
        const outcome = { route, defect: d.name, status, message };
        const verdict = { is4xx: status >= 400 && status < 500, names: d.names.test(message) };
        expect({ ...outcome, ...verdict }).toEqual({ ...outcome, is4xx: true, names: true });
      }),
      { numRuns: perRoute, seed: 8_2026 },
    );
  }
  expect(seen.length).toBeGreaterThanOrEqual(2000);
  expect(new Set(seen.map((s) => s.route))).toEqual(new Set(routes));
  expect(await historyLength()).toBe(before);
}, 240_000);

test('the served document of the running system validates and leaves the console out', async () => {
  const SwaggerParser = (await import('@apidevtools/swagger-parser')).default;
  const doc = (await (await fetch(`${system.apiUrl}/openapi.json`)).json()) as { paths: object };
  await SwaggerParser.validate(structuredClone(doc) as never);
  expect(Object.keys(doc.paths).some((p) => p.startsWith('/console') || p === '/')).toBe(false);
});
