import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'mobility.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The `mobility` CLI as a user runs it, one process per command, with `env` on top of the test's own and
 * its own config folder (XDG_CONFIG_HOME), so its kept sign-ins are the test's. `input` goes to its
 * standard input (a password for --password-stdin); standard input is closed either way.
 */
export async function cliRunner(env: Record<string, string>) {
  const configHome = await mkdtemp(join(tmpdir(), 'mobility-cli-config-'));
  const base = { ...process.env, XDG_CONFIG_HOME: configHome, MOBILITY_USER: '', ...env };
  const mobility = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) =>
    new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...base, ...o.env },
        cwd: join(__dirname, '..', '..'),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(o.input ?? '');
    });
  return { configHome, mobility };
}

/** A `--json` answer, parsed. */
export const json = <T = Record<string, unknown>>(r: CliRun): T => JSON.parse(r.stdout) as T;
