import { SttError } from './stt-error';

/** POSTs and parses JSON, turning a timeout, an error status or a non-JSON answer into SttError. */
export async function postWithTimeout(
  url: string,
  request: { headers: Record<string, string>; body: FormData | Uint8Array; timeoutMs: number },
): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, signal: controller.signal });
    if (!response.ok) throw new SttError(`speech provider answered HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    if (error instanceof SttError) throw error;
    throw new SttError(controller.signal.aborted ? `speech provider took longer than ${request.timeoutMs} ms` : `speech provider request failed: ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
