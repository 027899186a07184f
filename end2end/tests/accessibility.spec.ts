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

/** The buttons a person cannot read: no text, or text whose colour is too close to what is behind it (under 3:1),
 *  as the red-on-red revoke buttons were — axe-core judges text, not every control's face. */
async function unreadableButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = ([r, g, b]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const behind = (start: Element): number[] => {
      for (let e: Element | null = start; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const unreadable: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, .button, summary, input[type=submit]')) {
      // What a person sees: not in a closed <details> (laid out, never painted), not hidden.
      if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
      const text = (el.innerText || (el as HTMLInputElement).value || el.getAttribute('aria-label') || '').trim();
      const [light, dark] = [luminance(rgb(getComputedStyle(el).color)), luminance(behind(el))].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      if (!text || ratio < 3) unreadable.push(`${el.tagName.toLowerCase()} "${text}" at ${ratio.toFixed(2)}:1`);
    }
    return unreadable;
  });
}

/** Both checks on the page as it stands. */
async function expectReadable(page: Page) {
  expect(await violations(page)).toEqual([]);
  expect(await unreadableButtons(page)).toEqual([]);
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
    await expectReadable(page);
    await page.goto((await page.locator('.board-links a').getAttribute('href'))!);
    await expectReadable(page);
    await page.goto('/admin');
    await expectReadable(page);
    const alerts = (await page.locator('a.alerts-link').first().getAttribute('href'))!;
    const poster = (await page.locator('a.poster-link').first().getAttribute('href'))!;
    await page.goto((await page.locator('a.devices-link').first().getAttribute('href'))!);
    await expectReadable(page);
    await page.goto(alerts);
    await expectReadable(page);
    await screenshot(page, `alert-rules-${name}`);
    // A counter's poster: revoking its code asks first, and both buttons read.
    await page.goto(poster);
    await expectReadable(page);
    await page.locator('details.confirm summary').click();
    await expect(page.locator('details.confirm .warning')).toBeVisible();
    await expectReadable(page);
    await screenshot(page, `poster-revoke-${name}`);
    await page.goto('/api/v1/docs');
    await expect(page.getByRole('heading', { name: /POST \/api\/v1\/dossiers/ })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await screenshot(page, `api-docs-${name}`);
  });
}
