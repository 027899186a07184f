import { test, expect } from '@playwright/test';
import { PHONE, screenshot, watchForErrors } from './helpers';

// The leader's one page, as a chair uses it: down the unit tree through the table of units beneath and back up by
// the breadcrumb, the period kept; a table re-sorted from the keyboard; a custom period typed in the picker; the
// page at 390 px without sideways scrolling; and a test press voided from the response register, after which the
// register shows it voided and the dashboard counts it apart.

test('a chair drills down, sorts, picks dates and voids a test press', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/dashboard?period=year');
  const beneath = page.getByRole('region', { name: 'Theo đơn vị trực thuộc' });
  const first = beneath.locator('tbody a').first();
  const commune = (await first.innerText()).trim();
  await first.click();
  await page.waitForURL((url) => url.searchParams.get('period') === 'year' && url.searchParams.has('unit'));
  const crumbs = page.getByRole('navigation', { name: 'Đơn vị đang xem' });
  await expect(crumbs.locator('[aria-current=page]')).toHaveText(commune);
  await expect(page.locator('select[name=unit] option:checked')).toContainText(commune);
  await crumbs.locator('a').first().click();
  await expect(page.getByRole('region', { name: 'Theo đơn vị trực thuộc' })).toBeVisible();

  // The year's sample targets, from the demo's transactions: a row for the province and one per unit beneath (the
  // demo's two communes, and any another spec added).
  const samples = page.getByRole('region', { name: 'Cỡ mẫu năm nay' });
  await expect(samples.locator('tbody tr').nth(2)).toBeVisible();
  await expect(samples.locator('tbody tr').first()).toContainText(/Đúng tiến độ|Cần khảo sát bổ sung/);
  await samples.scrollIntoViewIfNeeded();
  await screenshot(page, 'dashboard-samples');

  // Sorting from the keyboard: the officials' table comes worst first; Enter on the index column turns it.
  const officials = page.getByRole('region', { name: 'Theo công chức' });
  const indexHeading = officials.locator('thead th').nth(1);
  await expect(indexHeading).toHaveAttribute('aria-sort', 'ascending');
  await indexHeading.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(indexHeading).toHaveAttribute('aria-sort', 'descending');
  const keys = await officials
    .locator('tbody tr td:nth-child(2)')
    .evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.sort ?? '').filter((k) => k !== ''));
  expect(keys.length).toBeGreaterThan(1);
  expect(keys.map(Number)).toEqual([...keys.map(Number)].sort((a, b) => b - a));

  // A custom period from the picker.
  await page.locator('select[name=period]').selectOption('custom');
  await page.locator('input[name=from]').fill('2026-01-01');
  await page.locator('input[name=to]').fill('2026-12-31');
  await page.locator('form.picker button[type=submit]').click();
  await page.waitForURL((url) => url.searchParams.get('from') === '2026-01-01');
  await expect(page.locator('p.error')).toHaveCount(0);
  await expect(page.locator('.tile-value').first()).not.toHaveText('');
  await screenshot(page, 'dashboard-custom');
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'no sideways scroll on a phone').toBeLessThanOrEqual(0);
  await screenshot(page, 'dashboard-custom-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The register: void the newest counted response with a reason.
  await page.goto('/dashboard?period=30d');
  await page.getByRole('link', { name: 'Sổ phiếu đánh giá' }).click();
  const row = page.locator('tbody tr', { has: page.locator('details.void') }).first();
  const id = await row.getAttribute('id');
  await row.locator('summary').click();
  await row.locator('input[name=reason]').fill('Cán bộ bấm thử khi cài máy');
  await row.getByRole('button', { name: 'Hủy phiếu' }).click();
  await expect(page.locator(`#${id}`)).toContainText('Đã hủy: Cán bộ bấm thử khi cài máy');
  await screenshot(page, 'response-register');
  await page.goto('/dashboard?period=30d');
  await expect(page.locator('.misuse-note').last()).toContainText('phiếu đã bị hủy');
  errors.expectNone('the dashboard and the register');
});
