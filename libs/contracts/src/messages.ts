/**
 * Signals, queries and updates of the workflows, shared by the workflows, the API and the worker's bridges.
 * Payloads are small plain objects: never contact lists.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallOutcome, CallSettings, QueueStatus, ScriptLanguage } from './domain';
import type { ComplianceReason } from './engine';
import type { CallHandoff, HandoffOrder } from './handoff';

/** What the worker's ARI bridge learned about a call's channel (Asterisk's event time in `at`). */
export type ChannelEvent =
  | { type: 'dial'; dialStatus: string; at: string }
  | { type: 'answered'; at: string }
  | { type: 'hangup'; cause: number; causeText: string; at: string };

/** Events of one channel in Asterisk's order; those that arrive within a few milliseconds travel as one signal. */
export const channelEventsSignal = defineSignal<[ChannelEvent[]]>('channelEvents');

export interface ConversationStart {
  /**
   * What to say first, in parts spoken one after another: to a person the greeting with the AI disclosure,
   * then the key menu; to an answering machine the voicemail message, or nothing.
   */
  speech: string[];
  /** The script's language (BCP 47): the voice speaks it and speech to text listens for it. */
  language: ScriptLanguage;
  /** False when the call ended before the conversation could start. */
  proceed: boolean;
  /** The campaign records its calls: the stored recording (on Asterisk) to record the whole call into, before the opening is spoken. */
  recording?: { name: string };
}
/**
 * Sent by the FastAGI session as soon as the channel runs the conversation. It greets a person while
 * answering-machine detection still runs; `machine` is kept for histories from before that.
 */
export const startConversationUpdate = defineUpdate<ConversationStart, [{ answeredBy: 'person' | 'machine' }]>('startConversation');
/**
 * Sent by another worker's FastAGI session when the one holding the conversation died with the channel still
 * up (the dialplan's [dialer-rescue]): what to say to pick the conversation up, and the turn to go on from.
 * `proceed` is false when there is nothing to resume (the call ended, or its conversation had).
 */
export interface ConversationResume extends ConversationStart {
  nextTurn: number;
}
export const resumeConversationUpdate = defineUpdate<ConversationResume>('resumeConversation');
/** Sent when detection, which runs while the greeting plays, finds an answering machine: returns the voicemail message. */
export const answeringMachineUpdate = defineUpdate<ConversationStart>('answeringMachine');

/** What the customer said (speech to text) or pressed in one turn; both empty when nothing came. */
export interface CustomerInput {
  text?: string;
  dtmf?: string;
}
export interface ConversationReply {
  reply: string;
  end: boolean;
  /** After the reply, put the customer through to a person (libs/conversation/src/agent-handoff.ts). */
  handoff?: HandoffOrder;
}
/** One turn: the FastAGI session sends the customer's words, the workflow runs the turn activity. */
export const conversationTurnUpdate = defineUpdate<ConversationReply, [CustomerInput]>('conversationTurn');
/**
 * Sent by the FastAGI session once it stopped and deleted the recording a customer declined (with what they
 * pressed or said): the call says so, and the reply acknowledges it (their answer to the menu is still to come).
 */
export const declineRecordingUpdate = defineUpdate<{ reply: string }, [CustomerInput]>('declineRecording');

/**
 * What a CallWorkflow returns. Its campaign run reads it as the child's result; a run continued as new
 * reads the calls it took over from their closed workflows (no signal per call: that cost a workflow task).
 */
export interface CallFinished {
  workflowId: string;
  contactId: string;
  outcome: CallOutcome;
  answered: boolean;
  /** False when the compliance gate refused the attempt before any dial. */
  dialed: boolean;
  /** Why the gate refused it, when it did. */
  refusal?: ComplianceReason;
  /** True when the contact is done (no retry or callback scheduled). */
  contactFinal: boolean;
}

/**
 * Campaign control. The API, Temporal Web UI and the `temporal` CLI all send these same signals, and the
 * workflow alone records the resulting state on the campaign row. The argument is optional, so Web UI can
 * send them with no input.
 */
export interface ControlInput {
  /** Shown as the pause reason; who paused and why. */
  reason?: string;
}
export const pauseSignal = defineSignal<[ControlInput?]>('pause');
export const resumeSignal = defineSignal<[ControlInput?]>('resume');
export const stopSignal = defineSignal<[ControlInput?]>('stop');
export const statusQuery = defineQuery<QueueStatus>('status');
export const updateSettingsUpdate = defineUpdate<CallSettings, [Partial<CallSettings>]>('updateSettings');

/** Sent by the FastAGI session when the conversation ends on our side (before the channel is gone). */
export const conversationEndedSignal = defineSignal<[{ outcome: CallOutcome }]>('conversationEnded');

/** Sent by a campaign to its calls held at the gate while it was paused: look again, it runs. */
export const campaignResumedSignal = defineSignal('campaignResumed');

/** Sent by the FastAGI session when an agent took a handed-off call: the outcome is `transferred`. */
export const agentConnectedSignal = defineSignal<[Omit<CallHandoff, 'connected' | 'dialStatus'>]>('agentConnected');
/**
 * Sent by the FastAGI session when no agent answered in time: the workflow books a callback and returns
 * what to tell the customer before the hang-up.
 */
export const agentUnavailableUpdate = defineUpdate<ConversationReply, [Omit<CallHandoff, 'connected' | 'agent'>]>('agentUnavailable');
