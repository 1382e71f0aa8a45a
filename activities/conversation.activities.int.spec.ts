import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { catalogueFor } from '../libs/conversation/src';
import { reanalysisWorkflowId } from '../libs/contracts/src';
import { CallAnalyses, CallAttempts, CallRecordingRepository, CallRepository, DncRepository, ReanalysisRepository } from '../libs/db/src';
import { newCall, newCampaign, newContact } from '../test/support/db-fixtures';
import { testConfig, testDatabase } from '../test/support/test-env';
import { createConversationActivities } from './conversation.activities';
import { createReanalysisActivities } from './reanalysis.activities';

const KEY_MENU = catalogueFor('en-US').keyMenu;

interface ChatRequest {
  messages: { role: string; content: string }[];
}

/**
 * Spoken turns through a model on a local chat-completions server, against the real PostgreSQL: what the
 * model is told, what the caller hears when it fails, and the tokens the call is billed.
 */
describe('conversation turns with a language model', () => {
  const TIMEOUT_MS = 500;
  let db: DataSource;
  let server: Server;
  let baseUrl: string;
  let respond: (res: ServerResponse) => void;
  const requests: ChatRequest[] = [];
  const warn = jest.fn();
  const script = {
    mainPitch: 'We install solar panels with no upfront cost.',
    objectionHandling: { price: 'There is no upfront cost, {first_name}: you pay from the savings.' },
    closing: 'Wonderful, a colleague will call you this week. Goodbye.',
    followUp: 'Thank you for your time. Goodbye.',
  };
  let campaign: { organizationId: string; campaignId: string };
  let scriptId: string;
  let phones = 0;

  beforeAll(async () => {
    db = await testDatabase();
    campaign = await newCampaign(db);
    [{ id: scriptId }] = (await db.query(
      `INSERT INTO scripts (organization_id, name, main_pitch, objection_handling, closing, follow_up) VALUES ($1, 'Solar', $2, $3, $4, $5) RETURNING id`,
      [campaign.organizationId, script.mainPitch, JSON.stringify(script.objectionHandling), script.closing, script.followUp],
    )) as [{ id: string }];
    await db.query('UPDATE campaigns SET script_id = $2 WHERE id = $1', [campaign.campaignId, scriptId]);

    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push(JSON.parse(body) as ChatRequest);
        respond(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    // The silent model's requests are still open: drop them so the server can close.
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await db?.destroy();
  });
  beforeEach(() => {
    requests.length = 0;
    warn.mockClear();
  });

  const withModel = () => ({
    ...testConfig().conversation,
    llm: { baseUrl, model: 'test-model', timeoutMs: TIMEOUT_MS },
    rates: { perMinute: 0, ttsPer1kChars: 0, llmPer1kPromptTokens: 0.5, llmPer1kCompletionTokens: 2 },
  });
  const activities = () =>
    createConversationActivities({
      calls: new CallAttempts(db),
      callRecordings: new CallRecordingRepository(db),
      dnc: new DncRepository(db),
      conversation: withModel(),
      dialing: testConfig().dialing,
      logger: { warn },
    });
  /** A call answered by a person, its greeting recorded as turn 0. */
  const answeredCall = async () => {
    const contact = await newContact(db, campaign, `+120255501${String(phones++).padStart(2, '0')}`, { firstName: 'Ada', lastName: 'Lovelace', email: '' });
    const callId = await newCall(db, contact, { status: 'in_progress' });
    await activities().openConversation({ callId, greeting: 'Hello Ada, this is an automated assistant calling on behalf of Acme Solar.', answeredBy: 'person', turn: 0 });
    return callId;
  };
  const answer = (fields: object, usage: { prompt_tokens: number; completion_tokens: number }) => (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        choices: [{ message: { role: 'assistant', content: JSON.stringify({ objection: null, emotion: 'neutral', confidence: 0.8, callbackAt: null, ...fields }) } }],
        usage,
      }),
    );
  const tokens = async (callId: string) =>
    ((await db.query('SELECT llm_prompt_tokens AS prompt, llm_completion_tokens AS completion FROM calls WHERE id = $1', [callId])) as { prompt: number; completion: number }[])[0];
  // What the rules answer to "It's too expensive": the script's price objection, then the key menu.
  const rulesPriceReply = `There is no upfront cost, Ada: you pay from the savings. ${KEY_MENU}`;

  it('gives the model the script and the call so far, in order, and bills every turn to the call', async () => {
    const callId = await answeredCall();
    const sut = activities();
    respond = answer({ reply: 'They are panels on your roof that make your power.', intent: 'question' }, { prompt_tokens: 400, completion_tokens: 30 });
    const first = await sut.runConversationTurn({ callId, turn: 1, unclearTurns: 0, customer: { text: 'What are they exactly?' } });
    expect(first).toMatchObject({ reply: 'They are panels on your roof that make your power.', end: false });
    respond = answer({ reply: 'Nothing up front: you pay from what you save.', intent: 'objection', objection: 'price' }, { prompt_tokens: 520, completion_tokens: 25 });
    await sut.runConversationTurn({ callId, turn: 2, unclearTurns: 0, customer: { text: 'And what would that cost me?' } });

    const [, second] = requests;
    expect(second!.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', expect.stringContaining('on behalf of') as unknown],
      ['assistant', `Hello Ada, this is an automated assistant calling on behalf of Acme Solar. ${KEY_MENU}`],
      ['user', 'What are they exactly?'],
      ['assistant', 'They are panels on your roof that make your power.'],
      ['user', 'And what would that cost me?'],
    ]);
    const system = second!.messages[0]!.content;
    expect(system).toContain('calling Ada on behalf of Test org');
    expect(system).toContain('Main pitch: We install solar panels with no upfront cost.');
    expect(system).toContain('- price: There is no upfront cost, Ada: you pay from the savings.');
    expect(system).toContain('Closing, when the customer is interested: Wonderful, a colleague will call you this week. Goodbye.');

    expect(await tokens(callId)).toEqual({ prompt: 920, completion: 55 });
    await sut.analyzeCall({ callId, outcome: 'interested', durationSeconds: 60 });
    const call = await new CallRepository(db).find(campaign.organizationId, callId);
    // 920 × 0.5 / 1000 + 55 × 2 / 1000
    expect(call).toMatchObject({ llmPromptTokens: 920, llmCompletionTokens: 55, cost: 0.57 });
  });

  it('answers with the rules within the timeout when the model never answers', async () => {
    const callId = await answeredCall();
    respond = () => undefined;
    const started = Date.now();
    const result = await activities().runConversationTurn({ callId, turn: 1, unclearTurns: 0, customer: { text: "It's too expensive" } });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);
    expect(result).toMatchObject({ reply: rulesPriceReply, end: false });
    expect(warn).toHaveBeenCalledWith('LLM unavailable; the rules answer this turn', { reason: `LLM took longer than ${TIMEOUT_MS} ms` });
    expect(await tokens(callId)).toEqual({ prompt: 0, completion: 0 });
  });

  it('answers with the rules when the model fails or answers nonsense, and still bills what it was charged', async () => {
    const callId = await answeredCall();
    const sut = activities();
    respond = (res) => res.writeHead(500).end('overloaded');
    let started = Date.now();
    expect(await sut.runConversationTurn({ callId, turn: 1, unclearTurns: 0, customer: { text: "It's too expensive" } })).toMatchObject({ reply: rulesPriceReply });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);

    respond = (res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { content: 'Sure! {reply: maybe' } }], usage: { prompt_tokens: 300, completion_tokens: 8 } }));
    started = Date.now();
    expect(await sut.runConversationTurn({ callId, turn: 2, unclearTurns: 0, customer: { text: "It's too expensive" } })).toMatchObject({ reply: rulesPriceReply });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);

    respond = answer({ reply: 'We have a boat for you.', intent: 'buying_a_boat' }, { prompt_tokens: 310, completion_tokens: 9 });
    expect(await sut.runConversationTurn({ callId, turn: 3, unclearTurns: 0, customer: { text: "It's too expensive" } })).toMatchObject({ reply: rulesPriceReply });

    expect(warn.mock.calls.map(([, meta]) => (meta as { reason: string }).reason)).toEqual([
      'LLM answered HTTP 500',
      'LLM answer is not JSON',
      'LLM answer lacks a reply or a known intent',
    ]);
    expect(await tokens(callId)).toEqual({ prompt: 610, completion: 17 });
  });

  it("stores the call's analysis as its first version once, and a re-analysis reads each spoken turn through today's model", async () => {
    const callId = await answeredCall();
    const sut = activities();
    respond = answer({ reply: 'They are panels on your roof that make your power.', intent: 'question' }, { prompt_tokens: 400, completion_tokens: 30 });
    await sut.runConversationTurn({ callId, turn: 1, unclearTurns: 0, customer: { text: 'What are they exactly?' } });
    await sut.runConversationTurn({ callId, turn: 2, unclearTurns: 0, customer: { text: 'Sounds good to me' } });
    // Twice: a retried analysis step (its worker died after the write) stores no second version.
    await sut.analyzeCall({ callId, outcome: 'interested', durationSeconds: 60 });
    await sut.analyzeCall({ callId, outcome: 'interested', durationSeconds: 60 });
    const versions = () => new CallAnalyses(db).versions(campaign.organizationId, callId);
    expect(await versions()).toEqual([expect.objectContaining({ version: 1, emotion: 'neutral', producedBy: expect.objectContaining({ kind: 'call', llmModel: 'test-model', scriptId }) })]);

    const [[{ contact_id: contactId }]] = (await db.query(
      `UPDATE calls SET outcome = 'interested', answered_at = now() - interval '1 minute', ended_at = now(), duration = 60 WHERE id = $1 RETURNING contact_id`,
      [callId],
    )) as [[{ contact_id: string }], number];
    const reanalyses = new ReanalysisRepository(db);
    const run = await reanalyses.create(campaign.organizationId, { contactId }, reanalysisWorkflowId);
    const rerun = createReanalysisActivities({ reanalyses, calls: new CallAttempts(db), conversation: withModel(), logger: { warn }, beat: () => undefined });
    expect(await rerun.startReanalysis({ reanalysisId: run.id })).toEqual({ total: 1 });
    requests.length = 0;
    respond = answer({ reply: 'Great.', intent: 'interested', emotion: 'positive' }, { prompt_tokens: 100, completion_tokens: 5 });
    const page = { reanalysisId: run.id, after: null, pageSize: 10, before: { processed: 0, changed: 0, backfilled: 0 } };
    expect(await rerun.reanalyzePage(page)).toEqual({ counts: { processed: 1, changed: 1, backfilled: 0 }, lastCallId: null });
    // The two spoken customer turns, each with the script and the re-read turns before it; the greeting is the AI's own.
    expect(requests.map((r) => r.messages.at(-1)?.content)).toEqual(['What are they exactly?', 'Sounds good to me']);
    expect(requests[1]!.messages[0]!.content).toContain('Main pitch: We install solar panels with no upfront cost.');
    // A retried page (or a reset run) finds its version and counts the same.
    expect(await rerun.reanalyzePage(page)).toEqual({ counts: { processed: 1, changed: 1, backfilled: 0 }, lastCallId: null });
    const [latest, first] = await versions();
    expect(latest).toMatchObject({ version: 2, emotion: 'positive', intentScore: 0.9, producedBy: { kind: 'reanalysis', reanalysisId: run.id, llmModel: 'test-model', scriptId } });
    expect(first).toMatchObject({ version: 1, emotion: 'neutral' });
    expect(await new CallRepository(db).find(campaign.organizationId, callId)).toMatchObject({ emotion: 'positive', intentScore: 0.9 });
  });
});
