// The parts of oidc-provider (which ships no types) the embedded identity provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
    [metadata: string]: unknown;
  }
  export interface OidcToken {
    kind: string;
    accountId?: string;
    client?: OidcClient;
    clientId?: string;
    save(): Promise<string>;
    [k: string]: unknown;
  }
  export interface OidcGrant {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }
  export interface OidcContext {
    oidc: {
      params: Record<string, unknown>;
      client?: OidcClient;
      session?: {
        accountId?: string;
        grantIdFor(clientId: string, grantId?: string): string | undefined;
        ensureClientContainer(clientId: string): void;
      };
      result?: { consent?: { grantId?: string } };
      entity(name: string, token: unknown): void;
    };
    body: unknown;
  }
  export interface Interaction {
    uid: string;
    prompt: { name: string };
    params: Record<string, unknown>;
  }
  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    registerGrantType(
      name: string,
      handler: (ctx: OidcContext, next: () => Promise<void>) => Promise<void>,
      params?: string[],
    ): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
    AccessToken: new (fields: Record<string, unknown>) => OidcToken;
    ResourceServer: new (identifier: string, info: Record<string, unknown>) => unknown;
    Grant: {
      new (fields: { clientId: string; accountId: string }): OidcGrant;
      find(id: string): Promise<OidcGrant | undefined>;
    };
  }
  export const errors: {
    InvalidGrant: new (description: string) => Error;
    InvalidRequest: new (description: string) => Error;
  };
  export default Provider;
}
