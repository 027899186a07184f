// The counter tablet's bench (docs/benchmarks.md), in Debian's Chromium against a running release server
// (scripts/bench-kiosk starts one): the kiosk page's first load and each rating's network cost, in bytes as they
// cross the wire, and how long a citizen waits — from the face to the next screen (the rating is already in the
// tablet's durable queue then) and from "Gửi" to the thank-you — on loopback, on a slow link and with no network.
import { chromium } from '@playwright/test';

const BASE = process.env.BASE_URL;
const PASSWORD = process.env.ADMIN_PASSWORD;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 20);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const admin = await browser.newPage({ baseURL: BASE });
  await admin.goto('/login');
  await admin.fill('input[name=username]', 'admin');
  await admin.fill('input[name=password]', PASSWORD);
  await admin.click('form button[type=submit]');
  await admin.waitForURL(/dashboard/);
  await admin.goto('/admin');
  await admin.goto(await admin.locator('section.unit-block:has(a.poster-link) a.devices-link').first().getAttribute('href'));
  await admin.locator('form[action$="/pairing-code"] button').first().click();
  const code = (await admin.locator('[data-testid=pairing-code]').innerText()).trim();

  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 }, hasTouch: true });
  const tablet = await context.newPage();
  await tablet.goto('/kiosk');
  await tablet.fill('input[name=code]', code);
  await tablet.fill('input[name=name]', 'bench');
  await tablet.click('form button[type=submit]');
  await tablet.waitForURL((url) => url.pathname === '/kiosk');
  await tablet.locator('html[data-kiosk-ready]').waitFor({ state: 'attached' });
  await tablet.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // First load, as a tablet that has never seen the kiosk: a fresh context with the credential only.
  const cookies = await context.cookies();
  const cold = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await cold.addCookies(cookies);
  const coldPage = await cold.newPage();
  const loads = [];
  coldPage.on('requestfinished', async (request) => loads.push({ url: new URL(request.url()).pathname, ...(await request.sizes()) }));
  await coldPage.goto('/kiosk', { waitUntil: 'networkidle' });
  await coldPage.waitForTimeout(300);
  await cold.close();
  const wire = (s) => s.responseHeadersSize + s.responseBodySize + s.requestHeadersSize + s.requestBodySize;
  const firstLoad = loads.filter((l) => !l.url.startsWith('/kiosk/api/'));
  const page = firstLoad.filter((l) => !l.url.startsWith('/kiosk/photos/'));
  const photos = firstLoad.filter((l) => l.url.startsWith('/kiosk/photos/'));
  console.log('kiosk first load (bytes on the wire, gzip as served, headers included):');
  for (const l of page) console.log(`  ${l.url.padEnd(22)} ${String(l.responseBodySize).padStart(7)} B body, ${wire(l)} B in all`);
  const sum = (list) => list.reduce((n, l) => n + wire(l), 0);
  console.log(`  page, style, script, icons: ${(sum(page) / 1024).toFixed(1)} KB; officials' photos (${photos.length}): ${(sum(photos) / 1024).toFixed(1)} KB`);

  // One rating's cost: watch the sends of the next ratings.
  const sends = [];
  tablet.on('requestfinished', async (request) => {
    if (new URL(request.url()).pathname === '/kiosk/api/ratings') sends.push(await request.sizes());
  });

  const cdp = await context.newCDPSession(tablet);
  const timings = { loopback: [], slow: [], offline: [] };
  const rate = async (bucket) => {
    const tap = await tablet.evaluate(() => new Promise((resolve) => {
      const start = performance.now();
      document.querySelector('.k-face.level-chua-tot').click();
      const check = () => (document.querySelector('[data-screen="reasons"]').hidden ? requestAnimationFrame(check) : requestAnimationFrame(() => resolve(performance.now() - start)));
      check();
    }));
    await tablet.locator('.k-chip').first().click();
    await tablet.locator('#k-comment').fill('Chờ hơi lâu');
    await tablet.locator('#k-reasons-next').click();
    await tablet.locator('.k-factor .k-mini.level-tot').first().click();
    const thanks = await tablet.evaluate(() => new Promise((resolve) => {
      const start = performance.now();
      document.getElementById('k-send').click();
      const check = () => (document.querySelector('[data-screen="thanks"]').hidden ? requestAnimationFrame(check) : requestAnimationFrame(() => resolve(performance.now() - start)));
      check();
    }));
    timings[bucket].push({ tap, thanks });
    await tablet.locator('[data-screen="home"]').waitFor({ state: 'visible' });
  };
  for (let i = 0; i < ROUNDS; i++) await rate('loopback');
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 50_000 / 8, uploadThroughput: 20_000 / 8 });
  for (let i = 0; i < Math.min(ROUNDS, 5); i++) await rate('slow');
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  for (let i = 0; i < Math.min(ROUNDS, 5); i++) await rate('offline');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await tablet.waitForFunction(() => document.getElementById('k-queue').hidden, null, { timeout: 60_000 });

  const unit = new URL(admin.url()).pathname.split('/')[3];
  const stored = (await (await admin.request.get(`/api/v1/units/${unit}/responses?limit=500`)).json()).filter((r) => r.channel === 'kiosk');
  const rated = Object.values(timings).reduce((n, list) => n + list.length, 0);
  console.log(`ratings made ${rated}, stored ${stored.length} (each exactly once: ${stored.length === rated ? 'yes' : 'NO'})`);
  const s = sends[0];
  console.log(`one rating on the wire (Chưa tốt, a reason, a comment, a factor): request ${s.requestHeadersSize} B headers + ${s.requestBodySize} B body, answer ${s.responseHeadersSize} B headers + ${s.responseBodySize} B body = ${wire(s)} B`);
  const stat = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
  };
  console.log('time a citizen waits (Chromium, 1280×800):');
  for (const [bucket, list] of Object.entries(timings)) {
    const label = { loopback: 'loopback', slow: 'slow link (2 s latency, 50 kbit/s)', offline: 'no network' }[bucket];
    console.log(`  ${label.padEnd(36)} face → next screen ${stat(list.map((t) => t.tap))}; Gửi → thank-you ${stat(list.map((t) => t.thanks))} (n=${list.length})`);
  }
} finally {
  await browser.close();
}
