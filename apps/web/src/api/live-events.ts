import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiSend, session } from './client';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

interface Change {
  type: 'call' | 'campaign';
  id: string;
  campaignId?: string;
}

const FLUSH_MS = 300;
const RECONNECT_MS = 2_000;

/**
 * The organization's change stream (`GET /events` with a one-minute ticket): every call or campaign change
 * marks the queries that show it stale, batched so that a busy campaign refetches a few times a second at
 * most. Nothing polls. When the stream (re)opens, every list reloads, since events are not a log.
 */
export function useLiveEvents(enabled: boolean): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const stale = new Set<string>();
    let flush: ReturnType<typeof setTimeout> | undefined;

    const mark = (...keys: string[]) => {
      keys.forEach((key) => stale.add(key));
      flush ??= setTimeout(() => {
        flush = undefined;
        invalidate(queryClient, [...stale]);
        stale.clear();
      }, FLUSH_MS);
    };

    const open = async () => {
      try {
        const { ticket } = await apiSend<{ ticket: string }>('POST', '/events/ticket');
        if (closed) return;
        source = new EventSource(`/api/v1/events?ticket=${encodeURIComponent(ticket)}`);
      } catch {
        if (!closed && session.token()) retry = setTimeout(() => void open(), RECONNECT_MS);
        return;
      }
      source.onopen = () => {
        setState('live');
        void queryClient.invalidateQueries();
      };
      // A reconnect after a minute needs a new ticket: close this one and ask again.
      source.onerror = () => {
        source?.close();
        setState('reconnecting');
        if (!closed) retry = setTimeout(() => void open(), RECONNECT_MS);
      };
      const onChange = (event: MessageEvent<string>) => {
        const change = JSON.parse(event.data) as Change;
        const campaignId = change.type === 'campaign' ? change.id : change.campaignId;
        mark(change.type === 'call' ? 'calls' : 'campaigns', 'dashboard', 'performance', 'contacts', ...(campaignId ? [`queue:${campaignId}`] : []));
        mark(change.type === 'call' ? `call:${change.id}` : `campaign:${change.id}`);
      };
      source.addEventListener('call', onChange);
      source.addEventListener('campaign', onChange);
    };

    void open();
    return () => {
      closed = true;
      source?.close();
      clearTimeout(retry);
      clearTimeout(flush);
    };
  }, [enabled, queryClient]);

  return state;
}

/** Keys are query-key heads ('calls', 'dashboard') or `queue:<campaignId>` / `call:<id>`. */
function invalidate(queryClient: QueryClient, keys: string[]): void {
  for (const key of keys) {
    const [head, id] = key.split(':');
    void queryClient.invalidateQueries({ queryKey: id ? [head, id] : [head] });
  }
}
