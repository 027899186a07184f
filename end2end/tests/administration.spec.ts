import { test, expect, type Browser, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { BASE_URL, citizenContext, decodeQrPng, loginForm, screenshot, watchForErrors } from './helpers';

// A Home Affairs office sets up a commune from nothing, and its people see exactly their part.
// The `desktop` project's `page` is the administrator's.

const stamp = Date.now().toString().slice(-6);
const COMMUNE = `Xã Thử Nghiệm ${stamp}`;

/** A small generated portrait (no real person): a coloured square. */
function portrait(r: number, g: number, b: number): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([r, g, b, 255], i);
  return PNG.sync.write(png);
}

/** The administration section of the new commune. */
function communeBlock(page: Page) {
  return page.locator('section.unit-block', { has: page.locator('h2', { hasText: COMMUNE }) });
}

/** Signs in a freshly created account (temporary password), sets its own password, and returns the page. */
async function firstLogin(browser: Browser, username: string, temporary: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  const form = loginForm(page);
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=password]').fill(temporary);
  await form.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/account/password');
  await page.locator('input[name=current]').fill(temporary);
  await page.locator('input[name=new]').fill(`${username}-own-password`);
  await page.locator('input[name=confirm]').fill(`${username}-own-password`);
  await page.locator('form[action="/account/password"] button[type=submit]').click();
  await expect(page.locator('.success')).toContainText('Đã đổi mật khẩu');
  return page;
}

/** Creates an account on /admin/users and returns its temporary password. */
async function createAccount(page: Page, username: string, role: string, official?: string): Promise<string> {
  await page.goto('/admin/users');
  const form = page.locator('form[action="/admin/users"]');
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=full_name]').fill(`Người dùng ${username}`);
  await form.locator('select[name=role]').selectOption(role);
  await form.locator('select[name=unit_id]').selectOption({ label: COMMUNE });
  if (official) await form.locator('select[name=official_id]').selectOption({ label: `${official} — ${COMMUNE}` });
  await form.locator('button[type=submit]').click();
  const shown = page.locator('code.temporary-password');
  await expect(shown).toBeVisible();
  return (await shown.textContent())!.trim();
}

/** Rates on a phone: `level` 4 (Rất tốt) … 1 (Chưa tốt), by clicking its face. */
async function rate(browser: Browser, url: string, level: number, comment: string) {
  const context = await citizenContext(browser);
  const citizen = await context.newPage();
  await citizen.goto(url);
  await citizen.locator(`label[for="overall-${level}"]`).click();
  await citizen.locator('textarea[name=comment]').fill(comment);
  await citizen.locator('button[type=submit]').click();
  await citizen.waitForURL((u) => u.pathname.endsWith('/cam-on'));
  await context.close();
}

test('an office sets up a commune; its leader sees only it and its official only their own ratings', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);

  // 1. The commune, under the province.
  await page.goto('/admin');
  await page.locator('details.panel > summary').click();
  const newUnit = page.locator('form[action="/admin/units"]');
  await newUnit.locator('input[name=name]').fill(COMMUNE);
  await newUnit.locator('select[name=kind]').selectOption('commune');
  await newUnit.locator('select[name=parent_id]').selectOption({ label: 'Tỉnh Khánh Hòa' });
  await newUnit.locator('button[type=submit]').click();
  await expect(communeBlock(page)).toBeVisible();

  // 2. Two counters.
  for (const name of ['Quầy 1 · Hộ tịch', 'Quầy 2 · Đất đai']) {
    const form = communeBlock(page).locator('form[action$="/counters"]');
    await form.locator('input[name=name]').fill(name);
    await form.locator('button[type=submit]').click();
    await expect(communeBlock(page).locator('a.poster-link')).toHaveCount(name.startsWith('Quầy 1') ? 1 : 2);
  }

  // 3. Three officials, each with a photo.
  const officials = ['Hồ Thị Một', 'Lâm Văn Hai', 'Tạ Thị Ba'];
  for (const [i, name] of officials.entries()) {
    const block = communeBlock(page);
    await block.locator('details', { has: page.locator('form[action$="/officials"]') }).locator('summary').first().click();
    const form = block.locator('form[action$="/officials"]');
    await form.locator('input[name=full_name]').fill(name);
    await form.locator('input[name=title]').fill('Công chức Một cửa');
    await form.locator('select[name=counter_id]').selectOption({ index: 1 + (i % 2) });
    await form.locator('input[name=photo]').setInputFiles({ name: `anh-${i}.png`, mimeType: 'image/png', buffer: portrait(40 * i, 120, 200) });
    await form.locator('button[type=submit]').click();
    await expect(communeBlock(page).locator('a.card-link')).toHaveCount(i + 1);
  }
  await expect(communeBlock(page).locator('img.thumb')).toHaveCount(3);
  const unitId = new URL((await communeBlock(page).locator('a.sheet-link').getAttribute('href'))!, BASE_URL).pathname.split('/').pop()!;

  // 4. Procedures from a CSV file: one new code, one bad line; previewed, imported, offered by the commune.
  const code = `1.9${stamp.slice(-5)}`;
  const csv = `code,name,field\n${code},Thủ tục thử nghiệm ${stamp},Hộ tịch\nxyz,Dòng sai,Hộ tịch\n1.001193,Đăng ký khai sinh,Hộ tịch\n`;
  await page.goto('/admin/procedures');
  await page.locator('input[name=catalogue]').setInputFiles({ name: 'danh-muc.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('form[action="/admin/procedures/preview"] button').click();
  await expect(page.locator('main')).toContainText('Dòng hợp lệ: 2');
  await expect(page.locator('main')).toContainText('Mã không đúng dạng');
  await page.locator('form[action="/admin/procedures/import"] button').click();
  await expect(page.locator('.success')).toContainText('Thêm mới: 1');
  await page.goto(`/admin/procedures?unit=${unitId}`);
  await page.locator('label.check', { hasText: `Thủ tục thử nghiệm ${stamp}` }).locator('input').check();
  await page.locator(`form[action="/admin/units/${unitId}/procedures"] button[type=submit]`).click();
  await expect(page.locator('label.check', { hasText: `Thủ tục thử nghiệm ${stamp}` }).locator('input')).toBeChecked();

  // 5. Accounts: the commune's leader, and the first official.
  const leaderName = `lanhdao.${stamp}`;
  const leaderTemporary = await createAccount(page, leaderName, 'leader');
  const officialName = `congchuc.${stamp}`;
  const officialTemporary = await createAccount(page, officialName, 'official', officials[0]);

  // 6. The cutting sheet: five cards, each QR code readable.
  await page.goto(`/print/unit/${unitId}`);
  const cards = page.locator('.cut-card');
  await expect(cards).toHaveCount(5);
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const img = cards.nth(i).locator('img.qr');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const png = await page.request.get(new URL((await img.getAttribute('src'))!, BASE_URL).href);
    codes.push(decodeQrPng(await png.body()));
  }
  expect(new Set(codes).size).toBe(5);
  await screenshot(page, 'qr-sheet');

  // 7. Citizens rate: one through the first official's card, one through a counter's poster.
  const mine = `E2E ${stamp}: chị Một hướng dẫn tận tình`;
  const counterOnly = `E2E ${stamp}: quầy đông, chờ lâu`;
  await rate(browser, codes[2], 4, mine); // counters' cards come first
  await rate(browser, codes[0], 1, counterOnly);

  // 8. The leader sees the commune, and only it.
  const leader = await firstLogin(browser, leaderName, leaderTemporary);
  await leader.goto('/dashboard?period=today');
  await expect(leader.locator('select[name=unit] option')).toHaveCount(1);
  await expect(leader.locator('select[name=unit] option')).toHaveText(COMMUNE);
  await expect(leader.locator('ul.comments')).toContainText(mine);
  await expect(leader.locator('ul.comments')).toContainText(counterOnly);
  await expect(leader.locator('main')).not.toContainText('Phường Nha Trang');
  const elsewhere = await leader.request.get('/api/v1/units');
  expect((await elsewhere.json()).map((u: { name: string }) => u.name)).toEqual([COMMUNE]);
  await screenshot(leader, 'leader-dashboard');
  expect((await leader.goto('/admin'))?.status()).toBe(403);

  // 9. The official sees their own rating, not the counter's.
  const official = await firstLogin(browser, officialName, officialTemporary);
  await official.goto('/dashboard?period=today');
  await expect(official.locator('ul.comments')).toContainText(mine);
  await expect(official.locator('ul.comments')).not.toContainText(counterOnly);
  await screenshot(official, 'official-dashboard');

  errors.expectNone('the administration pages');
});
