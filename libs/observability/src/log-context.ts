import { AsyncLocalStorage } from 'node:async_hooks';

/** The ids a log line carries when the code that logs works for one organization, campaign or call. */
export interface LogContext {
  organizationId?: string;
  campaignId?: string;
  callId?: string;
  workflowId?: string;
}

export const LOG_CONTEXT_KEYS = ['organizationId', 'campaignId', 'callId', 'workflowId'] as const satisfies readonly (keyof LogContext)[];

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these ids on every line logged inside it, awaited work included; inner ids add to outer ones. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...definedIds(context) }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** The string ids of LogContext found on any object (an activity's input, a log call's metadata). */
export function definedIds(source: unknown): LogContext {
  const ids: LogContext = {};
  if (typeof source !== 'object' || source === null) return ids;
  for (const key of LOG_CONTEXT_KEYS) {
    const value = (source as Record<string, unknown>)[key];
    if (typeof value === 'string' && value !== '') ids[key] = value;
  }
  return ids;
}
