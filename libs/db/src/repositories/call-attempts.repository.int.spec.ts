import type { DataSource } from 'typeorm';
import { newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { CallAttempts } from './call-attempts.repository';

describe(CallAttempts.name, () => {
  let db: DataSource;
  let sut: CallAttempts;

  beforeAll(async () => {
    db = await testDatabase();
    sut = new CallAttempts(db);
  });
  afterAll(() => db?.destroy());

  const attempt = async (phone: string) => {
    const contact = await newContact(db, await newCampaign(db), phone);
    const input = { campaignId: contact.campaignId, contactId: contact.contactId, attempt: 1, workflowId: `wf-${phone}`, channelId: `ch-${phone}-${Date.now()}` };
    return { contact, input };
  };
  const events = async (callId: string) =>
    ((await db.query('SELECT event_type FROM call_events WHERE call_id = $1 ORDER BY id', [callId])) as { event_type: string }[]).map((e) => e.event_type);

  it('reserves one row per attempt, however often the reservation is retried', async () => {
    const { input } = await attempt('+12025550160');
    const first = await sut.reserve(input);
    const again = await sut.reserve(input);
    expect(again?.callId).toBe(first?.callId);
    expect(first).toMatchObject({ contact: { phone: '+12025550160' }, endedOutcome: null, script: null });
  });

  it('records the dial, the answer and the end once each, as the seed lifecycle', async () => {
    const { contact, input } = await attempt('+12025550161');
    const { callId } = (await sut.reserve(input))!;
    const dialedAt = new Date(Date.now() - 10_000);
    expect(await sut.requestDial(callId, dialedAt, { callerId: '+15550001234' })).toBe(true);
    // The fence: a second request (a re-run after a crash) may not dial again and changes nothing.
    expect(await sut.requestDial(callId, new Date(), { callerId: '+15550001234' })).toBe(false);
    const answeredAt = new Date(Date.now() - 5_000);
    await sut.markAnswered(callId, answeredAt);
    const [live] = (await db.query('SELECT status, dialed_at, answered_at FROM calls WHERE id = $1', [callId])) as { status: string; dialed_at: Date; answered_at: Date }[];
    expect(live).toEqual({ status: 'in_progress', dialed_at: dialedAt, answered_at: answeredAt });

    const endedAt = new Date();
    // The workflow reports the dial time of a re-run of its dial step (later than the dial): the fence's stays.
    const ended = await sut.transaction((em) =>
      sut.end(em, callId, { status: 'completed', outcome: 'interested', dialStatus: 'ANSWER', hangupCause: 16, hangupCauseText: 'Normal Clearing', dialedAt: endedAt, answeredAt, endedAt, compliance: null }),
    );
    expect(ended?.dialedAt).toEqual(dialedAt);
    // A late answer event after the end changes nothing.
    await sut.markAnswered(callId, new Date());
    expect(await events(callId)).toEqual(['call_initiated', 'call_answered', 'call_ended']);
    const [row] = (await db.query('SELECT status, duration, compliance, dialed_at FROM calls WHERE id = $1', [callId])) as { status: string; duration: number; compliance: unknown; dialed_at: Date }[];
    expect(row).toEqual({ status: 'completed', duration: 5, compliance: null, dialed_at: dialedAt });
    expect((await sut.history(contact.contactId)).dialed).toBe(1);
    expect((await sut.reserve(input))?.endedOutcome).toBe('interested');
  });

  it('counts the budget from the campaign\'s last reset, and judges an attempt without its own dial', async () => {
    const { contact, input } = await attempt('+12025550163');
    const first = (await sut.reserve(input))!;
    await sut.requestDial(first.callId, new Date(), {});
    expect(await sut.history(contact.contactId, undefined, first.callId)).toEqual({ dialed: 0, callbacks: 0 });
    expect(await sut.history(contact.contactId)).toEqual({ dialed: 1, callbacks: 0 });
    // Switching the campaign's mode resets its contacts: the attempts so far are the new base.
    await db.query('UPDATE contacts SET attempts = 1, attempt_base = 1 WHERE id = $1', [contact.contactId]);
    expect(await sut.history(contact.contactId)).toEqual({ dialed: 0, callbacks: 0 });
    const second = (await sut.reserve({ ...input, attempt: 2, channelId: `${input.channelId}-2` }))!;
    await sut.requestDial(second.callId, new Date(), {});
    expect(await sut.history(contact.contactId)).toEqual({ dialed: 1, callbacks: 0 });
  });

  it('reads the exchanges before a turn, and adds up the model tokens of every request', async () => {
    const { contact, input } = await attempt('+12025550162');
    const { callId } = (await sut.reserve(input))!;
    for (const turn of [0, 1, 2]) await sut.appendTurn(callId, contact.organizationId, turn, { ai_response: `reply ${turn}` });
    expect(await sut.turns(callId)).toEqual([{ ai_response: 'reply 0' }, { ai_response: 'reply 1' }, { ai_response: 'reply 2' }]);
    // A retried turn 2 sees only what came before it.
    expect(await sut.turns(callId, 2)).toEqual([{ ai_response: 'reply 0' }, { ai_response: 'reply 1' }]);

    expect(await sut.llmUsage(callId)).toEqual({ promptTokens: 0, completionTokens: 0 });
    await Promise.all([sut.addLlmUsage(callId, { promptTokens: 400, completionTokens: 30 }), sut.addLlmUsage(callId, { promptTokens: 520, completionTokens: 25 })]);
    expect(await sut.llmUsage(callId)).toEqual({ promptTokens: 920, completionTokens: 55 });
  });
});
