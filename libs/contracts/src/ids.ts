/**
 * Workflow and channel ids built from business ids. One pure helper for the API, the workflows and the
 * worker's event bridge, so that every side names the same run and the same channel.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CHANNEL_ID = new RegExp(`^dialer-(${UUID})-(${UUID})-(\\d+)$`);

export interface AttemptRef {
  campaignId: string;
  contactId: string;
  attempt: number;
}

export function campaignWorkflowId(campaignId: string): string {
  return `campaign/${campaignId}`;
}

/**
 * The Temporal Schedule of a campaign's launch plan. The runs it starts are named after it, with the scheduled
 * time appended by Temporal (`campaign/{id}/launch-2026-03-10T14:00:00Z`).
 */
export function campaignLaunchScheduleId(campaignId: string): string {
  return `campaign/${campaignId}/launch`;
}

export function callWorkflowId(ref: AttemptRef): string {
  return `campaign/${ref.campaignId}/contact/${ref.contactId}/attempt/${ref.attempt}`;
}

/**
 * The ARI channel id of an attempt. It is derived from the attempt, not random, so a retried or
 * reconciled originate can only ever refer to the same channel, and the event bridge can find the
 * workflow of any channel event without a lookup table.
 */
export function callChannelId(ref: AttemptRef): string {
  return `dialer-${ref.campaignId}-${ref.contactId}-${ref.attempt}`;
}

export function parseCallChannelId(channelId: string): AttemptRef | undefined {
  const match = CHANNEL_ID.exec(channelId);
  if (!match) return undefined;
  return { campaignId: match[1]!, contactId: match[2]!, attempt: Number(match[3]) };
}
