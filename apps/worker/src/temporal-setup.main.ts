import { Connection } from '@temporalio/client';
import { connectTemporal, loadConfig } from '../../../libs/config/src';
import { setUpTemporal } from './temporal-setup';

/** `npm run temporal-setup`: the namespace and search attributes, before the first worker (which does the same) starts. */
async function main(): Promise<void> {
  const config = loadConfig();
  const connection = await connectTemporal(config.temporal, (options) => Connection.connect(options));
  try {
    await setUpTemporal(connection, config.temporal.namespace, console);
    console.log(`Temporal at ${config.temporal.address}: namespace ${config.temporal.namespace} is ready for the dialer`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
