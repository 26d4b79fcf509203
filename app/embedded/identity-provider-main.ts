import { startIdentityProviderServer, type IdentityProviderOptions } from './identity-provider-server';

/**
 * The embedded identity provider's own process (oidc-provider is ESM-only; jest's CommonJS runtime cannot
 * load it, so every caller runs it here, under tsx). Options come as JSON in argv[2]; it answers the parent
 * with `{ issuer }` over IPC once it listens, and stops when the parent disconnects.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as IdentityProviderOptions;
startIdentityProviderServer(options).then(
  ({ issuer, server }) => {
    process.send?.({ issuer });
    process.on('disconnect', () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  },
  (err: unknown) => {
    process.send?.({ error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
