// What a page that works offline must send, kept until the server has it: a durable queue in IndexedDB (in memory
// where IndexedDB is off, as in a private window: a reload then loses what was not sent), and the JSON call that
// sends an entry. Shared by the counter tablet (`/kiosk`) and the surveyor's phone (`/dieu-tra`); each page decides
// what its entries are and when they are done.
'use strict';

// The queue `storeName` of the database `dbName`: entries are objects, numbered in order (`seq`) when first put.
window.hailongOutbox = (dbName, storeName) => {
  const db = !('indexedDB' in window)
    ? Promise.resolve(null)
    : new Promise((resolve) => {
      const open = indexedDB.open(dbName, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(storeName, { keyPath: 'seq', autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(null);
    });
  const memory = new Map();
  let memorySeq = 0;

  async function store(mode, work) {
    const opened = await db;
    if (!opened) return work(null);
    return new Promise((resolve, reject) => {
      const tx = opened.transaction(storeName, mode);
      let result;
      Promise.resolve(work(tx.objectStore(storeName))).then((r) => { result = r; });
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });

  return {
    // Adds or replaces an entry; its `seq`.
    put: (entry) => store('readwrite', (s) => {
      if (!s) {
        if (entry.seq === undefined) entry.seq = ++memorySeq;
        memory.set(entry.seq, entry);
        return entry.seq;
      }
      return request(s.put(entry));
    }),
    // Every entry, oldest first.
    entries: async () => {
      const list = await store('readonly', (s) => (s ? request(s.getAll()) : Array.from(memory.values())));
      return list.sort((a, b) => a.seq - b.seq);
    },
    remove: (seq) => store('readwrite', (s) => (s ? request(s.delete(seq)) : memory.delete(seq))),
  };
};

// The sender of an outbox: sends the entries `ready` picks, oldest first, one at a time; `deliver(entry)` says what
// became of one — 'sent' (removed), 'kept' (it changed it: stored again, and the next is sent), 'retry' (the network
// or the server: tried again later, waiting longer each time up to a minute) or 'stop'. Nothing is sent while
// `stopped()`; `settled()` runs after each round. Returns `flush`, to call whenever there may be something to send.
window.hailongSender = ({ outbox, ready, deliver, stopped, settled }) => {
  let sending = false;
  let retryDelay = 2000;
  let retryTimer = 0;

  async function flush() {
    if (sending || stopped()) return;
    sending = true;
    try {
      for (;;) {
        const next = (await outbox.entries()).find(ready);
        if (!next) break;
        const verdict = await deliver(next);
        if (verdict === 'sent') {
          await outbox.remove(next.seq);
        } else if (verdict === 'kept') {
          await outbox.put(next);
        } else {
          if (verdict === 'retry') {
            clearTimeout(retryTimer);
            retryTimer = setTimeout(flush, retryDelay);
            retryDelay = Math.min(retryDelay * 2, 60000);
          }
          break;
        }
        retryDelay = 2000;
      }
    } finally {
      sending = false;
      settled();
    }
  }
  return flush;
};

// An id for an entry: a random UUID (version 4), made here also where crypto.randomUUID is missing (plain http).
window.hailongNewId = () => {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

// A JSON call of the page's own site; `{ ok, status, body }`, with status 0 when the network failed.
window.hailongSend = async (url, body) => {
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
};
