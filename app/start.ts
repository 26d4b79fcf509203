import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import { startSystem } from './system';

/** `npm start`: the whole system on this machine, until Ctrl-C. */
async function main(): Promise<void> {
  const config = loadConfig();
  // We stop the parts ourselves, in order, so the SDK must not react to Ctrl-C on its own.
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL), shutdownSignals: [] });
  console.log('starting the KBTU mobility system…');
  const system = await startSystem(config);
  console.log(`
  Temporal server   ${system.temporalAddress}${config.TEMPORAL_ADDRESS ? ' (configured)' : ` (dev server, data in ${config.DATA_DIR}/)`}
  Temporal UI       ${system.temporalUi ?? '(not started here)'}
  Staff API         ${system.apiUrl}   (OpenAPI: ${system.apiUrl}/openapi.json)
  Codec endpoint    ${system.codecEndpoint}   (payload keys: ${system.payloadKeys})
  SMTP              ${system.smtp}${system.inboxDir ? `   (inbox: ${system.apiUrl}/inbox, files in ${system.inboxDir})` : ''}
  CLI               npx mobility --help

Ctrl-C stops everything.`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    system
      .stop()
      .then(() => {
        console.log('stopped; cases are kept for the next start.');
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
