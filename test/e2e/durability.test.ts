import type { CaseView } from '../../domain/case-view';
import type { RunningSystem } from '../../services/system';
import type { Config } from '../../workers/config';
import { openRequest } from '../helpers/fixtures';
import { happyPath } from '../helpers/paths';
import { api, startTestSystem, testConfig } from '../helpers/system';

let system: RunningSystem | undefined;
afterAll(async () => {
  await system?.stop();
});

test('a case survives stopping worker and server mid-case and finishes on the same SQLite file', async () => {
  const config: Config = await testConfig();
  system = await startTestSystem(config);
  const request = openRequest('mshe');
  const steps = happyPath('mshe', 'state_grant');
  const half = Math.floor(steps.length / 2);

  let http = api(system.apiUrl);
  const caseId = ((await http.post('/cases', request)).body as unknown as CaseView).caseId;
  for (const e of steps.slice(0, half))
    expect((await http.post(`/cases/${caseId}/actions`, e)).status).toBe(200);
  const before = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;

  await system.stop();
  system = undefined;

  system = await startTestSystem(config);
  http = api(system.apiUrl);
  const after = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  expect(after.states).toEqual(before.states);
  expect(after.auditLength).toBe(half + 1);

  for (const e of steps.slice(half))
    expect((await http.post(`/cases/${caseId}/actions`, e)).status).toBe(200);
  const closed = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  expect(closed).toMatchObject({ status: 'done', stage: 'closed' });
  const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as { event: string }[];
  expect(history.map((e) => e.event)).toEqual(['OPEN_CASE', ...steps.map((s) => s.type)]);
});
