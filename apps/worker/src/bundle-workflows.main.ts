import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH } from './workflow-bundle';

/** Part of `npm run build`: the workflows as one bundle for the built worker (workflow-bundle.ts). */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), logger: quiet });
  await writeFile(WORKFLOW_BUNDLE_PATH, code);
}

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error };

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
