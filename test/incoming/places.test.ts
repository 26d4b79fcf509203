import type { RunningSystem } from '../../app/system';
import type { Actor } from '../../domain/actor';
import type { AuthedApi } from '../helpers/auth';
import { api, startTestSystem, testConfig } from '../helpers/system';
import { nomination } from './support';

/**
 * The agreement's places against nominations sent at the same moment, on the real system (Temporal dev
 * server, the project database): the places are claimed in one transaction per partner and place, so
 * Politecnico di Milano's two master places in 2027-fall go to two students, never three, and a place
 * a withdrawn student held is free again.
 */
let system: RunningSystem;
let http: AuthedApi;
beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
});
afterAll(async () => {
  await system?.stop();
});

const POLIMI: Actor = { id: 'polimi', role: 'partner' };
const body = () => {
  const { school, student } = nomination({ partnerId: 'polimi', level: 'master' });
  return { semester: '2027-fall', school, student };
};
const nominate = () => http.post('/incoming/nominations', body(), POLIMI);

test('two nominations for the last place at once: one case opens, the other is refused naming semester', async () => {
  expect((await nominate()).status).toBe(201);
  const both = await Promise.all([nominate(), nominate()]);
  expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
  const refused = both.find((r) => r.status === 400)!;
  expect((refused.body.details as { issues: { path: string; message: string }[] }).issues).toEqual([
    {
      path: 'semester',
      message: 'the agreement with polimi has 2 master place(s) in 2027-fall, all taken',
    },
  ]);
  expect((await nominate()).status).toBe(400);

  // A student withdraws: the place they held goes to the next nomination, and only to one.
  const opened = both.find((r) => r.status === 201)!;
  const withdrawn = await http.post(
    `/incoming/cases/${String(opened.body.caseId)}/actions`,
    { type: 'WITHDRAW', reason: 'the student stays at home' },
    POLIMI,
  );
  expect(withdrawn.status).toBe(200);
  expect((await nominate()).status).toBe(201);
  expect((await nominate()).status).toBe(400);
});
