import { basename, join } from 'node:path';
import { ServeStaticModule } from '@nestjs/serve-static';

/**
 * The built web console (apps/web, built into dist/web by scripts/test.sh and scripts/run.sh), served from
 * the API's own origin. Any path outside /api answers index.html, so the console's routes load directly.
 */
function webConsoleDir(): string {
  if (process.env.WEB_CONSOLE_DIR) return process.env.WEB_CONSOLE_DIR;
  // From dist/apps/api/src (built) or apps/api/src (ts-jest): the repository root or its dist/.
  const up = join(__dirname, '..', '..', '..');
  return basename(up) === 'dist' ? join(up, 'web') : join(up, 'dist', 'web');
}

export const WebConsoleModule = ServeStaticModule.forRoot({ rootPath: webConsoleDir(), exclude: ['/api/{*path}'] });
