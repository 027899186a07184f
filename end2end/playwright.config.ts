import { defineConfig } from '@playwright/test';
import { ADMIN_STATE, BASE_URL } from './tests/helpers';

// Run through scripts/test, which builds the release site, starts `hailong serve --demo` on a free port and sets
// BASE_URL, ADMIN_USER and ADMIN_PASSWORD. Browsers are never downloaded: Debian's Chromium is used (scripts/setup installs it).
export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    screenshot: 'only-on-failure',
    // A stuck click fails where it is stuck rather than at the test's timeout.
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    trace: 'off',
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Logs the admin in once and saves the session; the other projects start from it (one login per run, so the
    // server's login rate limit is never in the way).
    { name: 'setup', testMatch: /.*\.setup\.ts$/ },
    {
      name: 'desktop',
      testMatch: /.*\.spec\.ts$/,
      dependencies: ['setup'],
      use: { viewport: { width: 1280, height: 800 }, storageState: ADMIN_STATE },
    },
  ],
});
