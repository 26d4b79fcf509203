import SwaggerParser from '@apidevtools/swagger-parser';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiDeps } from '../../api/server';
import { ROUTES } from '../../api/contracts';
import { useContracts } from '../../api/docs';

type Operation = { operationId?: string; security?: unknown[]; requestBody?: unknown; responses: object };
type Document = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

/** The API with every optional part present; nothing here is called: the document is built from routes. */
const deps = {
  cases: { maxUploadBytes: () => 1024 },
  calls: {},
  eligibility: async () => ({}),
  ranking: async () => ({}),
  openCase: async () => ({}),
  auth: {
    issuer: 'http://127.0.0.1:9/oidc',
    audience: 'urn:test',
    claims: { role: 'r', actorId: 'a', school: 's', studentId: 'i', partnerId: 'p' },
  },
  inbox: async () => [],
  outbox: {},
  documents: {},
  agreements: {},
  curricula: {},
  statements: {},
  incoming: {},
} as unknown as ApiDeps;

let app: FastifyInstance;
let url: string;
let served: Document;
// Over real HTTP: fastify's inject pulls ES-module-only packages jest cannot load.
beforeAll(async () => {
  app = await buildApi(deps);
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  served = (await (await fetch(`${url}/openapi.json`)).json()) as Document;
});
afterAll(async () => {
  await app?.close();
});

const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

test('the served /openapi.json is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
  await expect(SwaggerParser.validate(structuredClone(served) as never)).resolves.toBeDefined();
  expect(served).toMatchObject({ openapi: '3.1.0' });
});

test('every registered route is in the document with its operationId, and operationIds are unique', () => {
  const ids = new Set<string>();
  for (const [key, contract] of Object.entries(ROUTES)) {
    const [method, url] = key.split(' ') as [string, string];
    expect({ key, registered: app.hasRoute({ method: method as 'GET', url }) }).toEqual({
      key,
      registered: true,
    });
    const op = served.paths[openApiPath(url)]?.[method.toLowerCase()];
    expect({ key, operationId: op?.operationId }).toEqual({ key, operationId: contract.operationId });
    expect(ids.has(contract.operationId)).toBe(false);
    ids.add(contract.operationId);
  }
  const documented = Object.values(served.paths).flatMap((ops) => Object.keys(ops));
  expect(documented).toHaveLength(Object.keys(ROUTES).length);
});

test('a route without a contract fails to register, so nothing is served undocumented', async () => {
  const bare = Fastify();
  void bare.register(async (api) => {
    useContracts(api);
    api.get('/undocumented', async () => 'x');
  });
  await expect(bare.ready()).rejects.toThrow('GET /undocumented has no contract in api/contracts.ts');
});

test('security: bearer everywhere but /health and /openapi.json; partners by client credentials', () => {
  expect(served.components.securitySchemes).toMatchObject({
    bearer: { type: 'http', scheme: 'bearer' },
    partnerClientCredentials: {
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:9/oidc/token' } },
    },
  });
  expect(served.paths['/health']!.get!.security).toEqual([]);
  expect(served.paths['/cases/{caseId}/partner-documents']!.post!.security).toEqual([
    { partnerClientCredentials: ['mobility'] },
    { bearer: [] },
  ]);
});

test('request bodies and responses come from the zod contracts (strict: no unknown field)', () => {
  const body = (path: string, type = 'application/json') =>
    (
      served.paths[path]!.post!.requestBody as {
        content: Record<string, { schema: Record<string, unknown> }>;
      }
    ).content[type]!.schema;
  expect(body('/cases')).toMatchObject({
    additionalProperties: false,
    required: ['callId'],
    properties: { callId: { type: 'string' } },
  });
  expect(JSON.stringify(body('/cases/{caseId}/actions'))).toContain('NOMINATE_TO_PARTNER');
  expect(JSON.stringify(body('/cases/{caseId}/actions'))).not.toContain('"actor"');
  expect(body('/cases/{caseId}/documents', 'multipart/form-data')).toMatchObject({
    properties: { kind: {}, file: {} },
  });
  // A call's actions and views: the call's own action union, without the actor; a call view answers.
  expect(JSON.stringify(body('/calls/{callId}/actions'))).toContain('OVERRIDE');
  expect(JSON.stringify(body('/calls/{callId}/actions'))).not.toContain('"actor"');
  expect(JSON.stringify(body('/calls'))).toContain('partners');
  const callView = JSON.stringify(served.paths['/calls/{callId}']!.get!.responses);
  for (const field of ['allowedActions', 'places', 'free', 'counts']) expect(callView).toContain(field);
  expect(JSON.stringify(served.paths['/calls/{callId}/results']!.get!.responses)).toContain(
    'waitlistPosition',
  );
  expect(served.paths['/cases/{caseId}']!.get!.responses).toMatchObject({
    '200': { content: { 'application/json': { schema: { properties: { allowedActions: {} } } } } },
    '503': { description: expect.stringContaining('Retry-After') },
  });
});

test('the lists of cases and of calls document the same paging: limit and cursor in, a page out', () => {
  for (const path of ['/cases', '/incoming/cases', '/calls']) {
    const op = served.paths[path]!.get! as Operation & { parameters?: { name: string; in: string }[] };
    const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect({ path, query }).toEqual({ path, query: expect.arrayContaining(['limit', 'cursor']) });
    expect({ path, responses: op.responses }).toMatchObject({
      path,
      responses: {
        '200': { content: { 'application/json': { schema: { properties: { items: {}, next: {} } } } } },
        '400': {},
      },
    });
  }
});

test('the docs are served at /docs', async () => {
  const page = await fetch(`${url}/docs/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('swagger');
});
