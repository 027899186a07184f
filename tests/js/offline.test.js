// What the pages that work offline need is what the service worker keeps: every module their script imports, at any
// depth, is in the worker's cache list (run here with a stand-in for the browser's worker globals), and in the
// server's list of the page's assets, whose digest names the cache (a changed module must make a new one).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const repo = new URL('../../', import.meta.url);
/** @param {string} path from the repository's root */
const read = (path) => readFileSync(new URL(path, repo), 'utf8');

const PAGES = [
  { scope: '/kiosk', script: '/kiosk/kiosk.js', server: ['src/features/kiosk/mod.rs', 'KIOSK_ASSETS'] },
  { scope: '/dieu-tra', script: '/dieu-tra/dieu-tra.js', server: ['src/features/surveyor/mod.rs', 'PHONE_ASSETS'] },
];

/**
 * The site paths of a module and of everything it imports statically, at any depth.
 * @param {string} path a site path, as `/kiosk/kiosk.js`
 * @param {Set<string>} [seen]
 */
function moduleGraph(path, seen = new Set()) {
  if (seen.has(path)) return seen;
  seen.add(path);
  const source = read(`public${path}`);
  for (const [, specifier] of source.matchAll(/^\s*import\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    moduleGraph(new URL(specifier, `https://site${path}`).pathname, seen);
  }
  return seen;
}

/**
 * The files the service worker caches when it installs for `scope`.
 * @param {string} scope
 * @returns {Promise<string[]>}
 */
async function installedFiles(scope) {
  /** @type {Record<string, (event: object) => void>} */
  const handlers = {};
  /** @type {string[]} */
  let cached = [];
  const self = {
    registration: { scope: `https://site${scope}` },
    location: { href: 'https://site/offline-sw.js?v=test', origin: 'https://site' },
    addEventListener: (/** @type {string} */ type, /** @type {(event: object) => void} */ handler) => {
      handlers[type] = handler;
    },
    skipWaiting: async () => {},
  };
  const caches = {
    open: async () => ({
      addAll: async (/** @type {string[]} */ files) => {
        cached = files;
      },
    }),
  };
  vm.runInNewContext(read('public/offline-sw.js'), { self, caches, URL });
  /** @type {Promise<unknown>[]} */
  const work = [];
  handlers.install({ waitUntil: (/** @type {Promise<unknown>} */ p) => work.push(p) });
  await Promise.all(work);
  return cached;
}

/**
 * The paths of a `pub const NAME: [&str; N] = [...]` of the server.
 * @param {string} file
 * @param {string} name
 */
function serverAssets(file, name) {
  const list = new RegExp(`const ${name}: \\[&str; \\d+\\] =\\s*\\[([^\\]]*)\\]`).exec(read(file));
  assert.ok(list, `${name} in ${file}`);
  return [...list[1].matchAll(/"([^"]+)"/g)].map(([, path]) => `/${path}`);
}

for (const page of PAGES) {
  test(`the service worker keeps every module of ${page.script} for ${page.scope}`, async () => {
    const modules = [...moduleGraph(page.script)];
    assert.ok(modules.length > 2, `${page.script} imports modules: ${modules.join(', ')}`);
    const cached = await installedFiles(page.scope);
    assert.ok(cached.includes(page.scope), 'the page itself');
    assert.deepEqual(modules.filter((m) => !cached.includes(m)), [], 'modules missing from the cache list');
  });

  test(`the server versions ${page.scope}'s cache by every module of ${page.script}`, () => {
    const assets = serverAssets(page.server[0], page.server[1]);
    assert.deepEqual([...moduleGraph(page.script)].filter((m) => !assets.includes(m)), []);
    assert.ok(assets.includes('/offline-sw.js'));
  });
}
