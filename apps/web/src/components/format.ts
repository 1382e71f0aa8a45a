/** Display helpers shared by the pages. */

const TEMPORAL_UI = (import.meta.env.VITE_TEMPORAL_UI_URL as string | undefined) ?? 'http://127.0.0.1:8233';

/** A workflow's page in Temporal Web UI (namespace default), e.g. `campaign/<id>`. */
export function temporalUrl(workflowId: string): string {
  return `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`;
}

export function dateTime(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : '—';
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

export function seconds(value: number): string {
  return value >= 60 ? `${Math.floor(value / 60)}m ${Math.round(value % 60)}s` : `${Math.round(value)}s`;
}

/** "no_answer" → "no answer". */
export function label(value: string | null | undefined): string {
  return value ? value.replace(/_/g, ' ') : '—';
}

/** A number field's text as a number, or undefined when left empty (the API then keeps its default). */
export function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}
