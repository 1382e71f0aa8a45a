import type { CallRecordingRepository } from '../../db/src';
import type { RecordingFiles } from './recording-files';

const SWEEP_BATCH = 100;

/**
 * Deletes every stored recording past its campaign's retention and marks its call `expired`. The file goes
 * first: a sweep that dies between the two finds the row still `stored` and finishes the job next time.
 */
export async function deleteExpiredRecordings(recordings: Pick<CallRecordingRepository, 'pastRetention' | 'expired'>, files: RecordingFiles): Promise<number> {
  let deleted = 0;
  for (;;) {
    const due = await recordings.pastRetention(SWEEP_BATCH);
    for (const { callId, file } of due) {
      await files.remove(file);
      if (await recordings.expired(callId)) deleted += 1;
    }
    if (due.length < SWEEP_BATCH) return deleted;
  }
}
