import { test, expect, request as playwrightRequest } from '@playwright/test';
import { BASE_URL, citizenContext, decodeQrPng, screenshot, watchForErrors } from './helpers';

// The one-stop software's path: a manager makes it a key; the software registers a dossier and prints the slip;
// the citizen scans the slip's QR code, rates once; a second try is politely refused; the dashboard counts the
// receipt channel. The `desktop` project's `page` is the administrator's.

test('a dossier registered by key gives a one-time link that a citizen scans and rates once', async ({ page: admin, browser }) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(admin);

  // 1. The manager's side: a key of scope "dossiers" for the first commune with counters.
  await admin.goto('/admin');
  const devicesUrl = (await admin.locator('section.unit-block:has(a.poster-link) a.devices-link').first().getAttribute('href'))!;
  const unitId = Number(/\/admin\/units\/(\d+)\/devices/.exec(devicesUrl)![1]);
  await admin.goto(devicesUrl);
  const keyForm = admin.locator(`form[action="/admin/units/${unitId}/api-keys"]`);
  await keyForm.locator('input[name=name]').fill('Phần mềm Một cửa (thử)');
  await keyForm.locator('input[name=dossiers]').check();
  await keyForm.locator('button[type=submit]').click();
  const key = (await admin.locator('[data-testid=api-key]').innerText()).trim();
  expect(key).toMatch(/^hl_/);

  // What the software knows of the commune: a counter, an official, an offered procedure.
  const counters = await (await admin.request.get(`/api/v1/units/${unitId}/counters`)).json();
  const officials = await (await admin.request.get(`/api/v1/units/${unitId}/officials`)).json();
  const procedures = await (await admin.request.get(`/api/v1/units/${unitId}/procedures`)).json();
  const official = officials.find((o: { counter_id: number | null }) => o.counter_id !== null) ?? officials[0];

  // 2. The software registers the dossier, with nothing but its key.
  const software = await playwrightRequest.newContext({
    baseURL: BASE_URL,
    extraHTTPHeaders: { Authorization: `Bearer ${key}` },
  });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const code = `000.00.20.H55-${today.slice(2).replaceAll('-', '')}-${Date.now().toString().slice(-4)}`;
  const dossier = {
    dossier_code: code,
    unit_id: unitId,
    counter_id: official.counter_id ?? counters[0].id,
    official_id: official.id,
    procedure_code: procedures[0].code,
    received_on: today,
  };
  const registered = await software.post('/api/v1/dossiers', { data: dossier });
  expect(registered.status(), await registered.text()).toBe(201);
  const link = await registered.json();
  const again = await software.post('/api/v1/dossiers', { data: dossier });
  expect(again.status()).toBe(200);
  expect((await again.json()).url, 'registering again gives the same link').toBe(link.url);

  // 3. The slip, printed: its QR code decodes to the link.
  await admin.goto(link.slip_url);
  await expect(admin.locator('h1')).toHaveText('Phiếu đánh giá sự hài lòng');
  await expect(admin.locator('.slip')).toContainText(official.full_name);
  await expect(admin.locator('.slip')).not.toContainText(code);
  await screenshot(admin, 'receipt-slip');
  const scanned = decodeQrPng(await admin.locator('.slip .qr svg').screenshot());
  expect(scanned).toBe(link.url);

  // 4. The citizen scans it on a phone and rates.
  const receiptsListed = async () => {
    const listed = (await (await admin.request.get(`/api/v1/units/${unitId}/responses?period=7d&limit=500`)).json()) as { channel: string }[];
    return listed.filter((r) => r.channel === 'receipt').length;
  };
  const listedBefore = await receiptsListed();
  const phone = await citizenContext(browser);
  const citizen = await phone.newPage();
  const citizenErrors = watchForErrors(citizen);
  await citizen.goto(new URL(scanned).pathname);
  await expect(citizen.locator('.fixed-procedure')).toContainText(procedures[0].name);
  await expect(citizen.getByText(official.full_name)).toBeVisible();
  await screenshot(citizen, 'receipt-form-phone');
  await citizen.locator('label[for="overall-4"]').click();
  await citizen.locator('button[type=submit]').click();
  await citizen.waitForURL((u) => u.pathname.endsWith('/cam-on'));
  await expect(citizen.locator('h1')).toBeVisible();
  await expect(citizen.locator('a.button.secondary'), 'a receipt rates once: no "rate again"').toHaveCount(0);
  citizenErrors.expectNone("the citizen's receipt form");

  // 5. Someone else with the same receipt: politely refused.
  const second = await (await citizenContext(browser)).newPage();
  const refused = await second.goto(new URL(scanned).pathname);
  expect(refused!.status()).toBe(410);
  await expect(second.locator('h1')).toHaveText('Hồ sơ này đã được đánh giá');
  await screenshot(second, 'receipt-used-phone');

  // 6. Stored, but held for its day's release (decision 013): no list the office can read shows it before then.
  expect(await receiptsListed(), 'a receipt rating waits for its day to close').toBe(listedBefore);
  await software.dispose();
  await phone.close();
  errors.expectNone("the receipt path");
});
