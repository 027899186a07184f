import * as fs from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@playwright/test';
import { PHONE, SCREENSHOT_DIR, expectNoSidewaysScroll, screenshot, watchForErrors } from './helpers';

// The quarterly report as the Home Affairs office makes it: picked from the header link, for the province and this
// quarter; the A4 page with the national header; the workbook and the CSV downloaded by their links; the page
// printed to PDF by Chromium (A4 pages, saved beside the screenshots to be looked at); axe-clean, and readable on a
// phone without sideways scroll.

test('the office makes the quarterly report and downloads it as XLSX, CSV and PDF', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/dashboard');
  await page.locator('header nav').getByRole('link', { name: 'Báo cáo' }).click();
  await page.waitForURL((url) => url.pathname === '/reports');
  const quarter = page.locator('select[name=period]');
  await expect(quarter.locator('option:checked')).toHaveText(/^Quý (I|II|III|IV) năm \d{4}$/);
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.waitForURL((url) => /^\d{4}-Q[1-4]$/.test(url.searchParams.get('period') ?? ''));

  const document = page.locator('article.a4');
  await expect(document).toContainText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  await expect(document).toContainText('Độc lập - Tự do - Hạnh phúc');
  await expect(document.locator('h1')).toContainText(/BÁO CÁO.*quý (I|II|III|IV) năm \d{4}/);
  const indexes = page.getByRole('region', { name: 'Chỉ số', exact: true });
  await expect(indexes.locator('tbody tr').first()).toContainText(/Chỉ số hài lòng chung\s*\d+,\d/);
  await expect(page.getByRole('region', { name: 'Cỡ mẫu' }).locator('tbody tr').first()).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  await screenshot(page, 'report');

  const [workbook] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Tải Excel (XLSX)' }).click(),
  ]);
  expect(workbook.suggestedFilename()).toMatch(/^bao-cao-\d+-\d{4}-Q[1-4]\.xlsx$/);
  const xlsx = fs.readFileSync((await workbook.path())!);
  expect(xlsx.subarray(0, 2).toString(), 'a zip archive, as XLSX files are').toBe('PK');

  const [table] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
  const csv = fs.readFileSync((await table.path())!);
  expect([...csv.subarray(0, 3)], 'UTF-8 with a byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString('utf8')).toContain('Mức đánh giá');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.report-controls')).toBeHidden();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOT_DIR, 'report.pdf'), pdf);
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length, 'a report of several A4 pages').toBeGreaterThan(1);
  // A4 is 595.28 × 841.89 points; Chromium rounds to its device pixels.
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
  expect(boxes.length).toBeGreaterThan(0);
  for (const [, width, height] of boxes) {
    expect(Math.abs(Number(width) - 595.28)).toBeLessThan(2);
    expect(Math.abs(Number(height) - 841.89)).toBeLessThan(2);
  }

  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page);
  await screenshot(page, 'report-phone');
  errors.expectNone('the report');
});
