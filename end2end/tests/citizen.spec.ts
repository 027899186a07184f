import { test, expect } from '@playwright/test';
import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  RATINGS,
  VIETNAMESE,
  citizenContext,
  citizenFormUrl,
  expectNoSidewaysScroll,
  firstRealOption,
  formSubmission,
  hrefOf,
  labelFor,
  loginForm,
  PHONE,
  readQr,
  responsesToday,
  screenshot,
  valuesOf,
  vietnameseText,
  waitForHydration,
  watchForErrors,
} from './helpers';

// The `desktop` project's `page` is the admin's (auth.setup.ts logged in once). Citizens get their own logged-out
// phone-sized contexts. The server runs `hailong serve --demo` on a fresh database (scripts/test).

test.describe('admin', () => {
  test('admin pages need a login, and a wrong password does not give one', async ({ browser }) => {
    const context = await citizenContext(browser, { viewport: { width: 1280, height: 800 }, isMobile: false });
    try {
      const page = await context.newPage();
      const response = await page.goto('/admin');
      const refused = [401, 403].includes(response?.status() ?? 0);
      const sentToLogin = new URL(page.url()).pathname === '/login';
      expect(refused || sentToLogin, `anonymous GET /admin: ${response?.status()} at ${page.url()}`).toBe(true);

      await page.goto('/login');
      const form = loginForm(page);
      await form.locator('input[name=username]').fill(ADMIN_USER);
      await form.locator('input[name=password]').fill(`${ADMIN_PASSWORD}-wrong`);
      await form.locator('button[type=submit]').click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).not.toBe('/dashboard');
      await expect(loginForm(page).locator('input[name=password]')).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test('every counter has a poster and every official a card, whose QR codes open the citizen form', async ({
    page,
  }) => {
    await page.goto('/admin');
    const posters = page.locator('a.poster-link');
    const cards = page.locator('a.card-link');
    await expect(posters.first()).toBeVisible();
    await expect(cards.first()).toBeVisible();
    for (const href of await posters.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(new URL(href, BASE_URL).pathname).toMatch(/^\/print\/counter\/[^/]+$/);
    }
    for (const href of await cards.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(new URL(href, BASE_URL).pathname).toMatch(/^\/print\/official\/[^/]+$/);
    }
    const cardHref = await hrefOf(cards.first());

    await page.goto(await hrefOf(posters.first()));
    const poster = await readQr(page);
    expect(poster.text.startsWith(`${BASE_URL}/q/`), `poster QR says ${poster.text}`).toBe(true);
    expect(poster.text.length).toBeGreaterThan(`${BASE_URL}/q/`.length);
    await screenshot(page, 'poster');

    await page.goto(cardHref);
    const card = await readQr(page);
    expect(card.text.startsWith(`${BASE_URL}/q/`), `official card QR says ${card.text}`).toBe(true);
    expect(card.text, 'an official has a code of their own').not.toBe(poster.text);
    await screenshot(page, 'official-card');
  });
});

test.describe('citizen', () => {
  test('a rating sent from the poster QR on a phone reaches the dashboard', async ({ page, browser }) => {
    const formUrl = await citizenFormUrl(page);
    const comment = `E2E ${Date.now()}: chờ lâu ở quầy, mong cải thiện`;

    const context = await citizenContext(browser);
    try {
      const citizen = await context.newPage();
      const errors = watchForErrors(citizen);
      const response = await citizen.goto(formUrl);
      expect(response?.status()).toBe(200);
      await waitForHydration(citizen);

      const form = citizen.locator('form#rate-form');
      await expect(form).toBeVisible();
      const overall = form.locator('input[name=overall]');
      expect(await valuesOf(overall)).toEqual(RATINGS.map(([value]) => value));
      for (const [value, text] of RATINGS) {
        const radio = form.locator(`input[name=overall][value="${value}"]`);
        await expect(await labelFor(citizen, radio)).toContainText(text);
      }

      const chuaTot = form.locator('input[name=overall][value="1"]');
      await (await labelFor(citizen, chuaTot)).click(); // the label reading "Chưa tốt"
      await expect(chuaTot).toBeChecked();

      const choLau = form.locator('input[name=reason][value="cho-lau"]');
      const choLauLabel = await labelFor(citizen, choLau);
      await expect(choLauLabel).toContainText('Chờ lâu');
      await choLauLabel.click();
      await expect(choLau).toBeChecked();

      await form.locator('textarea[name=comment]').fill(comment);
      const procedure = form.locator('select[name=procedure]');
      const procedureValue = await firstRealOption(procedure);
      expect(procedureValue, 'the demo data offers procedures to pick').toBeTruthy();
      await procedure.selectOption(procedureValue!);

      await expectNoSidewaysScroll(citizen);
      await screenshot(citizen, 'citizen-form-phone');

      const submit = form.locator('button[type=submit]');
      await expect(submit).toContainText('Gửi đánh giá');
      await submit.click();
      await citizen.waitForURL((url) => url.pathname.endsWith('/cam-on'));
      await expect(citizen.locator('h1')).toContainText('Cảm ơn');
      await screenshot(citizen, 'thank-you-phone');
      errors.expectNone('the citizen form and the thank-you page');
    } finally {
      await context.close();
    }

    const errors = watchForErrors(page);
    await page.goto('/dashboard?period=quarter');
    await waitForHydration(page);
    await expect(page.locator('select[name=unit]')).toBeVisible();
    const period = page.locator('select[name=period]');
    await expect(period).toHaveValue('quarter');
    const quarterCount = await page.locator('.tile-count').first().textContent();
    // Switching the period: pick it, press "Xem", and the page reloads with today's figures.
    await period.selectOption('today');
    await page.locator('form.picker button[type=submit]').click();
    await page.waitForURL((url) => url.searchParams.get('period') === 'today');
    await expect(page.locator('select[name=period]')).toHaveValue('today');
    await expect(page.locator('.tile-count').first()).not.toHaveText(quarterCount ?? '');
    await expect(page.locator('ul.comments')).toContainText(comment);
    await screenshot(page, 'dashboard');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'dashboard-phone');
    errors.expectNone('the dashboard');
  });

  test('the form works with JavaScript off, and Back + submitting again is harmless', async ({ page, browser }) => {
    const formUrl = await citizenFormUrl(page);
    const before = await responsesToday(page);
    const context = await citizenContext(browser, { javaScriptEnabled: false });
    try {
      const citizen = await context.newPage();
      const errors = watchForErrors(citizen);
      await citizen.goto(formUrl);
      const form = citizen.locator('form#rate-form');
      const tot = form.locator('input[name=overall][value="3"]');
      const totLabel = await labelFor(citizen, tot);
      await expect(totLabel).toContainText('Tốt');
      await totLabel.click();
      await expect(tot).toBeChecked();
      await screenshot(citizen, 'citizen-form-nojs-phone');

      const [sent] = await Promise.all([
        citizen.waitForRequest((request) => request.method() === 'POST'),
        form.locator('button[type=submit]').click(),
      ]);
      await citizen.waitForURL((url) => url.pathname.endsWith('/cam-on'));
      await expect(citizen.locator('h1')).toContainText('Cảm ơn');

      // The very same POST again (a double tap, a reload that resends the form): the thank-you page, no error.
      const again = await citizen.request.post(sent.url(), {
        data: sent.postDataBuffer() ?? '',
        headers: {
          'content-type': sent.headers()['content-type'] ?? '',
          Origin: BASE_URL,
          Referer: formUrl,
          'Accept-Language': 'vi-VN,vi',
        },
        failOnStatusCode: false,
      });
      expect(again.status(), `the same form sent twice: ${again.url()}`).toBe(200);
      expect(await again.text()).toContain('đã được ghi nhận');

      // The citizen goes Back to the form and sends it again: the browser keeps the page, with its submission id.
      await citizen.goBack();
      await expect(form).toBeVisible();
      if (!(await tot.isChecked())) await (await labelFor(citizen, tot)).click();
      await form.locator('button[type=submit]').click();
      await citizen.waitForURL((url) => url.pathname.endsWith('/cam-on'));
      await expect(citizen.locator('h1')).toContainText('Cảm ơn');
      await expect(citizen.locator('main')).toContainText('đã được ghi nhận');
      errors.expectNone('the form without JavaScript');
    } finally {
      await context.close();
    }
    expect(await responsesToday(page), 'one form sent three times is one response').toBe(before + 1);
  });

  test('a comment over 1000 characters is refused with 422 in Vietnamese; 1000 are accepted', async ({
    page,
    browser,
  }) => {
    const formUrl = await citizenFormUrl(page);
    const context = await citizenContext(browser);
    try {
      const citizen = await context.newPage();
      await citizen.goto(formUrl);
      const submission = await formSubmission(citizen, citizen.locator('form#rate-form'));
      const post = (comment: string) => {
        const fields = { ...submission.fields, overall: '2', comment };
        return citizen.request.post(submission.url, {
          ...(submission.multipart ? { multipart: fields } : { form: fields }),
          headers: { Origin: BASE_URL, Referer: formUrl, Accept: 'text/html', 'Accept-Language': 'vi-VN,vi' },
          maxRedirects: 0,
          failOnStatusCode: false,
        });
      };

      const tooLong = await post(vietnameseText(1001));
      const body = await tooLong.text();
      expect(tooLong.status(), body.slice(0, 500)).toBe(422);
      expect(body).toContain('1000');
      expect(body).toMatch(VIETNAMESE);

      const longest = await post(vietnameseText(1000));
      expect(longest.status(), (await longest.text()).slice(0, 500)).toBeLessThan(400);
    } finally {
      await context.close();
    }
  });

  test('an unknown QR token shows a Vietnamese 404', async ({ browser }) => {
    const context = await citizenContext(browser);
    try {
      const citizen = await context.newPage();
      const response = await citizen.goto('/q/AAAAAAAAAAAAAAAAAAAAAAAA');
      expect(response?.status()).toBe(404);
      await expect(citizen.locator('body')).toContainText('Không tìm thấy');
    } finally {
      await context.close();
    }
  });
});
