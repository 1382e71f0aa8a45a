import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { TemporalConfig } from './app.config';

/**
 * What `Connection.connect`/`Connection.lazy` (@temporalio/client) and `NativeConnection.connect`
 * (@temporalio/worker) both accept: the worker's options take the API key as a string only.
 */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

/** The connection options for the configured Temporal, with the TLS files read now (a renewed certificate is read at the next start). */
export function temporalConnectionOptions(temporal: TemporalConfig): TemporalConnectionOptions {
  const { address, tls, apiKey } = temporal;
  return {
    address,
    tls: tls
      ? {
          clientCertPair: tls.clientCert && { crt: readFileSync(tls.clientCert.certPath), key: readFileSync(tls.clientCert.keyPath) },
          serverRootCACertificate: tls.serverRootCaPath ? readFileSync(tls.serverRootCaPath) : undefined,
          serverNameOverride: tls.serverName,
        }
      : undefined,
    apiKey,
  };
}

/**
 * Connects with `connect` (`Connection.connect` or `NativeConnection.connect`), and on failure says what was
 * tried: the SDK's own errors ("Failed to connect before the deadline", a transport error from the worker's
 * Rust core) name neither the address nor TLS, the usual mistake with a hosted cluster.
 */
export async function connectTemporal<T>(temporal: TemporalConfig, connect: (options: TemporalConnectionOptions) => Promise<T>): Promise<T> {
  try {
    return await connect(temporalConnectionOptions(temporal));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const attempt = temporal.tls ? `with TLS${temporal.apiKey ? ' and an API key' : ''}` : 'without TLS';
    const hint = temporal.tls
      ? 'check that the server serves TLS at that address and accepts this client (the TEMPORAL_TLS_* settings)'
      : 'if the server requires TLS (Temporal Cloud does), set TEMPORAL_TLS=on or TEMPORAL_API_KEY';
    throw new Error(`Cannot connect to Temporal at ${temporal.address} ${attempt} (${reason}); ${hint}`, { cause: error });
  }
}
