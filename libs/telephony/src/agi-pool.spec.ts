import { type Server, createServer } from 'node:net';
import type { Client } from 'ari-client';
import { AgiPool, agiPoolVariable } from './agi-pool';

const POOL = agiPoolVariable('default', 'agi-pool-spec');

/** Asterisk's globals, as far as the pool uses them over ARI. */
function fakeAsterisk() {
  const globals = new Map<string, string>();
  const client = {
    asterisk: {
      getGlobalVar: async ({ variable }: { variable: string }) => ({ value: globals.get(variable) ?? '' }),
      setGlobalVar: async ({ variable, value }: { variable: string; value: string }) => void globals.set(variable, value),
    },
  } as unknown as Client;
  return { client, pool: () => (globals.get(POOL) ?? '').split('|').filter(Boolean) };
}

const quiet = { error: () => undefined };

describe(AgiPool.name, () => {
  const servers: Server[] = [];
  /** A FastAGI address that accepts connections (a real listening socket). */
  async function liveAddress(): Promise<{ url: string; server: Server }> {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return { url: `agi://127.0.0.1:${(server.address() as { port: number }).port}/conversation`, server };
  }
  const close = (server: Server) => new Promise((resolve) => server.close(resolve));
  afterAll(async () => {
    for (const server of servers) if (server.listening) await close(server);
  });

  it('lists each worker once, drops one that stopped accepting connections, and lets a leaving worker go', async () => {
    const asterisk = fakeAsterisk();
    const [a, b, c] = await Promise.all([liveAddress(), liveAddress(), liveAddress()]);
    const pools = [a, b, c].map(({ url }) => new AgiPool(asterisk.client, POOL, url, quiet));
    for (const pool of pools) await pool.join();
    expect(asterisk.pool()).toEqual([a.url, b.url, c.url]);

    await close(b.server);
    // A refresh of any live worker drops the dead address; the order of the others stands.
    await pools[2]!.refresh();
    expect(asterisk.pool()).toEqual([a.url, c.url]);

    await pools[0]!.leave();
    expect(asterisk.pool()).toEqual([c.url]);
    for (const pool of pools) await pool.leave();
  });

  it('has the holder of a call follow it, and exactly one live worker once the holder is gone', async () => {
    const asterisk = fakeAsterisk();
    const [a, b, c] = await Promise.all([liveAddress(), liveAddress(), liveAddress()]);
    const [poolA, poolB, poolC] = [a, b, c].map(({ url }) => new AgiPool(asterisk.client, POOL, url, quiet)) as [AgiPool, AgiPool, AgiPool];
    for (const pool of [poolA, poolB, poolC]) await pool.join();
    for (const pool of [poolA, poolB, poolC]) await pool.refresh();

    const channels = Array.from({ length: 60 }, (_, i) => `dialer-c-k${i}-1`);
    for (const id of channels) expect([poolA, poolB, poolC].map((pool) => pool.follows(id, b.url))).toEqual([false, true, false]);
    // Unknown holder (no channel variable): everyone forwards, as before ownership existed.
    expect([poolA, poolB, poolC].every((pool) => pool.follows('dialer-x', undefined))).toBe(true);

    await close(b.server);
    await poolA.refresh();
    await poolC.refresh();
    const followers = channels.map((id) => [poolA, poolC].filter((pool) => pool.follows(id, b.url)).length);
    expect(followers.every((n) => n === 1)).toBe(true);
    // Spread over both survivors, not all on one.
    const onA = channels.filter((id) => poolA.follows(id, b.url)).length;
    expect(onA).toBeGreaterThan(10);
    expect(onA).toBeLessThan(50);
    for (const pool of [poolA, poolB, poolC]) await pool.leave();
  });
});
