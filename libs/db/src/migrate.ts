import { loadConfig } from '../../config/src';
import { createDataSource } from './data-source';
import { assertDemoAllowed, seedDemo } from './seed-demo';

/** `npm run migrate [-- --seed-demo]`: applies pending migrations to DATABASE_URL, then seeds the demo. */
async function main(): Promise<void> {
  const config = loadConfig();
  const demo = process.argv.includes('--seed-demo');
  // Before any migration: a production deploy asking for the demo is misconfigured as a whole.
  if (demo) assertDemoAllowed(config.env);
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.log(`migrations applied: ${applied.length ? applied.map((m) => m.name).join(', ') : 'none pending'}`);
  if (demo) {
    const email = process.env.DEMO_EMAIL ?? 'admin@demo.local';
    const seed = await seedDemo(dataSource, email, process.env.DEMO_PASSWORD ?? 'demo-password');
    console.log(`demo: login ${seed.email}, campaign ${seed.campaignId}`);
  }
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
