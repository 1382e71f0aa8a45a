/**
 * CSV import benchmark: a contacts file of N rows (default 100,000, with a bad row every 200 and a
 * duplicate every 100) streamed to POST /campaigns/:id/contacts/upload of the real API. Prints rows per
 * second and the API process's peak memory above its resting size, for N/10 and N rows, so that the two
 * peaks show whether memory grows with the file.
 *
 *   npm run build && node dist/bench/csv-import.js [rows=100000]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { benchDatabase, startBenchApi } from './support/bench-api';

const AREA_CODES = ['202', '212', '213', '305', '312', '404', '415', '617', '713', '206'];

/** The i-th of 80 million distinct valid US numbers, written the way people write them. */
function phoneNumber(i: number): string {
  const exchange = 200 + (Math.floor(i / 10) % 800);
  const line = String(Math.floor(i / 8000) % 10000).padStart(4, '0');
  return `(${AREA_CODES[i % 10]}) ${exchange}-${line}`;
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('first_name,last_name,phone,email,company,plan,region\n');
  for (let i = 0; i < rows; i++) {
    const phone = i % 200 === 199 ? 'not-a-number' : phoneNumber(i % 100 === 99 ? i - 1 : i);
    const line = `First${i},Last${i},${phone},person${i}@example.com,"Company ${i % 977}, Inc",plan-${i % 3},region-${i % 7}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const db = await benchDatabase();
  const [org] = (await db.query(`INSERT INTO organizations (name) VALUES ('csv-import bench') RETURNING id`)) as { id: string }[];
  const api = await startBenchApi(db, org!.id);
  console.log(`\nCSV upload, streamed as text/csv; memory of this process (API and client) above its resting RSS\n`);
  console.log('| rows | file MB | seconds | rows/s | imported | reported bad | peak RSS above rest MB | peak heap MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const size of [Math.floor(rows / 10), rows]) {
    const path = `/tmp/ai-dialer-bench-${size}.csv`;
    await writeCsv(path, size);
    const [campaign] = (await db.query(`INSERT INTO campaigns (organization_id, name) VALUES ($1, 'CSV bench') RETURNING id`, [org!.id])) as { id: string }[];
    global.gc?.();
    const rest = process.memoryUsage().rss;
    let peakRss = rest;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 20);
    const started = performance.now();
    const response = await fetch(`${api.baseUrl}/campaigns/${campaign!.id}/contacts/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(path)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const { report } = (await response.json()) as { report: { imported: number; invalidRows: number } };
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(
      `| ${size.toLocaleString('en-US')} | ${mb((await stat(path)).size)} | ${seconds.toFixed(2)} | ${Math.round(size / seconds).toLocaleString('en-US')} | ${report.imported} | ${report.invalidRows} | ${mb(peakRss - rest)} | ${mb(peakHeap)} |`,
    );
  }
  await api.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
