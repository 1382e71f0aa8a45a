import ari, { type Client } from 'ari-client';

/**
 * ari-client's swagger-client (2.0) defines a global `log` that prints a deprecation notice to standard output on
 * every connect: a line that is not one of the worker's log records. It is replaced by one that prints nothing.
 */
export function connectAri(url: string, user: string, password: string): Promise<Client> {
  Object.assign(globalThis, { log: () => undefined });
  return ari.connect(url, user, password);
}
