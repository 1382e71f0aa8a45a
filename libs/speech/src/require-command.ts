import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Fails, naming the Debian package to install, when `tool` is not on the PATH; `setting` says who needs it. */
export async function requireCommand(setting: string, tool: string, debianPackage: string): Promise<void> {
  try {
    await run('sh', ['-c', 'command -v "$1"', 'sh', tool]);
  } catch {
    throw new Error(`${setting} needs the "${tool}" command: install the Debian package ${debianPackage}`);
  }
}
