import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { type TestTenant, createTenant, daytimeZone, eventually, testConfig } from './support/test-env';

const SCREENSHOTS = join(__dirname, '..', 'docs', 'console');

/**
 * The web console in Debian's Chromium (scripts/infra.sh installs it), served by the real API from
 * dist/web (scripts/test.sh builds it), with the real worker dialing the Asterisk sandbox's simulated
 * customers. Everything happens in one fresh organization; every page is photographed into docs/console.
 */
describe('the web console in a browser', () => {
  const config = testConfig({ LISTEN_TIMEOUT_SECONDS: '3', MAX_TURNS: '3' });
  const zone = daytimeZone();
  const campaignName = `Console test ${Date.now()}`;
  let harness: DialerHarness;
  let admin: TestTenant;
  let viewer: TestTenant;
  let baseUrl: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let campaignId: string;

  beforeAll(async () => {
    harness = await startDialer(config);
    admin = await createTenant(harness.db, 'admin', harness.organizationId);
    viewer = await createTenant(harness.db, 'viewer', harness.organizationId);
    await harness.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(harness.app.getHttpServer().address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'ai-dialer-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 860 },
    });
    context.setDefaultTimeout(20_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (dialog) => void dialog.accept());
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await harness?.close();
  });

  // Transitions finished first: a modal caught mid-fade would be half transparent in the picture.
  const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  const heading = (name: string) => page.getByRole('heading', { name, exact: true }).waitFor();
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const main = () => page.getByRole('main');

  async function signIn(user: TestTenant): Promise<void> {
    await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Dashboard');
  }

  it('sends a visitor to the login page, and signs an admin in', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    await page.waitForURL('**/login');
    await shoot('login');
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Invalid email or password').waitFor();
    await signIn(admin);
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  });

  it('shows the API validation message on the field it names, then creates the campaign', async () => {
    await nav('Campaigns').click();
    await heading('Campaigns');
    await page.getByRole('button', { name: 'New campaign' }).click();
    const form = page.getByRole('form', { name: 'New campaign' });
    await form.getByLabel('Name').fill(campaignName);
    await form.getByLabel('Max concurrent calls').fill('0');
    await form.getByRole('button', { name: 'Create campaign' }).click();
    const field = form.getByLabel('Max concurrent calls');
    await form.getByText('callSettings.maxConcurrentCalls must not be less than 1').first().waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await shoot('campaign-form-error');

    await field.fill('2');
    await form.getByLabel('Interval between dials (ms)').fill('200');
    await form.getByLabel('Retry attempts').fill('0');
    await form.getByLabel('Ring timeout (seconds)').fill('3');
    await form.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop()!;
    await heading(campaignName);
  });

  it('shows the API message when a campaign without contacts starts', async () => {
    await page.getByRole('button', { name: `Start queue ${campaignName}` }).click();
    await page.getByRole('alert').getByText('campaignId: campaign has no contacts').waitFor();
  });

  it('uploads a CSV with bad lines and shows the report line by line', async () => {
    await main().getByRole('link', { name: 'Contacts', exact: true }).click();
    await heading('Contacts');
    expect(page.url()).toContain(`campaign_id=${campaignId}`);
    const csv = [
      'first_name,last_name,phone,email,company,timezone',
      `Ada,Lovelace,+12025550160,ada@example.com,Acme,${zone}`,
      `Bob,Byte,+12025550161,bob@example.com,Acme,${zone}`,
      `Cy,Busy,+12025550110,cy@example.com,Acme,${zone}`,
      `Di,Stop,+12025550170,di@example.com,Acme,${zone}`,
      `No,Phone,,nophone@example.com,Acme,${zone}`,
      `Bad,Email,+12025550199,not-an-email,Acme,${zone}`,
      `Too,Many,+12025550198,many@example.com,Acme,${zone},extra`,
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.getByRole('table', { name: 'Rejected lines' });
    await report.waitFor();
    const rows = await report.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\t').slice(0, 2))).toEqual([
      ['6', 'phone'],
      ['7', 'email'],
      ['8', 'row'],
    ]);
    await page.getByTestId('upload-report').filter({ hasText: 'imported: 4' }).waitFor();
    await page.getByRole('table', { name: 'Contacts' }).getByText('+12025550160').waitFor();
    await shoot('contacts');
  });

  it('starts, pauses and resumes the queue, and the calls appear and finish without a reload', async () => {
    await page.evaluate('window.sameDocument = true');
    await nav('Campaigns').click();
    await page.getByRole('link', { name: campaignName }).click();
    await heading(campaignName);
    const status = page.getByTestId('queue-status');
    await page.getByRole('button', { name: `Start queue ${campaignName}` }).click();
    await status.filter({ hasText: 'running' }).waitFor();
    await page.getByRole('button', { name: `Pause ${campaignName}` }).click();
    await status.filter({ hasText: 'paused' }).waitFor();
    await page.getByRole('button', { name: `Resume ${campaignName}` }).click();
    await status.filter({ hasText: 'running' }).waitFor();
    await shoot('campaign');

    await main().getByRole('link', { name: 'Calls', exact: true }).click();
    await heading('Calls');
    const callRows = page.getByTestId('call-row');
    await callRows.first().waitFor();
    // A dial that the pause caught is recorded as not dialed (campaign_paused) and dialed again after the resume.
    await eventually(
      async () => {
        const statuses = await page.getByTestId('call-status').allTextContents();
        const dialed = statuses.filter((s) => s === 'completed' || s === 'failed');
        return dialed.length === 4 && statuses.every((s) => s === 'completed' || s === 'failed' || s === 'not dialed') ? statuses : undefined;
      },
      'the four contacts\' calls to finish in the table',
      150_000,
      500,
    );
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await shoot('calls');
  }, 200_000);

  it('opens a conversation and reads its turns', async () => {
    await page.getByTestId('call-row').filter({ hasText: '+12025550160' }).filter({ hasText: 'interested' }).getByRole('button', { name: 'View' }).click();
    const dialog = page.getByRole('dialog', { name: 'Conversation' });
    await dialog.getByTestId('turn-ai').first().waitFor();
    const customer = await dialog.getByTestId('turn-customer').allInnerTexts();
    expect(customer.join('\n')).toContain('[pressed 1: interested]');
    expect(customer.join('\n')).toMatch(/emotion: positive · confidence 100%/);
    expect((await dialog.getByTestId('turn-ai').allInnerTexts()).length).toBeGreaterThan(1);
    await dialog.getByRole('link', { name: 'CallWorkflow in Temporal Web UI' }).waitFor();
    await shoot('conversation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('shows today on the dashboard, the campaign performance, and the other pages', async () => {
    await nav('Dashboard').click();
    await heading('Dashboard');
    await page.getByTestId('stat-calls-today').filter({ hasText: /^4$/ }).waitFor();
    await shoot('dashboard');

    await nav('Scripts').click();
    await page.getByRole('button', { name: 'New script' }).click();
    const script = page.getByRole('form', { name: 'New script' });
    await script.getByLabel('Name').fill('Spring offer');
    await script.getByLabel('Main pitch').fill('Hello {first_name}, this is Acme with an offer for {company}.');
    await script.getByLabel('When the objection is price').fill('Plans start at ten dollars a month.');
    await script.getByRole('button', { name: 'Create script' }).click();
    await page.getByRole('article', { name: 'Spring offer' }).waitFor();
    await shoot('scripts');

    await nav('Do not call').click();
    await page.getByLabel('Phone').fill('+12025550177');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByRole('table', { name: 'Do-not-call numbers' }).getByText('+12025550177').waitFor();
    await shoot('dnc');

    await nav('Users').click();
    await page.getByRole('table', { name: 'Users' }).getByText(viewer.email).waitFor();
    await shoot('users');

    await nav('API keys').click();
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByTestId('new-api-key').innerText()).toMatch(/^adk_/);
    await shoot('api-keys');

    await nav('Campaigns').click();
    await page.getByTestId(`campaign-row-${campaignId}`).getByTestId('queue-status').filter({ hasText: 'completed' }).waitFor();
    await shoot('campaigns');
    await page.getByRole('link', { name: campaignName }).click();
    await page.getByTestId('stat-calls').filter({ hasText: /^4$/ }).waitFor();
    await shoot('campaign-performance');
  }, 60_000);

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await nav('Calls').click();
    await heading('Calls');
    await shoot('calls-phone');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('signs out, and shows a viewer no start, pause or edit button', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await signIn(viewer);
    await nav('Campaigns').click();
    const row = page.getByTestId(`campaign-row-${campaignId}`);
    await row.getByTestId('queue-status').waitFor();
    expect(await page.getByRole('button', { name: /Start queue|Pause|Resume|Stop|New campaign/ }).count()).toBe(0);
    expect(await nav('Users').count()).toBe(0);
    await page.getByRole('link', { name: campaignName }).click();
    await heading(campaignName);
    expect(await page.getByRole('button', { name: /Edit|Archive|Start queue/ }).count()).toBe(0);
  });

  it('sends an expired session back to the login page', async () => {
    await page.evaluate("localStorage.setItem('ai-dialer.token', 'expired.token.value')");
    await page.goto(`${baseUrl}/calls`);
    await page.getByText('Your session has expired. Sign in again.').waitFor();
    expect(page.url()).toMatch(/\/login$/);
  });

  it('leaves /api to the API: unknown API paths answer JSON 404s, client routes answer the console', async () => {
    const api = await fetch(`${baseUrl}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ success: false, statusCode: 404 });
    const malformed = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":' });
    expect(malformed.status).toBe(400);
    const route = await fetch(`${baseUrl}/calls`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
  });
});
