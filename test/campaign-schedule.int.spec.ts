import request from 'supertest';
import { ScheduleNotFoundError, WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import { localTime } from '../libs/compliance/src/calling-window';
import {
  CAMPAIGN_LAUNCH_WORKFLOW,
  CAMPAIGN_WORKFLOW,
  type CampaignLaunchReport,
  OrganizationIdKey,
  campaignLaunchScheduleId,
  campaignWorkflowId,
} from '../libs/contracts/src';
import { wallClockIn } from '../libs/scheduling/src';
import type { LaunchScheduleView } from '../apps/api/src/campaigns/campaign-schedules.service';
import { campaignLaunchWorkflow, campaignWorkflow } from '../workflows';
import { login } from './support/api-app';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { createTenant, daytimeZone, eventually, testConfig } from './support/test-env';

/**
 * Launch plans as Temporal Schedules, end to end: the API sets them, Temporal's scheduler fires them, the worker's
 * launch workflow starts (and stops) the campaign. +1 202 555 011x numbers are busy simulated customers
 * (asterisk/extensions.conf): their calls end at once, and a retry delay keeps the campaign running after them.
 */
describe('scheduled launches', () => {
  let harness: DialerHarness;
  let driver: CampaignDriver;
  let otherOrganization: string;
  let viewer: string;
  const config = testConfig();
  const contactZone = daytimeZone();
  const campaigns: string[] = [];

  beforeAll(async () => {
    harness = await startDialer(config);
    driver = harness.driver;
    const other = await createTenant(harness.db);
    otherOrganization = await login(harness.app, other.email, other.password);
    const viewerUser = await createTenant(harness.db, 'viewer', harness.organizationId);
    viewer = await login(harness.app, viewerUser.email, viewerUser.password);
  });

  // The shared Temporal would keep every schedule this file leaves behind (and fire the recurring ones).
  afterAll(async () => {
    if (!harness) return;
    for (const campaignId of campaigns) {
      await scheduleOf(campaignId)
        .delete()
        .catch((error: unknown) => {
          if (!(error instanceof ScheduleNotFoundError)) throw error;
        });
      await harness.temporal.workflow
        .getHandle(campaignWorkflowId(campaignId))
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    await harness.close();
  });

  const scheduleOf = (campaignId: string) => harness.temporal.schedule.getHandle(campaignLaunchScheduleId(campaignId));
  const as = (token: string) => {
    const http = () => request(harness.app.getHttpServer());
    return {
      get: (path: string) => http().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
      put: (path: string, body: object) => http().put(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
      delete: (path: string) => http().delete(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    };
  };

  async function campaignWithContacts(phones: string[], callSettings: Record<string, unknown> = {}): Promise<string> {
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, retryAttempts: 2, retryDelayMinutes: 10, callTimeoutSeconds: 2, ...callSettings } },
      phones.map((phone) => ({ phone, timezone: contactZone })),
    );
    campaigns.push(campaignId);
    return campaignId;
  }

  async function campaignWithoutContacts(): Promise<string> {
    const created = await driver.post('/campaigns', { name: `Schedule test ${Date.now()}` }).expect(201);
    const campaignId = (created.body as { campaign: { id: string } }).campaign.id;
    campaigns.push(campaignId);
    return campaignId;
  }

  /** The wall-clock time of an instant in a zone, as an admin in that zone would type it (no offset). */
  function wallClockText(instant: Date, zone: string): string {
    const c = wallClockIn(instant, zone);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${c.year}-${two(c.month)}-${two(c.day)}T${two(c.hour)}:${two(c.minute)}:${two(c.second)}`;
  }

  /** A whole second at least `leadMs` from now. */
  const secondsAhead = (leadMs: number) => new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);

  async function schedule(campaignId: string): Promise<LaunchScheduleView> {
    return ((await driver.get(`/campaigns/${campaignId}/schedule`).expect(200)).body as { schedule: LaunchScheduleView }).schedule;
  }

  async function campaignRun(campaignId: string): Promise<WorkflowExecutionDescription | undefined> {
    try {
      return await harness.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  const rowStatus = async (campaignId: string) =>
    ((await harness.db.query('SELECT status, status_changed_at FROM campaigns WHERE id = $1', [campaignId])) as { status: string; status_changed_at: Date | null }[])[0]!;

  /** The newest launch's recorded result, once it has one. */
  const launchResult = (campaignId: string) =>
    eventually(async () => (await schedule(campaignId)).recentLaunches[0]?.result ?? undefined, `a launch of campaign ${campaignId}`, 30_000, 200);

  it('the worker runs the workflows the schedules and the launcher name', () => {
    expect(campaignLaunchWorkflow.name).toBe(CAMPAIGN_LAUNCH_WORKFLOW);
    expect(campaignWorkflow.name).toBe(CAMPAIGN_WORKFLOW);
  });

  it('starts the campaign within a second of its time in the chosen zone, and stops it at the stop time', async () => {
    const campaignId = await campaignWithContacts(['+12025550110']);
    const zone = 'America/New_York';
    const startAt = secondsAhead(6_000);
    const stopAt = new Date(startAt.getTime() + 8_000);
    const put = await driver
      .put(`/campaigns/${campaignId}/schedule`, { startAt: wallClockText(startAt, zone), stopAt: wallClockText(stopAt, zone), timezone: zone })
      .expect(200);
    expect((put.body as { schedule: LaunchScheduleView }).schedule).toMatchObject({
      scheduleId: `campaign/${campaignId}/launch`,
      plan: { kind: 'once', startAt: startAt.toISOString(), stopAt: stopAt.toISOString(), timezone: zone },
      timezone: zone,
      paused: false,
      nextRunTimes: [startAt.toISOString()],
      recentLaunches: [],
      overlapPolicy: 'SKIP',
      catchupWindowSeconds: 300,
    });
    // What Web UI's Schedules page shows: the zone, and who the schedule belongs to.
    const described = await scheduleOf(campaignId).describe();
    expect(described.spec.timezone).toBe(zone);
    expect(described.memo).toEqual({ organizationId: harness.organizationId, campaignId });
    expect(described.typedSearchAttributes.get(OrganizationIdKey)).toBe(harness.organizationId);
    expect(await campaignRun(campaignId)).toBeUndefined();

    const run = await eventually(() => campaignRun(campaignId), 'the scheduled start', 30_000, 100);
    const launched = (await scheduleOf(campaignId).describe()).info.recentActions[0]!;
    expect(launched.scheduledAt.toISOString()).toBe(startAt.toISOString());
    const lateMs = run.startTime.getTime() - launched.scheduledAt.getTime();
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1_000);
    expect(await launchResult(campaignId)).toEqual({ result: 'started', runId: run.runId });

    await eventually(async () => ((await driver.calls(campaignId)).some((c) => c.ended_at) ? true : undefined), 'the busy call to end');
    // The contact waits ten minutes for its retry: only the plan's stop ends this campaign now.
    expect((await rowStatus(campaignId)).status).toBe('active');
    await eventually(async () => ((await rowStatus(campaignId)).status === 'stopped' ? true : undefined), 'the scheduled stop', 30_000, 100);
    expect((await rowStatus(campaignId)).status_changed_at!.getTime()).toBeGreaterThanOrEqual(stopAt.getTime());
    const report = (await harness.temporal.workflow.getHandle(launched.action.workflow.workflowId).result()) as CampaignLaunchReport;
    expect(report).toEqual({ launch: { result: 'started', runId: run.runId }, stop: 'stop_sent' });
    expect(await schedule(campaignId)).toMatchObject({ nextRunTimes: [], runningLaunches: [], launchesTaken: 1, launchesMissed: 0 });
  });

  it('records a launch that could not start its campaign: no contacts, or already running', async () => {
    const empty = await campaignWithoutContacts();
    const running = await campaignWithContacts(['+12025550111']);
    await driver.start(running);
    const startAt = secondsAhead(4_000);
    // An instant with an offset is taken as given, whatever the zone.
    for (const campaignId of [empty, running]) {
      await driver.put(`/campaigns/${campaignId}/schedule`, { startAt: startAt.toISOString(), timezone: 'Europe/Berlin' }).expect(200);
    }
    expect(await launchResult(empty)).toEqual({ result: 'refused', reason: 'no_contacts', message: 'campaign has no contacts' });
    expect(await campaignRun(empty)).toBeUndefined();
    const runningRun = await campaignRun(running);
    expect(await launchResult(running)).toEqual({ result: 'already_running', runId: runningRun!.runId });
    await driver.post('/calls/automated/stop', { campaignId: running }).expect(200);
  });

  it('cancels a launch still waiting for its stop when the plan is deleted; the campaign runs on', async () => {
    const campaignId = await campaignWithContacts(['+12025550115']);
    const startAt = secondsAhead(3_000);
    const stopAt = new Date(startAt.getTime() + 30 * 60_000);
    await driver.put(`/campaigns/${campaignId}/schedule`, { startAt: startAt.toISOString(), stopAt: stopAt.toISOString(), timezone: 'UTC' }).expect(200);
    const waiting = await eventually(async () => (await schedule(campaignId)).runningLaunches[0], 'the launch waiting for its stop', 30_000, 200);

    expect((await driver.delete(`/campaigns/${campaignId}/schedule`).expect(200)).body).toMatchObject({ cancelledStops: 1 });
    const report = (await harness.temporal.workflow.getHandle(waiting).result()) as CampaignLaunchReport;
    expect(report).toMatchObject({ launch: { result: 'started' }, stop: 'cancelled' });
    expect((await campaignRun(campaignId))?.status.name).toBe('RUNNING');
    await driver.post('/calls/automated/stop', { campaignId }).expect(200);
  });

  it('shows a recurring plan with its next runs, reflects a pause made in Temporal, and deletes it', async () => {
    const campaignId = await campaignWithContacts(['+12025550112']);
    const zone = 'America/New_York';
    const weekdays = await driver.put(`/campaigns/${campaignId}/schedule`, { cron: '0 9 * * 1-5', timezone: zone, stopAfterMinutes: 480 }).expect(200);
    const plan = (weekdays.body as { schedule: LaunchScheduleView }).schedule;
    expect(plan.plan).toEqual({ kind: 'recurring', cron: '0 9 * * 1-5', calendar: null, timezone: zone, stopAfterMinutes: 480 });
    expect(plan.nextRunTimes.length).toBeGreaterThanOrEqual(5);
    for (const next of plan.nextRunTimes.map((at) => new Date(at))) {
      expect(next.getTime()).toBeGreaterThan(Date.now());
      const local = localTime(next, zone);
      expect(local.minuteOfDay).toBe(9 * 60);
      expect([1, 2, 3, 4, 5]).toContain(local.weekday);
    }

    // Put again: the plan is replaced, not added to.
    await driver.put(`/campaigns/${campaignId}/schedule`, { calendar: { time: '18:30', days: [6, 0] }, timezone: 'Asia/Tokyo' }).expect(200);
    const weekends = await schedule(campaignId);
    expect(weekends).toMatchObject({ plan: { kind: 'recurring', cron: null, calendar: { time: '18:30', days: [0, 6] }, stopAfterMinutes: null }, timezone: 'Asia/Tokyo' });
    for (const next of weekends.nextRunTimes.map((at) => localTime(new Date(at), 'Asia/Tokyo'))) {
      expect(next.minuteOfDay).toBe(18 * 60 + 30);
      expect([0, 6]).toContain(next.weekday);
    }

    // What Web UI's Pause button does; Temporal is the truth the API shows.
    await scheduleOf(campaignId).pause('paused from Web UI');
    expect(await as(viewer).get(`/campaigns/${campaignId}/schedule`).expect(200)).toMatchObject({ body: { schedule: { paused: true, note: 'paused from Web UI' } } });

    expect((await driver.delete(`/campaigns/${campaignId}/schedule`).expect(200)).body).toEqual({ success: true, campaignId, deleted: true, cancelledStops: 0 });
    await expect(scheduleOf(campaignId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await driver.get(`/campaigns/${campaignId}/schedule`).expect(404)).body.message).toBe(`Campaign ${campaignId} has no launch schedule`);
    await driver.delete(`/campaigns/${campaignId}/schedule`).expect(404);
  });

  it('refuses an invalid plan, naming the field, and creates nothing', async () => {
    const campaignId = await campaignWithContacts(['+12025550113']);
    const inAMinute = wallClockText(secondsAhead(60_000), 'UTC');
    const refusals: [object, string][] = [
      [{ startAt: inAMinute, timezone: 'Mars/Olympus_Mons' }, 'timezone must be an IANA time zone'],
      [{ startAt: inAMinute }, 'timezone must be an IANA time zone'],
      [{ startAt: '2020-01-01T09:00:00', timezone: 'UTC' }, 'startAt must be in the future'],
      [{ startAt: 'tomorrow at nine', timezone: 'UTC' }, 'startAt must be an ISO 8601 date and time'],
      [{ startAt: '2031-02-30T09:00:00Z', timezone: 'UTC' }, 'startAt must be an ISO 8601 date and time'],
      // New York's clocks skip from 02:00 to 03:00 on 10 March 2030.
      [{ startAt: '2030-03-10T02:30:00', timezone: 'America/New_York' }, 'startAt must be an ISO 8601 date and time that exists in America/New_York'],
      [{ startAt: '2031-01-01T10:00:00', stopAt: '2031-01-01T09:00:00', timezone: 'UTC' }, 'stopAt must be after startAt'],
      [{ startAt: '2031-01-01T10:00:00', stopAfterMinutes: 30, timezone: 'UTC' }, 'stopAfterMinutes applies to a recurring schedule'],
      [{ timezone: 'UTC' }, 'startAt, cron or calendar: one of them is required'],
      [{ startAt: '2031-01-01T10:00:00', cron: '0 9 * * *', timezone: 'UTC' }, 'startAt, cron or calendar: only one may be given, not startAt and cron'],
      [{ cron: 'every day at nine', timezone: 'UTC' }, 'cron must have five fields'],
      [{ cron: '0 99 * * *', timezone: 'UTC' }, 'cron was refused by Temporal'],
      [{ cron: '0 9 * * *', stopAt: '2031-01-01T10:00:00', timezone: 'UTC' }, 'stopAt applies to a one-off launch'],
      [{ cron: '0 9 * * *', stopAfterMinutes: 0, timezone: 'UTC' }, 'stopAfterMinutes must not be less than 1'],
      [{ calendar: { time: '25:00', days: [1] }, timezone: 'UTC' }, 'calendar.time must be a time of day in HH:MM'],
      [{ calendar: { time: '09:00', days: [7] }, timezone: 'UTC' }, 'calendar.each value in days must not be greater than 6'],
      [{ cron: '0 9 * * *', timezone: 'UTC', paused: true }, 'property paused should not exist'],
    ];
    for (const [body, expected] of refusals) {
      const res = await driver.put(`/campaigns/${campaignId}/schedule`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toMatchObject({ success: false, statusCode: 400, error: 'Bad Request' });
      expect({ body, details: (res.body as { details: string[] }).details }).toEqual({ body, details: expect.arrayContaining([expect.stringContaining(expected)]) });
    }
    await expect(scheduleOf(campaignId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it("answers another organization's requests 404 and a viewer's writes 403, touching nothing", async () => {
    const campaignId = await campaignWithContacts(['+12025550114']);
    const plan = { cron: '0 9 * * 1-5', timezone: 'UTC' };
    await as(otherOrganization).put(`/campaigns/${campaignId}/schedule`, plan).expect(404);
    await as(viewer).put(`/campaigns/${campaignId}/schedule`, plan).expect(403);
    await expect(scheduleOf(campaignId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

    await driver.put(`/campaigns/${campaignId}/schedule`, plan).expect(200);
    await as(otherOrganization).get(`/campaigns/${campaignId}/schedule`).expect(404);
    await as(otherOrganization).delete(`/campaigns/${campaignId}/schedule`).expect(404);
    await as(viewer).delete(`/campaigns/${campaignId}/schedule`).expect(403);
    expect((await scheduleOf(campaignId).describe()).state.paused).toBe(false);
    await as(viewer).get(`/campaigns/${campaignId}/schedule`).expect(200);

    // Deleting the campaign deletes its plan: it could never launch it again.
    await driver.delete(`/campaigns/${campaignId}`).expect(200);
    await expect(scheduleOf(campaignId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
