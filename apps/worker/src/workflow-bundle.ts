import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/** Written by `npm run build` beside the built worker (bundle-workflows.main.ts). */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, 'bundled-workflows.js');

/**
 * The built worker loads the workflows bundled at build time: it starts in a second or two less and logs
 * no bundler output. Run from the sources (tests), it bundles them itself.
 */
export function workflowCode(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return existsSync(WORKFLOW_BUNDLE_PATH)
    ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: require.resolve('../../../workflows') };
}
