import { existsSync } from 'node:fs';
import { join } from 'node:path';

const TOOLS = join(__dirname, '..', '..', '.tools', 'temporal', 'bin');

/**
 * Where the Temporal executables are: the override from the environment, else the copy our install
 * script put in .tools/, else undefined, which tells the SDK to download its own (needs the internet).
 */
function locate(envVar: string, file: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar} points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const local = join(TOOLS, file);
  return existsSync(local) ? local : undefined;
}

export const temporalCliPath = () => locate('TEMPORAL_CLI_PATH', 'temporal');
export const temporalTestServerPath = () => locate('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');

/** The `executable` option of `TestWorkflowEnvironment` for a binary we may or may not have locally. */
export function executableOption(path: string | undefined) {
  return path ? { type: 'existing-path' as const, path } : { type: 'cached-download' as const };
}
