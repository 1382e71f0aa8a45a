/** The bench's workflow: CallWorkflow's Update-to-turn path without a phone call, the turn as a local activity or as an activity task. */
import { condition, defineSignal, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { ConversationActivities } from '../activities/conversation.activities';
import type { CustomerInput } from '../libs/contracts/src';

const asLocal = proxyLocalActivities<ConversationActivities>({ startToCloseTimeout: '45s' });
const asTask = proxyActivities<ConversationActivities>({ startToCloseTimeout: '10s' });

export const benchTurnUpdate = defineUpdate<string, [CustomerInput]>('benchTurn');
export const benchDoneSignal = defineSignal('benchDone');

export async function turnBenchWorkflow(callId: string, local: boolean): Promise<number> {
  let turns = 0;
  let done = false;
  const { runConversationTurn } = local ? asLocal : asTask;
  setHandler(benchTurnUpdate, async (customer) => {
    turns += 1;
    const result = await runConversationTurn({ callId, turn: turns, unclearTurns: 0, customer });
    return result.reply;
  });
  setHandler(benchDoneSignal, () => void (done = true));
  await condition(() => done);
  return turns;
}
