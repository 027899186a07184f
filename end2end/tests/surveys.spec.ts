import { test, expect } from '@playwright/test';
import { citizenContext, decodeQrPng, expectNoSidewaysScroll, screenshot, watchForErrors } from './helpers';

// A field survey as the Home Affairs office runs it: planned for a ward with its target; the one-stop software's
// customer list pasted in and a sample drawn from a seed; a surveyor added and the badge printed; the badge's QR
// code decoded and followed on a citizen's phone ("Còn hiệu lực"), then refused once the badge is revoked; the
// campaign closed and the respondents' names erased.

test("a survey is planned, its sample drawn and a surveyor's badge checked by a citizen", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  await page.goto('/surveys');
  const year = new Date().getFullYear();
  const form = page.locator('form[action="/surveys"]');
  await form.getByLabel('Tên đợt').fill(`Khảo sát trực tiếp năm ${year}`);
  const ward = form.locator('select[name=unit_id] option', { hasText: 'Phường Nha Trang' });
  const wardId = (await ward.getAttribute('value'))!;
  await form.locator('select[name=unit_id]').selectOption(wardId);
  await form.getByLabel('Từ ngày').fill(`${year}-01-01`);
  await form.getByLabel('Đến ngày').fill(`${year}-12-31`);
  await form.locator('select[name=questionnaire]').selectOption('paper2');
  await form.getByLabel('Quyết định phê duyệt').fill(`Quyết định số 15/QĐ-UBND ngày 02/01/${year}`);
  await form.getByRole('button', { name: 'Lập đợt khảo sát' }).click();
  await page.waitForURL(/\/surveys\/\d+$/);
  const targets = page.getByRole('region', { name: 'Chỉ tiêu theo đơn vị' });
  await expect(targets.locator('tbody tr').first()).toContainText('Phường Nha Trang');

  const lines = ['unit,name,contact,procedure,field,date'];
  for (let i = 0; i < 15; i++) lines.push(`${wardId},Người dân ${i},0905 000 ${100 + i},Đăng ký khai sinh,Hộ tịch,${year}-11-0${1 + (i % 9)}`);
  await page.locator('textarea[name=csv]').fill(lines.join('\n'));
  await page.getByRole('button', { name: 'Nhập danh sách' }).click();
  await page.getByLabel('Tên').last().fill('Lê Thị Điều Tra');
  await page.getByLabel('Tổ chức').fill('Bưu điện tỉnh Khánh Hòa');
  await page.getByRole('button', { name: 'Thêm điều tra viên' }).click();
  await page.getByLabel('Số gốc ngẫu nhiên').fill('2026');
  await page.getByRole('button', { name: 'Chọn mẫu' }).click();
  await expect(page.locator('strong.seed')).toHaveText('2026');
  const sample = page.getByRole('region', { name: 'Người được chọn phỏng vấn' });
  await expect(sample.locator('tbody tr')).toHaveCount(15);
  await expect(sample.locator('tbody tr').first()).toContainText('Lê Thị Điều Tra');
  await screenshot(page, 'survey-campaign');
  const campaign = page.url();

  // The badge, its QR code decoded and followed on a phone.
  await page.getByRole('link', { name: 'In thẻ' }).click();
  const qr = page.locator('img.qr');
  await expect(qr).toBeVisible();
  await screenshot(page, 'surveyor-badge');
  const png = await page.request.get(new URL((await qr.getAttribute('src'))!, page.url()).href);
  const url = decodeQrPng(await png.body());
  expect(url).toMatch(/\/xac-minh\/[A-Za-z0-9_-]+$/);
  const phone = await citizenContext(browser);
  const citizen = await phone.newPage();
  await citizen.goto(url);
  await expect(citizen.locator('.verdict')).toHaveText(/Còn hiệu lực/);
  await expect(citizen.locator('main')).toContainText('Lê Thị Điều Tra');
  await expect(citizen.locator('main')).toContainText('Quyết định số 15/QĐ-UBND');
  await expectNoSidewaysScroll(citizen);
  await screenshot(citizen, 'surveyor-verified-phone');

  await page.goto(campaign);
  await page.getByRole('button', { name: 'Thu hồi thẻ' }).click();
  await citizen.reload();
  await expect(citizen.locator('.verdict')).toHaveText(/Đã hết hiệu lực/);
  await screenshot(citizen, 'surveyor-revoked-phone');
  await phone.close();

  await page.getByRole('button', { name: 'Kết thúc đợt và xóa dữ liệu cá nhân' }).click();
  await expect(page.locator('dl.facts')).toContainText('Đã kết thúc');
  await expect(sample.locator('tbody tr').first()).toContainText('(đã xóa)');
  await expect(page.getByText('Người dân 0')).toHaveCount(0);
  errors.expectNone('the survey pages');
});
