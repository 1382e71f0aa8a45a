import type { NextFunction, Request, Response } from 'express';
import { httpRequestSeconds } from '../../../../libs/observability/src';

/**
 * Times every request by its route template (/api/v1/campaigns/:id, never the id itself), read once the
 * response is sent: by then routing has set it, for answers from guards and filters too.
 */
export function recordHttpMetrics(request: Request, response: Response, next: NextFunction): void {
  const stop = httpRequestSeconds.startTimer({ method: request.method });
  response.once('finish', () => stop({ route: routeTemplate(request), status: String(response.statusCode) }));
  next();
}

function routeTemplate(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${request.baseUrl}${path}`;
  // The web console's catch-all is a pattern; a request no route took is a 404.
  return request.route ? 'web_console' : 'unmatched';
}
