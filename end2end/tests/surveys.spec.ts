import { test, expect } from '@playwright/test';
import { citizenContext, decodeQrPng, expectNoSidewaysScroll, planCampaign, screenshot, watchForErrors } from './helpers';

// A field survey as the Home Affairs office runs it: planned for a ward with its target; the one-stop software's
// customer list pasted in and a sample drawn from a seed; a surveyor added and the badge printed; the badge's QR
// code decoded and followed on a citizen's phone ("Còn hiệu lực"), then refused once the badge is revoked; the
// campaign closed and the respondents' names erased.

test("a survey is planned, its sample drawn and a surveyor's badge checked by a citizen", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  const year = new Date().getFullYear();
  const decision = `Quyết định số 15/QĐ-UBND ngày 02/01/${year}`;
  const wardId = await planCampaign(page, `Khảo sát trực tiếp năm ${year}`, 'paper2', decision);
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
  await page.locator('summary', { hasText: 'Thu hồi thẻ' }).click();
  await page.getByRole('button', { name: 'Đồng ý thu hồi thẻ' }).click();
  await citizen.reload();
  await expect(citizen.locator('.verdict')).toHaveText(/Đã hết hiệu lực/);
  await screenshot(citizen, 'surveyor-revoked-phone');
  await phone.close();

  // Paper forms keyed from the keyboard alone, then a batch from CSV; a phúc tra sample drawn and recorded.
  await page.getByRole('link', { name: 'Nhập phiếu giấy, phúc tra' }).click();
  await page.getByLabel('Lô phiếu').fill('Lô A');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('A-001');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Đã lưu phiếu số A-001.');
  const entry = page.locator('form[action$="/paper"]');
  await expect(entry.getByLabel('Số phiếu')).toBeFocused();
  await page.keyboard.type('A-002');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Đã lưu phiếu số A-002.');
  await expect(page.getByLabel('Lô phiếu')).toHaveValue('Lô A');
  const batch = ['unit,serial,batch,overall,f1'];
  for (let i = 1; i <= 18; i++) batch.push(`${wardId},B-${String(i).padStart(3, '0')},Lô B,${i % 5 === 0 ? 0 : 1},1`);
  await page.locator('form[action$="/paper/import"] textarea').fill(batch.join('\n'));
  await page.getByRole('button', { name: 'Nhập danh sách' }).click();
  const recheck = page.getByRole('region', { name: 'Phúc tra' });
  await expect(recheck.locator('h2')).toContainText('20 phiếu đã nhập');
  await recheck.getByLabel('Số gốc ngẫu nhiên').fill('11');
  await recheck.getByRole('button', { name: 'Chọn phiếu phúc tra' }).click();
  const drawn = recheck.locator('form[action^="/rechecks/"]');
  await expect(drawn).toHaveCount(3); // Lô A: 1 of 2; Lô B: 2 of 18
  const first = drawn.first();
  await first.locator('select[name=outcome]').selectOption('differs');
  await first.locator('input[name=note]').fill('Người dân cho biết đã chọn Không hài lòng');
  await first.getByLabel('Hủy phiếu này').check();
  await first.getByRole('button', { name: 'Ghi kết quả' }).click();
  await expect(recheck).toContainText('Trả lời khác phiếu · Đã hủy');
  await expect(recheck.locator('tfoot')).toContainText('100,0%');
  await screenshot(page, 'paper-recheck');
  await page.goto(campaign);

  // Closing asks first, naming what is erased.
  await page.locator('summary', { hasText: 'Kết thúc đợt và xóa dữ liệu cá nhân' }).click();
  await expect(page.locator('details.confirm[open] .warning')).toContainText('họ tên và số liên lạc của');
  await page.getByRole('button', { name: 'Đồng ý kết thúc và xóa' }).click();
  await expect(page.locator('dl.facts')).toContainText('Đã kết thúc');
  await expect(sample.locator('tbody tr').first()).toContainText('(đã xóa)');
  await expect(page.getByText('Người dân 0')).toHaveCount(0);
  errors.expectNone('the survey pages');
});
