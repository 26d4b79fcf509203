type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string };

/**
 * oidc-provider's storage, in memory: sessions, grants, codes and interactions live as long as the
 * process (JWT access tokens need none of it). Clients come from `findClient` at every lookup, so partner
 * clients added to the users file take effect without a restart, and the CLI's password grant, registered
 * after the provider is made, is known when a client is first validated.
 */
export function memoryAdapter(findClient: (id: string) => Promise<Record<string, unknown> | undefined>) {
  const store = new Map<string, { payload: Payload; expiresAt: number }>();
  const alive = (key: string) => {
    const hit = store.get(key);
    if (hit && hit.expiresAt < Date.now()) store.delete(key);
    return store.get(key)?.payload;
  };
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Payload, expiresIn?: number) {
      store.set(this.key(id), {
        payload,
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY,
      });
    }
    async find(id: string) {
      if (this.model === 'Client') return findClient(id);
      return alive(this.key(id));
    }
    private mine() {
      return [...store.keys()].filter((k) => k.startsWith(`${this.model}:`)).map(alive);
    }
    async findByUserCode(userCode: string) {
      return this.mine().find((p) => p?.userCode === userCode);
    }
    async findByUid(uid: string) {
      return this.mine().find((p) => p?.uid === uid);
    }
    async consume(id: string) {
      const hit = alive(this.key(id));
      if (hit) hit.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, { payload }] of store) if (payload.grantId === grantId) store.delete(key);
    }
  };
}
