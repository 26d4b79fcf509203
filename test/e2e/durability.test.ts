import type { AuditEntry, CaseView } from '../../domain/case-view';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import { studentOf } from '../helpers/fixtures';
import { auditedTypeOf, happyPath } from '../helpers/paths';
import { openBody } from '../helpers/auth';
import { api, driveHttp, startTestSystem, systemApplicants, testConfig } from '../helpers/system';

let system: RunningSystem | undefined;
afterAll(async () => {
  await system?.stop();
});

test('a case survives stopping worker and server mid-case and finishes on the same SQLite file', async () => {
  const config: Config = await testConfig();
  system = await startTestSystem(config);
  const request = await systemApplicants(config, system)('mshe');
  const steps = happyPath('mshe', 'state_grant', studentOf(request));
  const half = Math.floor(steps.length / 2);

  let http = api(system, config);
  const caseId = ((await http.post('/cases', openBody(request))).body as unknown as CaseView).caseId;
  await driveHttp(http, caseId, steps.slice(0, half));
  const before = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  const historyBefore = (await http.get(`/cases/${caseId}/history`)).body;

  await system.stop();
  system = undefined;

  system = await startTestSystem(config);
  http = api(system, config);
  const after = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  expect(after.states).toEqual(before.states);
  expect(after.auditLength).toBe(before.auditLength);
  expect(after.checklist).toEqual(before.checklist);
  expect(after.deadlines).toEqual(before.deadlines);
  expect(after.allowedActions).toEqual(before.allowedActions);
  expect((await http.get(`/cases/${caseId}/history`)).body).toEqual(historyBefore);

  await driveHttp(http, caseId, steps.slice(half));
  const closed = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  expect(closed).toMatchObject({ status: 'done', stage: 'closed' });
  const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as AuditEntry[];
  const byStaff = history.filter((e) => e.actor.role !== 'system').map((e) => e.event);
  expect(byStaff).toEqual(['OPEN_CASE', ...steps.map(auditedTypeOf)]);
});
