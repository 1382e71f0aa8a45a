import { basename, join } from 'node:path';
import { ServeStaticModule } from '@nestjs/serve-static';

/**
 * The built web console (apps/web, built into dist/web by scripts/test.sh and scripts/run.sh), served from
 * the API's own origin, so the console's routes load directly.
 */
function webConsoleDir(): string {
  // From dist/apps/api/src (built) or apps/api/src (ts-jest): the repository root or its dist/.
  const up = join(__dirname, '..', '..', '..');
  return basename(up) === 'dist' ? join(up, 'web') : join(up, 'dist', 'web');
}

/**
 * Every GET outside /api answers index.html. A render path rather than `exclude`: serve-static turns any
 * error on an excluded path into a 404, which would hide the API's own 400 for a malformed JSON body.
 */
export const WebConsoleModule = ServeStaticModule.forRoot({ rootPath: webConsoleDir(), renderPath: /^\/(?!api(?:\/|$))/ });
