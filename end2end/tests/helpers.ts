import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, type Browser, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Where the server under test listens, without a trailing slash (scripts/test sets it). */
export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
export const ADMIN_USER = process.env.ADMIN_USER || 'admin';
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || 'e2e-admin-pass';

/** The admin's saved session, written by auth.setup.ts and loaded by the `desktop` project. */
export const ADMIN_STATE = path.join(__dirname, '..', '.auth', 'admin.json');
/** Full-page screenshots for a human to look at (gitignored). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', 'screenshots');

export const PHONE = { width: 390, height: 844 };

/** The overall question's scale, in the order the form lists it. */
export const RATINGS: ReadonlyArray<readonly [value: string, label: string]> = [
  ['4', 'Rất tốt'],
  ['3', 'Tốt'],
  ['2', 'Bình thường'],
  ['1', 'Chưa tốt'],
];

/** Any letter only Vietnamese uses: a page "in Vietnamese" has some. */
export const VIETNAMESE =
  /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/** Logs in through the /login form and waits for the redirect to /dashboard. */
export async function login(page: Page, user = ADMIN_USER, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/login');
  const form = loginForm(page);
  await form.locator('input[name=username]').fill(user);
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/dashboard');
}

export function loginForm(page: Page): Locator {
  return page.locator('form', { has: page.locator('input[name=username]') });
}

/** A fresh, logged-out context shaped like a citizen's phone. */
export async function citizenContext(browser: Browser, options: BrowserContextOptions = {}) {
  return browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    ...options,
  });
}

/**
 * Plans a survey campaign over this year for Phường Nha Trang, as a manager fills the form on /surveys, and waits
 * for its page; returns the ward's id.
 */
export async function planCampaign(page: Page, name: string, questionnaire: string, decision: string): Promise<string> {
  const year = new Date().getFullYear();
  await page.goto('/surveys');
  const form = page.locator('form[action="/surveys"]');
  await form.getByLabel('Tên đợt').fill(name);
  const ward = form.locator('select[name=unit_id] option', { hasText: 'Phường Nha Trang' });
  const wardId = (await ward.getAttribute('value'))!;
  await form.locator('select[name=unit_id]').selectOption(wardId);
  await form.getByLabel('Từ ngày').fill(`${year}-01-01`);
  await form.getByLabel('Đến ngày').fill(`${year}-12-31`);
  await form.locator('select[name=questionnaire]').selectOption(questionnaire);
  await form.getByLabel('Quyết định phê duyệt').fill(decision);
  await form.getByRole('button', { name: 'Lập đợt khảo sát' }).click();
  await page.waitForURL(/\/surveys\/\d+$/);
  return wardId;
}

/** Decodes the QR code in a PNG image (pngjs + jsQR) and returns its text. */
export function decodeQrPng(png: Buffer): string {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const code = jsQR(pixels, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (!code) throw new Error(`no QR code found in the ${image.width}x${image.height} PNG`);
  return code.data;
}

export interface Qr {
  /** Path of the image, e.g. /qr/{token}.png. */
  src: string;
  /** The {token} part of that path. */
  token: string;
  /** What the code says: the URL a phone opens. */
  text: string;
}

/**
 * Reads the `img.qr` on the current page: checks that the browser displayed it, fetches the PNG with the page's own
 * request context and decodes it.
 */
export async function readQr(page: Page): Promise<Qr> {
  const img = page.locator('img.qr').first();
  await expect(img).toBeVisible();
  const rawSrc = await img.getAttribute('src');
  expect(rawSrc, 'img.qr has a src').toBeTruthy();
  const url = new URL(rawSrc!, page.url());
  const match = /^\/qr\/([^/]+)\.png$/.exec(url.pathname);
  expect(match, `img.qr src ${rawSrc} has the form /qr/{token}.png`).not.toBeNull();
  await expect
    .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { message: 'the QR image displays' })
    .toBeGreaterThan(0);

  const response = await page.request.get(url.href);
  expect(response.status(), `GET ${url.pathname}`).toBe(200);
  expect(response.headers()['content-type'] ?? '').toContain('image/png');
  const text = decodeQrPng(await response.body());
  return { src: url.pathname, token: match![1], text };
}

/** Logs in already (the `desktop` project's storage state); opens /admin, the first poster, and decodes its QR. */
export async function citizenFormUrl(page: Page): Promise<string> {
  await page.goto('/admin');
  const poster = page.locator('a.poster-link').first();
  await expect(poster).toBeVisible();
  await page.goto(await hrefOf(poster));
  const qr = await readQr(page);
  expect(qr.text.startsWith(`${BASE_URL}/q/`), `QR text ${qr.text} starts with ${BASE_URL}/q/`).toBe(true);
  return qr.text;
}

/**
 * How many responses the signed-in staff member's whole tree received today, read through the JSON API's list
 * (the summary withholds its counts below the sample floor): what the tests compare before and after citizens
 * submit.
 */
export async function responsesToday(page: Page): Promise<number> {
  const units = await (await page.request.get('/api/v1/units')).json();
  const root = units.find((u: { parent_id: number | null }) => u.parent_id === null) ?? units[0];
  const answer = await page.request.get(`/api/v1/units/${root.id}/responses?period=today&limit=500`);
  expect(answer.status()).toBe(200);
  const listed = (await answer.json()) as unknown[];
  expect(listed.length, 'fewer than a page of responses today').toBeLessThan(500);
  return listed.length;
}

export async function hrefOf(link: Locator): Promise<string> {
  const href = await link.getAttribute('href');
  expect(href, 'link has an href').toBeTruthy();
  return href!;
}

/** The `<label for=…>` of an input (the contract: every radio and checkbox has one). */
export async function labelFor(page: Page, input: Locator): Promise<Locator> {
  await expect(input).toHaveCount(1);
  const id = await input.getAttribute('id');
  expect(id, 'the input has an id for its label').toBeTruthy();
  const label = page.locator(`label[for="${id!.replace(/["\\]/g, '\\$&')}"]`);
  await expect(label).toHaveCount(1);
  return label;
}

/** The values of an input group (radios or checkboxes), in document order. */
export async function valuesOf(inputs: Locator): Promise<string[]> {
  return inputs.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
}

/** The first option of a select with a non-empty value, if any. */
export async function firstRealOption(select: Locator): Promise<string | undefined> {
  const values = await select
    .locator('option')
    .evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value).filter((v) => v !== ''));
  return values[0];
}

/** The fields a browser would submit for this form, plus where and how it submits. */
export async function formSubmission(page: Page, form: Locator) {
  const { action, enctype, fields } = await form.evaluate((el) => {
    const f = el as HTMLFormElement;
    const entries: Record<string, string> = {};
    new FormData(f).forEach((value, key) => {
      if (typeof value === 'string') entries[key] = value;
    });
    return { action: f.getAttribute('action') ?? '', enctype: f.enctype, fields: entries };
  });
  return {
    url: new URL(action || page.url(), page.url()).href,
    multipart: enctype === 'multipart/form-data',
    fields,
  };
}

/** A Vietnamese comment of exactly n characters (multi-byte in UTF-8, so a byte count would be wrong). */
export function vietnameseText(n: number): string {
  const unit = 'Chờ lâu quá, hướng dẫn khó hiểu. ';
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/**
 * Collects what a person would see as broken: uncaught page errors (a panicking or mis-hydrating wasm bundle ends up
 * here), console errors, same-origin responses with a 4xx/5xx status and failed requests.
 */
export function watchForErrors(page: Page) {
  const problems: string[] = [];
  const origin = new URL(BASE_URL).origin;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin === origin && response.status() >= 400 && url.pathname !== '/favicon.ico') {
      problems.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // Navigating away cancels what is still loading (a wasm download, a live-update stream): that is no fault.
    // With JavaScript off, Chromium refuses to preload scripts (reported as 'csp'): that is the point of the test.
    const scriptRefused = reason === 'csp' && request.resourceType() === 'script';
    if (!reason.includes('ERR_ABORTED') && !scriptRefused) problems.push(`${reason} ${request.method()} ${request.url()}`);
  });
  return {
    problems,
    expectNone(what: string) {
      expect(problems, `errors the browser saw on ${what}`).toEqual([]);
    },
  };
}

/**
 * When the page loads a wasm bundle (islands), waits until the islands have hydrated — the bundle marks the page
 * with `data-hydrated` when `hydrate()` returns — so that interactions exercise the hydrated page and hydration
 * errors surface in watchForErrors.
 */
export async function waitForHydration(page: Page): Promise<void> {
  const usesWasm = (await page.content()).includes('.wasm');
  if (!usesWasm) return;
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 20_000 });
}

/** The page fits the phone's width: nothing to scroll sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page width fits the screen (no sideways scrolling)').toBeLessThanOrEqual(clientWidth + 1);
}

/** Saves a full-page screenshot as screenshots/{name}.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
