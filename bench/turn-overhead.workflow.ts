/** The bench's workflow: the same Update-to-turn-activity path as CallWorkflow, without a phone call. */
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ConversationActivities } from '../activities/conversation.activities';
import type { CustomerInput } from '../libs/contracts/src';

const { runConversationTurn } = proxyActivities<ConversationActivities>({ startToCloseTimeout: '10s' });

export const benchTurnUpdate = defineUpdate<string, [CustomerInput]>('benchTurn');
export const benchDoneSignal = defineSignal('benchDone');

export async function turnBenchWorkflow(callId: string): Promise<number> {
  let turns = 0;
  let done = false;
  setHandler(benchTurnUpdate, async (customer) => {
    turns += 1;
    const result = await runConversationTurn({ callId, turn: turns, unclearTurns: 0, customer });
    return result.reply;
  });
  setHandler(benchDoneSignal, () => void (done = true));
  await condition(() => done);
  return turns;
}
