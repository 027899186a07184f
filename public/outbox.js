// @ts-check
// The browser's side of an outbox: the durable queue in IndexedDB (in memory where IndexedDB is off, as in a private
// window: a reload then loses what was not sent) and the JSON call that sends an entry. Shared by the counter tablet
// (`/kiosk`) and the surveyor's phone (`/dieu-tra`); the queue's logic is in queue.js, each page decides what its
// entries are and when they are done.

import { memoryOutbox } from './queue.js';

/** @template {import('./queue.js').Entry} T @typedef {import('./queue.js').Outbox<T>} Outbox */

/**
 * The queue `storeName` of the database `dbName`: entries are objects, numbered in order (`seq`) when first put.
 * @template {import('./queue.js').Entry} T
 * @param {string} dbName
 * @param {string} storeName
 * @returns {Outbox<T>}
 */
export function openOutbox(dbName, storeName) {
  /** @type {Promise<IDBDatabase | null>} */
  const db = !('indexedDB' in window)
    ? Promise.resolve(null)
    : new Promise((resolve) => {
      const open = indexedDB.open(dbName, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(storeName, { keyPath: 'seq', autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(null);
    });
  /** @type {Outbox<T>} */
  const memory = memoryOutbox();

  /**
   * Runs `work` on the object store in one transaction; its result once the transaction is complete.
   * @template R
   * @param {IDBTransactionMode} mode
   * @param {(store: IDBObjectStore) => IDBRequest<R>} work
   * @returns {Promise<R>}
   */
  async function inStore(mode, work) {
    const opened = /** @type {IDBDatabase} */ (await db);
    return new Promise((resolve, reject) => {
      const tx = opened.transaction(storeName, mode);
      const request = work(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  return {
    put: async (entry) =>
      (await db) ? /** @type {number} */ (await inStore('readwrite', (s) => s.put(entry))) : memory.put(entry),
    entries: async () => {
      if (!(await db)) return memory.entries();
      const list = /** @type {T[]} */ (await inStore('readonly', (s) => s.getAll()));
      return list.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    },
    remove: async (seq) => {
      if (await db) await inStore('readwrite', (s) => s.delete(seq));
      else await memory.remove(seq);
    },
  };
}

/**
 * A JSON call of the page's own site.
 * @param {string} url
 * @param {object} body
 * @returns {Promise<import('./queue.js').Outcome>}
 */
export async function postJson(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    return { ok: false, status: 0, body: null };
  }
  const data = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body: data };
}
