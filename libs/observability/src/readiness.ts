/** One dependency's answer to a readiness probe. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  error?: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: ReadinessCheck[];
}

/** Probes every dependency at once, each within `timeoutMs`; ready only when all answered. */
export async function probeReadiness(probes: Record<string, () => Promise<unknown>>, timeoutMs: number): Promise<Readiness> {
  const checks = await Promise.all(Object.entries(probes).map(([name, probe]) => check(name, probe, timeoutMs)));
  return { status: checks.every((c) => c.ok) ? 'ok' : 'unavailable', checks };
}

async function check(name: string, probe: () => Promise<unknown>, timeoutMs: number): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
