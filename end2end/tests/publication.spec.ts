import * as http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@playwright/test';
import { BASE_URL, citizenContext, expectNoSidewaysScroll, screenshot, watchForErrors } from './helpers';

// Public results as a citizen reads them on a phone, signed out: from the list of units to the province's quarter,
// down to a commune through the ranking; axe-clean; and the card a commune's website frames — which loads inside
// another site's iframe, while the full page refuses to be framed.

test('a citizen reads the quarter on the public pages and a website frames the card', async ({ browser }) => {
  const context = await citizenContext(browser);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await page.goto('/cong-khai');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Công khai kết quả đánh giá sự hài lòng');
  await page.locator('.public-units a').first().click();
  await expect(page.locator('h2.public-period')).toHaveText(/^Quý (I|II|III|IV) năm \d{4}$/);
  await expect(page.locator('.tile-value').first()).toHaveText(/^\d+,\d%$/);
  const ranking = page.getByRole('region', { name: 'Xếp hạng các đơn vị trực thuộc' });
  await expect(ranking.locator('tbody tr').first()).toContainText(/\d+,\d%/);
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations).toEqual([]);
  await expectNoSidewaysScroll(page);
  await screenshot(page, 'public-province');

  const commune = ranking.locator('tbody a').first();
  const name = (await commune.innerText()).trim();
  await commune.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expectNoSidewaysScroll(page);
  await screenshot(page, 'public-commune');
  const id = new URL(page.url()).pathname.split('/').pop();
  errors.expectNone('the public pages');

  // Another website: the card loads in its iframe; the full page does not.
  // Another origin: a small web server of its own on this machine (Chromium keeps pages it did not fetch from
  // a local address from framing one).
  const html =
    `<!doctype html><meta charset="utf-8"><title>Trang của xã</title><h1>Trang của xã</h1>` +
    `<iframe id="card" src="${BASE_URL}/cong-khai/${id}/nhung" width="360" height="260"></iframe>` +
    `<iframe id="full" src="${BASE_URL}/cong-khai/${id}" width="360" height="260"></iframe>`;
  const server = http.createServer((_, response) => response.end(html)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const website = `http://localhost:${(server.address() as AddressInfo).port}/`;
  const site = await context.newPage();
  await site.goto(website);
  const card = site.frameLocator('#card');
  await expect(card.locator('.embed-unit')).toHaveText(name);
  await expect(card.locator('.tile-value').first()).toHaveText(/^(\d+,\d%|Chưa đủ mẫu để công bố)$/);
  await site.waitForTimeout(500);
  const full = site.frames().find((f) => f.url().endsWith(`/cong-khai/${id}`));
  const blocked = !full || (await full.locator('h1').count().catch(() => 0)) === 0;
  expect(blocked, 'the full page is not framed by another site').toBe(true);
  await screenshot(site, 'public-embedded');
  await context.close();
  server.close();
});
