import { test as setup, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_STATE, login } from './helpers';

// Runs first (project `setup`): the admin logs in through the real /login form once, and the session is saved for
// every test of the `desktop` project.
setup('the admin logs in through /login and lands on /dashboard', async ({ page }) => {
  await login(page);
  await expect(page).toHaveURL(/\/dashboard/);
  fs.mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  await page.context().storageState({ path: ADMIN_STATE });
});
