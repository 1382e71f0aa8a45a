/** Used by `npm start`: logs in as the demo admin and starts the demo campaign over the public API. */
async function main(base: string): Promise<void> {
  const email = process.env.DEMO_EMAIL ?? 'admin@demo.local';
  const password = process.env.DEMO_PASSWORD ?? 'demo-password';
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = (await post('/auth/login', { email, password })) as { token: string };
  const listing = await fetch(`${base}/campaigns`, { headers: { authorization: `Bearer ${token}` } });
  const { campaigns } = (await listing.json()) as { campaigns: { id: string; name: string }[] };
  const demo = campaigns.find((c) => c.name === 'Demo campaign');
  if (!demo) throw new Error('no demo campaign found');
  const started = await post('/calls/automated/start', { campaignId: demo.id }, token);
  console.log(`Demo campaign ${demo.id}: ${String(started.message)}`);
  console.log(`  Watch it:  curl -H "Authorization: Bearer <token>" ${base}/calls/queue/status/${demo.id}`);
  console.log(`  Its calls: curl -H "Authorization: Bearer <token>" ${base}/calls`);
}

main(process.argv[2] ?? 'http://127.0.0.1:3000/api/v1').catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
