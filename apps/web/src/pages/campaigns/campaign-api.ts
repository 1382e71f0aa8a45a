import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../api/client';
import type { Campaign, QueueStatus, Script } from '../../api/types';

export type QueueAction = 'start' | 'pause' | 'resume' | 'stop';

export function useCampaigns() {
  return useQuery({ queryKey: ['campaigns'], queryFn: () => apiGet<{ campaigns: Campaign[] }>('/campaigns').then((r) => r.campaigns) });
}

export function useCampaign(id: string) {
  return useQuery({ queryKey: ['campaign', id], queryFn: () => apiGet<{ campaign: Campaign }>(`/campaigns/${id}`).then((r) => r.campaign) });
}

/** The workflow's live queue status (or the idle counts of a campaign that does not run, or its stored state when no worker answers). */
export function useQueueStatus(campaignId: string) {
  return useQuery({
    queryKey: ['queue', campaignId],
    queryFn: () =>
      apiGet<{ status: QueueStatus; live?: false; message?: string }>(`/calls/queue/status/${campaignId}`).then((r) =>
        r.live === false ? { ...r.status, engineNotice: r.message } : r.status,
      ),
  });
}

export function useScripts() {
  return useQuery({ queryKey: ['scripts'], queryFn: () => apiGet<{ scripts: Script[] }>('/scripts').then((r) => r.scripts) });
}

/** Start, pause, resume or stop a campaign's queue; its status reloads at once and then live. */
export function useQueueControl(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: QueueAction) => apiSend<{ message: string }>('POST', `/calls/automated/${action}`, { campaignId }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['queue', campaignId] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
    },
  });
}

/** Deletes a campaign without calls, archives one with calls. */
export function useArchiveCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (campaignId: string) => apiSend<{ result: 'archived' | 'deleted' }>('DELETE', `/campaigns/${campaignId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}
