import { probeReadiness } from './readiness';

describe(probeReadiness.name, () => {
  it('is ready only when every probe answers in time, and names the one that did not', async () => {
    const never = () => new Promise(() => undefined);
    const result = await probeReadiness(
      { postgres: async () => 1, asterisk: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8088')), temporal: never },
      50,
    );
    expect(result).toEqual({
      status: 'unavailable',
      checks: [
        { name: 'postgres', ok: true },
        { name: 'asterisk', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:8088' },
        { name: 'temporal', ok: false, error: 'timeout' },
      ],
    });
    await expect(probeReadiness({ postgres: async () => 1 }, 50)).resolves.toEqual({ status: 'ok', checks: [{ name: 'postgres', ok: true }] });
  });
});
