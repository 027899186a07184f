import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { screenshot } from './helpers';

// A counter tablet, end to end: a manager sets a duty PIN and makes a pairing code; the tablet (1280×800, touch) pairs,
// an official goes on duty, citizens rate — online, then five times with the network cut (one walking away at the
// follow-up step) and a reload while still offline — and exactly those five arrive once the network is back, with the
// official, the channel and the tablet's times. Two quick presses: one is flagged and stays out of the index. Revoking
// the tablet changes its screen. scripts/test runs the server with 1 s thank-you, 5 s idle, 2 s heartbeat and a 3 s
// repeat-press rule.

const TABLET = { width: 1280, height: 800 };
const PIN = '2468';
const REPEAT_MS = 3_000;

interface Stored {
  id: number;
  submitted_at: number;
  received_at: number | null;
  device_at: number | null;
  channel: string;
  overall: number;
  counter_id: number | null;
  official_id: number | null;
  misuse: string | null;
}

async function kioskResponses(admin: Page, unitId: number): Promise<Stored[]> {
  const reply = await admin.request.get(`/api/v1/units/${unitId}/responses?limit=500`);
  expect(reply.status()).toBe(200);
  return ((await reply.json()) as Stored[]).filter((r) => r.channel === 'kiosk');
}

/** Today's responses of the unit that count, and those flagged (from the list: the summary withholds small counts). */
async function indexCount(admin: Page, unitId: number): Promise<{ counted: number; misuse: number }> {
  const reply = await admin.request.get(`/api/v1/units/${unitId}/responses?period=today&limit=500`);
  expect(reply.status()).toBe(200);
  const today = (await reply.json()) as (Stored & { void_reason: string | null })[];
  expect(today.length, 'fewer than a page of responses today').toBeLessThan(500);
  const counted = today.filter((r) => r.misuse === null && r.void_reason === null).length;
  return { counted, misuse: today.filter((r) => r.misuse !== null).length };
}

async function queueLength(tablet: Page): Promise<number> {
  return (await tablet.locator('#k-queue').isHidden()) ? 0 : Number(await tablet.locator('#k-queue-n').textContent());
}

/** Waits until the home screen (the faces) is back: the last citizen's screen has reset. */
async function backHome(tablet: Page) {
  await expect(tablet.locator('[data-screen="home"]')).toBeVisible({ timeout: 10_000 });
}

test('a counter tablet pairs, takes ratings on and off line exactly once, flags repeat presses and obeys revocation', async ({
  page: admin,
  browser,
}) => {
  test.setTimeout(180_000);
  // The manager's side: a commune with counters, its device page, a PIN for its first official, a pairing code.
  await admin.goto('/admin');
  const devicesLink = admin.locator('section.unit-block:has(a.poster-link) a.devices-link').first();
  const devicesUrl = (await devicesLink.getAttribute('href'))!;
  const unitId = Number(/\/admin\/units\/(\d+)\/devices/.exec(devicesUrl)![1]);
  await admin.goto(devicesUrl);
  const pinRow = admin.locator('li.pin-row').first();
  const officialName = (await pinRow.getAttribute('data-name'))!;
  await pinRow.locator('input[name=pin]').fill(PIN);
  await pinRow.locator('button[type=submit]').first().click();
  await admin.waitForURL((url) => url.pathname === devicesUrl);
  await admin.locator('form[action$="/pairing-code"] button').first().click();
  const code = (await admin.locator('[data-testid=pairing-code]').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await screenshot(admin, 'kiosk-devices-code');

  // The tablet: its own browser, nobody signed in.
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: TABLET,
    hasTouch: true,
  });
  try {
    const tablet = await context.newPage();
    const tabletName = `Máy tính bảng e2e ${Date.now()}`; // unique, so the test can run again on the same server
    // The rating requests as the browser saw them, for the report should the offline emulation leak (below).
    const network: string[] = [];
    const t0 = Date.now();
    const log = (what: string) => network.push(`${Date.now() - t0} ms ${what}`);
    context.on('request', (r) => r.url().includes('/api/ratings') && log('sent'));
    context.on('requestfailed', (r) => r.url().includes('/api/ratings') && log(`failed ${r.failure()?.errorText}`));
    context.on('requestfinished', (r) => r.url().includes('/api/ratings') && log('answered'));
    // Failed requests are the point here (offline, a wrong PIN, a revoked tablet); script errors never are.
    const scriptErrors: string[] = [];
    tablet.on('pageerror', (error) => scriptErrors.push(error.message));
    await tablet.goto('/kiosk');
    await screenshot(tablet, 'kiosk-pairing');
    await tablet.locator('input[name=code]').fill(code.toLowerCase());
    await tablet.locator('input[name=name]').fill(tabletName);
    await tablet.locator('form button[type=submit]').click();
    await tablet.waitForURL((url) => url.pathname === '/kiosk');
    await tablet.locator('html[data-kiosk-ready]').waitFor({ state: 'attached' });
    await expect(tablet.locator('#k-insecure')).toBeHidden(); // 127.0.0.1 is a secure context: offline mode is on
    // The service worker has the page and its files before the network goes.
    await tablet.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

    // An official goes on duty.
    await tablet.locator('#k-duty-open').click();
    await tablet.locator('.k-official', { hasText: officialName }).click();
    await tablet.locator('#k-pin').fill('0000');
    await tablet.locator('#k-pin-ok').click();
    await expect(tablet.locator('[data-error="wrong_pin"]')).toBeVisible();
    await tablet.locator('#k-pin').fill(PIN);
    await tablet.locator('#k-pin-ok').click();
    await backHome(tablet);
    await expect(tablet.locator('#k-duty-name')).toHaveText(officialName);
    await screenshot(tablet, 'kiosk-on-duty');
    const axe = await new AxeBuilder({ page: tablet }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // Online: a rating, its thank-you, the reset.
    const before = await kioskResponses(admin, unitId);
    await tablet.locator('.k-face.level-rat-tot').click();
    await expect(tablet.locator('[data-screen="factors"]')).toBeVisible();
    await tablet.locator('.k-factor .k-mini.level-tot').first().click();
    await tablet.locator('#k-send').click();
    await expect(tablet.locator('[data-screen="thanks"]')).toBeVisible();
    await screenshot(tablet, 'kiosk-thanks');
    await backHome(tablet);
    await expect.poll(async () => (await kioskResponses(admin, unitId)).length).toBe(before.length + 1);
    const official = (await kioskResponses(admin, unitId))[0].official_id;
    expect(official).not.toBeNull();

    // The network goes. Five citizens rate; the third walks away at the follow-up step.
    await tablet.waitForTimeout(REPEAT_MS + 200);
    await context.setOffline(true);
    log('offline');
    const taps: number[] = [];
    const rate = async (face: string, follow: (t: Page) => Promise<void>) => {
      taps.push(Date.now());
      await tablet.locator(`.k-face.level-${face}`).click();
      await follow(tablet);
      await expect(tablet.locator('[data-screen="thanks"]')).toBeVisible({ timeout: 10_000 });
      await backHome(tablet);
      await tablet.waitForTimeout(Math.max(0, taps[taps.length - 1] + REPEAT_MS + 300 - Date.now()));
    };
    await rate('chua-tot', async (t) => {
      await t.locator('.k-chip').first().click();
      await t.locator('#k-comment').fill('Chờ lâu quá');
      await screenshot(t, 'kiosk-reasons');
      await t.locator('#k-reasons-next').click();
      await screenshot(t, 'kiosk-factors');
      await t.locator('#k-send').click();
    });
    await expect(tablet.locator('#k-offline')).toBeVisible();
    await rate('tot', async (t) => t.locator('#k-send').click());
    await rate('binh-thuong', async (t) => {
      await t.locator('.k-chip').nth(1).click();
      // …and nothing more: after the idle time the rating goes with what was answered.
    });
    await rate('rat-tot', async (t) => t.locator('#k-skip').click());
    await rate('rat-tot', async (t) => {
      await t.locator('#k-lang').click();
      await expect(t.locator('[data-screen="factors"] h2')).toHaveText(/optional/);
      await t.locator('#k-send').click();
    });
    await expect(tablet.locator('[data-screen="home"] .k-question')).not.toHaveText(/How would you/); // Vietnamese again
    await expect.poll(() => queueLength(tablet)).toBe(5);
    await screenshot(tablet, 'kiosk-offline-queue');

    // A reload with the network still down: the page comes from the tablet's cache, the queue from its storage.
    log('reload');
    await tablet.reload();
    await tablet.locator('html[data-kiosk-ready]').waitFor({ state: 'attached' });
    await expect.poll(() => queueLength(tablet)).toBe(5);
    await expect(tablet.locator('#k-duty-name')).toHaveText(officialName);
    // Chromium's offline emulation does not always hold around a service worker (microsoft/playwright#2311): once in
    // a while a rating reaches the server "offline" and its answer is lost. That is the tablet's ordinary case of a
    // dropped connection — it keeps the rating and the server later answers `duplicate` — so it is reported, not
    // failed; exactly once is asserted below either way.
    const leaked = (await kioskResponses(admin, unitId)).length - (before.length + 1);
    if (leaked > 0) {
      test.info().annotations.push({ type: 'offline emulation leaked', description: network.join('; ') });
      console.warn(`offline emulation leaked ${leaked} rating(s): ${network.join('; ')}`);
    }

    // The network returns: the five arrive, once each, in order.
    await context.setOffline(false);
    await expect.poll(() => queueLength(tablet), { timeout: 20_000 }).toBe(0);
    const after = await kioskResponses(admin, unitId);
    const arrived = after.slice(0, 5).reverse();
    expect(after.length).toBe(before.length + 6);
    expect(arrived.map((r) => r.overall)).toEqual([1, 3, 2, 4, 4]);
    const late = arrived.filter((r) => r.received_at! - r.device_at! > 1_000);
    expect(late.length, 'received after the network came back').toBeGreaterThanOrEqual(5 - leaked);
    for (const [i, r] of arrived.entries()) {
      expect(r.official_id, 'stored against the official on duty').toBe(official);
      expect(r.misuse).toBeNull();
      expect(Math.abs(r.device_at! - taps[i]), 'the tap time on the tablet').toBeLessThan(2_000);
    }

    // Two presses in quick succession: the second is stored, flagged, and left out of the index.
    const index = await indexCount(admin, unitId);
    for (let i = 0; i < 2; i++) {
      await tablet.locator('.k-face.level-rat-tot').click();
      await tablet.locator('#k-send').click();
      await backHome(tablet);
    }
    await expect.poll(async () => (await kioskResponses(admin, unitId)).length).toBe(before.length + 8);
    const [second, first] = await kioskResponses(admin, unitId);
    expect(first.misuse).toBeNull();
    expect(second.misuse).toBe('repeat_press<3s');
    expect(await indexCount(admin, unitId)).toEqual({ counted: index.counted + 1, misuse: index.misuse + 1 });

    // Portrait, for the screenshot a person looks at.
    await tablet.setViewportSize({ width: 800, height: 1280 });
    await screenshot(tablet, 'kiosk-portrait');
    expect(scriptErrors).toEqual([]);

    // Revoked from the device list: the tablet's screen changes at its next heartbeat.
    await admin.goto(devicesUrl);
    const row = admin.locator('tr', { hasText: tabletName });
    await row.locator('details.confirm summary').click();
    await row.getByRole('button', { name: 'Đồng ý thu hồi' }).click();
    await expect(tablet.locator('[data-screen="revoked"]')).toBeVisible({ timeout: 10_000 });
    await expect(tablet.locator('[data-screen="revoked"] h1')).toHaveText('Thiết bị đã bị thu hồi');
    await screenshot(tablet, 'kiosk-revoked');
    await admin.goto(devicesUrl);
    await expect(admin.locator('tr', { hasText: tabletName })).toContainText('Đã thu hồi');
    await screenshot(admin, 'kiosk-devices');
  } finally {
    await context.close();
  }
});
