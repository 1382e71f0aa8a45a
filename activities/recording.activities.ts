import { Context, log } from '@temporalio/activity';
import { type CustomerInput, DEFAULT_LANGUAGE, callNotFound } from '../libs/contracts/src';
import type { CallAttempts, CallRecordingRepository } from '../libs/db/src';
import { type ConversationTurn, catalogueFor, describeRecordingDecline } from '../libs/conversation/src';
import { RecordingFiles, asteriskRecordingName, readWavInfo } from '../libs/recordings/src';
import { RecordingNotFoundError } from '../libs/telephony/src/ari-recordings';
import { offsetFromAnswer } from './conversation.activities';

export interface RecordingActivityDeps {
  calls: CallAttempts;
  callRecordings: CallRecordingRepository;
  /** Asterisk's stored recordings, over ARI: Asterisk may run on another host than the worker. */
  asteriskRecordings: { fetch(name: string): Promise<Buffer>; remove(name: string): Promise<void> };
  recordingFiles: RecordingFiles;
}

/**
 * Asterisk finalises a WAV's header as it closes the file, a moment after the hang-up: an unfinished one
 * is fetched again (the activity's retries) this many times before the recording counts as failed.
 */
const UNFINISHED_ATTEMPTS = 10;

export function createRecordingActivities({ calls, callRecordings, asteriskRecordings, recordingFiles }: RecordingActivityDeps) {
  return {
    /**
     * The customer declined (the session already stopped and deleted the recording): the call says so, and
     * the transcript shows the decline and its acknowledgement.
     */
    async declineRecording(input: { callId: string; turn: number; customer: CustomerInput; answeredAt?: string | null }): Promise<{ reply: string }> {
      const context = await calls.context(input.callId);
      if (!context) throw callNotFound(input.callId);
      const language = context.script?.language ?? DEFAULT_LANGUAGE;
      const phrases = catalogueFor(language);
      const reply = `${phrases.recording.stopped} ${phrases.keyMenu}`;
      await callRecordings.declined(input.callId, input.turn);
      const exchange: ConversationTurn = {
        user_input: describeRecordingDecline(input.customer, language),
        ai_response: reply,
        timestamp: new Date().toISOString(),
        offset_ms: offsetFromAnswer(input.answeredAt),
      };
      await calls.appendTurn(input.callId, context.organizationId, 'recording-declined', exchange);
      return { reply };
    },

    /**
     * After the call: moves its recording off Asterisk into the recordings directory, then deletes it there.
     * A declined recording is only made sure gone from Asterisk. Safe to run again at any point.
     */
    async storeRecording(input: { callId: string }): Promise<{ stored: boolean }> {
      const name = asteriskRecordingName(input.callId);
      if ((await callRecordings.status(input.callId)) !== 'recording') {
        await asteriskRecordings.remove(name);
        return { stored: false };
      }
      let audio: Buffer;
      try {
        audio = await asteriskRecordings.fetch(name);
      } catch (error) {
        if (!(error instanceof RecordingNotFoundError)) throw error;
        await callRecordings.failed(input.callId, 'not found on Asterisk');
        return { stored: false };
      }
      const wav = readWavInfo(audio);
      if (!wav?.complete) {
        if (Context.current().info.attempt < UNFINISHED_ATTEMPTS) throw new Error(`recording ${name} is still being written`);
        log.warn('recording never finished on Asterisk', { callId: input.callId, bytes: audio.length });
        await callRecordings.failed(input.callId, wav ? 'unfinished WAV header' : 'not a WAV file');
        return { stored: false };
      }
      const context = await calls.context(input.callId);
      if (!context) throw callNotFound(input.callId);
      const file = RecordingFiles.fileOf(context.organizationId, input.callId);
      await recordingFiles.save(file, audio);
      await callRecordings.stored(input.callId, file, Math.round(wav.durationMs));
      await asteriskRecordings.remove(name);
      return { stored: true };
    },
  };
}

export type RecordingActivities = ReturnType<typeof createRecordingActivities>;
