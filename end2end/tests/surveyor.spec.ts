import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { PNG } from 'pngjs';
import { citizenContext, decodeQrPng, expectNoSidewaysScroll, planCampaign, screenshot, watchForErrors } from './helpers';

// A surveyor in the field (docs/operator.md, Surveyors' phones): the manager plans a campaign, imports the customer list, adds the
// surveyor, draws the sample and gives a sign-in code; on the surveyor's phone the code signs in, the list shows
// the respondents drawn for them; with the network gone an interview is entered and a refusal marked (queued on the
// phone, kept across a reload from the phone's cache); back online they arrive once, and the manager sees the
// respondents' outcomes, the form paid and collected on channel survey. The badge QR on the phone is decoded and
// leads to the public check.

// A portrait to upload: 240×300, a face-coloured oval on blue, as a PNG.
function portrait(): Buffer {
  const png = new PNG({ width: 240, height: 300 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const face = ((x - 120) / 70) ** 2 + ((y - 130) / 95) ** 2 < 1;
      const i = (y * png.width + x) * 4;
      [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]] = face ? [224, 180, 150, 255] : [40, 90, 160, 255];
    }
  }
  return PNG.sync.write(png);
}

const waiting = (phone: Page) => phone.evaluate(() => Number(document.documentElement.dataset.waiting ?? -1));
// axe-core's WCAG 2.1 A and AA findings on the page as it is now.
const axe = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );

test('a surveyor enters interviews on a phone, offline, and they reach the campaign once', async ({ page, browser }) => {
  const errors = watchForErrors(page);
  const year = new Date().getFullYear();
  const stamp = Date.now(); // unique names, so the test can run again on the same server
  const decision = `Quyết định số 20/QĐ-UBND ngày 05/01/${year}`;
  const wardId = await planCampaign(page, `Phỏng vấn tại nhà ${stamp}`, 'short', decision);
  const campaign = page.url();

  const lines = ['unit,name,contact,procedure,field,date'];
  for (let i = 0; i < 3; i++) lines.push(`${wardId},Hộ gia đình ${stamp}-${i},0905 111 22${i},Chứng thực bản sao,Chứng thực,${year}-11-0${1 + i}`);
  await page.locator('textarea[name=csv]').fill(lines.join('\n'));
  await page.getByRole('button', { name: 'Nhập danh sách' }).click();
  await page.getByLabel('Tên').last().fill('Võ Thị Phỏng Vấn');
  await page.getByLabel('Tổ chức').fill('Bưu điện tỉnh Khánh Hòa');
  await page.getByRole('button', { name: 'Thêm điều tra viên' }).click();
  await page.getByLabel('Ảnh của Võ Thị Phỏng Vấn').setInputFiles({ name: 'chan-dung.png', mimeType: 'image/png', buffer: portrait() });
  await page.getByRole('button', { name: 'Tải ảnh lên thẻ' }).click();
  await expect(page.getByText('Đã có ảnh trên thẻ')).toBeVisible();
  await page.getByLabel('Số gốc ngẫu nhiên').fill('5');
  await page.getByRole('button', { name: 'Chọn mẫu' }).click();
  await page.getByRole('button', { name: 'Cấp mã đăng nhập' }).click();
  const code = (await page.getByTestId('sign-in-code').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await screenshot(page, 'surveyor-sign-in-code');

  const context = await citizenContext(browser);
  try {
    const phone = await context.newPage();
    const scriptErrors: string[] = [];
    phone.on('pageerror', (error) => scriptErrors.push(error.message));
    await phone.goto('/dieu-tra');
    await screenshot(phone, 'surveyor-phone-sign-in');
    expect(await axe(phone)).toEqual([]);
    await phone.getByLabel('Mã đăng nhập').fill(code.toLowerCase());
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await phone.waitForURL((url) => url.pathname === '/dieu-tra');
    await phone.locator('html[data-survey-ready]').waitFor({ state: 'attached' });
    const people = phone.locator('.s-respondent');
    await expect(people).toHaveCount(3);
    await expect(phone.locator('#s-status')).toHaveText('Mọi phiếu đã được gửi về máy chủ.');
    await expectNoSidewaysScroll(phone);
    await screenshot(phone, 'surveyor-phone-list');
    expect(await axe(phone)).toEqual([]);
    // The phone's copy of the page and its files before the network goes.
    await phone.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

    // The badge on the phone: a citizen's phone decodes it and sees the surveyor checked.
    const qr = phone.locator('.s-badge img.qr');
    const png = await phone.request.get(new URL((await qr.getAttribute('src'))!, phone.url()).href);
    const check = decodeQrPng(await png.body());
    expect(check).toMatch(/\/xac-minh\/[A-Za-z0-9_-]+$/);
    const citizen = await context.newPage();
    await citizen.goto(check);
    await expect(citizen.locator('.verdict')).toHaveText(/Còn hiệu lực/);
    await expect(citizen.locator('main')).toContainText('Võ Thị Phỏng Vấn');
    await expect(citizen.locator('img.badge-photo')).toBeVisible();
    expect(await citizen.locator('img.badge-photo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);
    await screenshot(citizen, 'surveyor-verified-with-photo');
    await citizen.close();

    // Offline: one interview (the overall answer and one factor), one refusal.
    await context.setOffline(true);
    const first = people.nth(0);
    const firstName = (await first.getAttribute('data-name'))!;
    await first.getByRole('button', { name: 'Phỏng vấn' }).click();
    const form = phone.locator('#s-form');
    await expect(form.locator('#s-form-who')).toHaveText(firstName);
    await form.getByRole('button', { name: 'Lưu phiếu' }).click();
    await expect(form.locator('#s-form-error')).toBeVisible(); // the overall question is required
    expect(await axe(phone)).toEqual([]);
    await form.locator('label[for="s-overall-tot"]').click();
    await form.locator('label[for="s-f3-rat-tot"]').click();
    await expectNoSidewaysScroll(phone);
    await screenshot(phone, 'surveyor-phone-form');
    await form.getByRole('button', { name: 'Lưu phiếu' }).click();
    await expect(first.locator('.s-outcome')).toHaveText('Đã phỏng vấn');
    await people.nth(1).getByRole('button', { name: 'Từ chối' }).click();
    await expect(people.nth(1).locator('.s-outcome')).toHaveText('Từ chối');
    await expect.poll(() => waiting(phone)).toBe(2);
    await expect(phone.locator('#s-status')).toContainText('2 mục chưa gửi');
    await screenshot(phone, 'surveyor-phone-offline');

    // A reload still offline: the page from the phone's cache, the queue from its storage.
    await phone.reload();
    await phone.locator('html[data-survey-ready]').waitFor({ state: 'attached' });
    await expect.poll(() => waiting(phone)).toBe(2);
    await expect(people.nth(0).locator('.s-outcome')).toHaveText('Đã phỏng vấn');

    // The network returns: both arrive.
    await context.setOffline(false);
    await expect.poll(() => waiting(phone), { timeout: 30_000 }).toBe(0);
    await expect(phone.locator('#s-status')).toHaveText('Mọi phiếu đã được gửi về máy chủ.');
    expect(scriptErrors).toEqual([]);

    // The manager's page: the outcomes, the form paid and counted on channel survey.
    await page.goto(campaign);
    const sample = page.getByRole('region', { name: 'Người được chọn phỏng vấn' });
    const row = (name: string) => sample.locator('tbody tr', { hasText: name });
    await expect(row(firstName).locator('select[name=outcome]')).toHaveValue('completed');
    const second = (await people.nth(1).getAttribute('data-name'))!;
    await expect(row(second).locator('select[name=outcome]')).toHaveValue('refused');
    const payments = page.getByRole('region', { name: 'Bảng thanh toán điều tra viên' });
    await expect(payments.locator('tbody tr', { hasText: 'Võ Thị Phỏng Vấn' })).toContainText('30.000');
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('region', { name: 'Chỉ tiêu theo đơn vị' }).innerText();
      })
      .toContain('Điều tra viên phỏng vấn 1');
    await screenshot(page, 'surveyor-campaign-after');
  } finally {
    await context.close();
  }
  errors.expectNone('the campaign page');
});
