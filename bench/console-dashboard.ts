/**
 * Web console dashboard benchmark: the time to first render of the dashboard of an organization with
 * 1,000,000 calls (the rows of calls-query), in headless Chromium, served by the real API. Each run is a new
 * browser context (cold cache) signed in with the console's stored token; the times come from the browser.
 *
 *   npm run build && npm run build:web && node dist/bench/console-dashboard.js [rows=1000000] [runs=10]
 */
import { chromium } from 'playwright-core';
import { benchDatabase, percentile, startBenchApi } from './support/bench-api';
import { seedCalls } from './support/seed-calls';

/**
 * Page side, before the console's own scripts: the first paint, and the moment the "Calls today" stat shows
 * a number (the console has no performance mark of its own).
 */
const OBSERVE = `
  window.__bench = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') window.__bench.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const stats = new MutationObserver(() => {
    const stat = document.querySelector('[data-testid="stat-calls-today"]');
    if (stat && /\\d/.test(stat.textContent)) {
      window.__bench.stats = performance.now();
      window.__bench.callsToday = stat.textContent;
      stats.disconnect();
    }
  });
  stats.observe(document, { childList: true, subtree: true, characterData: true });
`;

const COLLECT = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const dashboard = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/v1/dashboard');
  return {
    'navigation responseEnd': nav.responseEnd,
    'DOMContentLoaded end': nav.domContentLoadedEventEnd,
    'first contentful paint': window.__bench.fcp,
    'GET /api/v1/dashboard sent': dashboard.startTime,
    'GET /api/v1/dashboard, request alone': dashboard.responseEnd - dashboard.startTime,
    'stats rendered': window.__bench.stats,
    callsToday: window.__bench.callsToday,
  };
})()`;

type Sample = Record<string, number> & { callsToday: string };

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const runs = Number(process.argv[3] ?? 10);
  const db = await benchDatabase();
  const { organizationId } = await seedCalls(db, rows);
  const api = await startBenchApi(db, organizationId);
  const origin = new URL(api.baseUrl).origin;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Playwright adds --headless and a fresh --user-data-dir; every context below is a cold cache.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    // Signed in as the console keeps a session: its token in localStorage.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      storageState: { cookies: [], origins: [{ origin, localStorage: [{ name: 'ai-dialer.token', value: api.token }] }] },
    });
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.__bench.stats !== undefined && window.__bench.fcp !== undefined', undefined, { timeout: 60_000 });
    samples.push((await page.evaluate(COLLECT)) as Sample);
    await context.close();
  }
  await browser.close();

  console.log(`\nDashboard first render over ${rows.toLocaleString('en-US')} call rows of one organization, ${runs} cold loads (calls today: ${samples[0]?.callsToday})\n`);
  console.log('| rows | ms since navigation start (the request: its own duration) | p50 ms | p95 ms |');
  console.log('|---|---|---|---|');
  for (const metric of Object.keys(samples[0] ?? {}).filter((key) => key !== 'callsToday')) {
    const times = samples.map((sample) => sample[metric]!).sort((a, b) => a - b);
    console.log(`| ${rows.toLocaleString('en-US')} | ${metric} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
  }
  await api.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
