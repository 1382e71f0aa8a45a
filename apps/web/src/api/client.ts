/** The REST API under /api/v1, same origin: the signed-in user's token on every request, one error type. */

const TOKEN_KEY = 'ai-dialer.token';

/** The API's error body (`{statusCode, error, message, details?}`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** One entry per rejected field, e.g. "callSettings.maxConcurrentCalls must not be less than 1". */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  save: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: () => void = () => undefined;

/** Called when a request with a token answers 401: the session expired or the user was removed. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return `/api/v1${path}${text ? `?${text}` : ''}`;
}

function authHeaders(): Record<string, string> {
  const token = session.token();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { message?: unknown; details?: unknown } | null;
  const message = typeof body?.message === 'string' ? body.message : `${response.status} ${response.statusText}`;
  const details = Array.isArray(body?.details) ? body.details.map(String) : [];
  if (response.status === 401 && session.token()) onUnauthorized();
  return new ApiError(response.status, message, details);
}

async function send(method: string, path: string, query?: Query, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The API cannot be reached; check your connection and try again');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function apiGet<T>(path: string, query?: Query): Promise<T> {
  return (await send('GET', path, query)).json() as Promise<T>;
}

export async function apiSend<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, undefined, body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** A file download that needs the token (a plain link cannot send it). */
export async function apiDownload(path: string, query: Query, filename: string): Promise<void> {
  const blob = await (await send('GET', path, query)).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** A CSV upload as a multipart `file` field, reporting the share sent so far (0..1). */
export function apiUpload<T>(path: string, file: File, onProgress: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', withQuery(path));
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'The upload failed: the API cannot be reached'));
    request.onload = () => {
      const response = new Response(request.responseText, { status: request.status, statusText: request.statusText });
      if (request.status >= 200 && request.status < 300) resolve(response.json() as Promise<T>);
      else void errorOf(response).then(reject);
    };
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}

/**
 * Validation messages by the field they name: "callSettings.maxConcurrentCalls must not be less than 1"
 * and "campaignId: campaign has no contacts" go to `callSettings.maxConcurrentCalls` and `campaignId`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const lines = error.details.length > 0 ? error.details : error.message.split('; ');
  const byField: Record<string, string> = {};
  for (const line of lines) {
    const field = /^([A-Za-z_][\w.]*?):?\s/.exec(line)?.[1];
    if (field && !(field in byField)) byField[field] = line;
  }
  return byField;
}
