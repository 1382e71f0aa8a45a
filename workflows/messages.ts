/**
 * Signals, queries and updates of the workflows, shared by the workflows, the API and the worker's bridges.
 * Payloads are small plain objects: never contact lists.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallOutcome, CallSettings, QueueStatus } from '../libs/contracts/src';

/** What the worker's ARI bridge learned about a call's channel. */
export type ChannelEvent =
  | { type: 'dial'; dialStatus: string; at: string }
  | { type: 'answered'; at: string }
  | { type: 'hangup'; cause: number; causeText: string; at: string };

export const channelEventSignal = defineSignal<[ChannelEvent]>('channelEvent');

export interface ConversationStart {
  greeting: string;
  /** False when the call ended before the conversation could start. */
  proceed: boolean;
}
/** Sent by the FastAGI session once the channel runs the conversation. */
export const startConversationUpdate = defineUpdate<ConversationStart, []>('startConversation');

export interface CallFinished {
  workflowId: string;
  contactId: string;
  outcome: CallOutcome;
  answered: boolean;
  /** False when the compliance gate refused the attempt before any dial. */
  dialed: boolean;
  /** True when the contact is done (no retry or callback scheduled). */
  contactFinal: boolean;
}
/** Sent by each CallWorkflow to its campaign, by workflow id, so a continued-as-new campaign still hears it. */
export const callFinishedSignal = defineSignal<[CallFinished]>('callFinished');

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const stopSignal = defineSignal('stop');
export const statusQuery = defineQuery<QueueStatus>('status');
export const updateSettingsUpdate = defineUpdate<CallSettings, [Partial<CallSettings>]>('updateSettings');

/** Sent by the FastAGI session when the conversation ends on our side (before the channel is gone). */
export const conversationEndedSignal = defineSignal<[{ outcome: CallOutcome }]>('conversationEnded');
