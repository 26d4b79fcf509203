import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import type { IdentityProvider } from './embedded/identity-provider';
import { startSystem } from './system';

/** The seeded users and partner clients, and how to sign in: printed at start (README "Signing in"). */
function signInHelp(issuer: string, identity: IdentityProvider | undefined): string {
  if (!identity) return `  Sign-in           tokens of ${issuer} (OIDC_ISSUER)`;
  const rows = identity.directory.users.map(
    (u) =>
      `    ${u.username.padEnd(10)} ${u.password.padEnd(14)} ${u.role.padEnd(12)} ${u.studentId ?? u.school ?? ''}`,
  );
  const partners = identity.directory.partners.map(
    (p) => `    ${p.clientId.padEnd(10)} ${p.clientSecret}  partner ${p.partnerId} (client credentials)`,
  );
  return `  Sign-in           ${issuer}   (embedded OpenID provider; users in ${identity.usersFile})
    user       password       role         scope
${[...rows, ...partners].join('\n')}
  A token by hand   curl -s ${issuer}/token -d grant_type=password -d client_id=mobility-cli -d username=aliya -d password=…`;
}

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
  Database          ${system.stores.where.database}
  Documents         ${system.stores.where.documents} (encrypted with the payload keys)
  SMTP              ${system.smtp}${system.inboxDir ? `   (inbox: ${system.apiUrl}/inbox, files in ${system.inboxDir})` : ''}
  CLI               npx mobility --help
${config.DEMO_DAY_SECONDS ? `  Demo clock        a day of a new case's deadlines lasts ${config.DEMO_DAY_SECONDS} s (DEMO_DAY_SECONDS; never in production)\n` : ''}${signInHelp(system.issuer, system.identity)}

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
