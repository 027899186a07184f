import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { PHONE, screenshot } from './helpers';

// axe-core's WCAG 2.1 A and AA rules on the pages staff read most, on a desktop and on a 390 px phone: colour
// contrast, names, landmarks, and tables that scroll inside their panel being reachable by keyboard. The dashboard
// is the whole one page: heatmap, breakdowns with their sort buttons, breadcrumb-less top and live panel.
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [name, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', PHONE],
] as const) {
  test(`the dashboard, the register, the device and alert pages and the API's description pass axe-core's WCAG 2.1 AA checks on a ${name}`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/dashboard?period=30d');
    expect(await violations(page)).toEqual([]);
    await page.goto((await page.locator('.board-links a').getAttribute('href'))!);
    expect(await violations(page)).toEqual([]);
    await page.goto('/admin');
    expect(await violations(page)).toEqual([]);
    const alerts = (await page.locator('a.alerts-link').first().getAttribute('href'))!;
    await page.goto((await page.locator('a.devices-link').first().getAttribute('href'))!);
    expect(await violations(page)).toEqual([]);
    await page.goto(alerts);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, `alert-rules-${name}`);
    await page.goto('/api/v1/docs');
    await expect(page.getByRole('heading', { name: /POST \/api\/v1\/dossiers/ })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await screenshot(page, `api-docs-${name}`);
  });
}
