// @ts-check
// The logic of an outbox, apart from the browser: an entry's id, the queue kept in memory, and the sender that sends
// entries oldest first and tries again later, waiting longer each time. Storage, network and timers are handed in, so
// the same code runs in the pages (outbox.js gives them IndexedDB and fetch) and under `node --test`.

/**
 * An entry of an outbox, numbered in order (`seq`) when first put.
 * @typedef {{ seq?: number }} Entry
 */

/**
 * A queue of entries that outlives the page where it can.
 * @template {Entry} T
 * @typedef {object} Outbox
 * @property {(entry: T) => Promise<number>} put adds an entry or replaces the one of its `seq`; its `seq`
 * @property {() => Promise<T[]>} entries every entry, oldest first
 * @property {(seq: number) => Promise<void>} remove
 */

/**
 * What became of an entry the sender handed over: `sent` (the server has it: removed), `kept` (changed, e.g. set
 * aside: stored again, and the next is sent), `retry` (the network or the server: tried again later) or `stop`.
 * @typedef {'sent' | 'kept' | 'retry' | 'stop'} Verdict
 */

/**
 * The answer to a JSON call: status 0 when the network failed; `body` is the JSON the server sent, if any.
 * @typedef {{ ok: boolean, status: number, body: unknown }} Outcome
 */

/**
 * Runs `task` after `ms`; returns what cancels it.
 * @typedef {(task: () => void, ms: number) => () => void} Later
 */

/** The wait before the first retry, doubled after each failure up to the last. */
export const FIRST_RETRY_MS = 2000;
export const LAST_RETRY_MS = 60000;

/** @type {Later} */
const afterDelay = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};

/**
 * An outbox in memory: copies in and out, as IndexedDB keeps them, so changing an entry changes nothing until it is
 * put again. Where IndexedDB is off (a private window) a reload loses it.
 * @template {Entry} T
 * @returns {Outbox<T>}
 */
export function memoryOutbox() {
  /** @type {Map<number, T>} */
  const kept = new Map();
  let last = 0;
  return {
    async put(entry) {
      const seq = entry.seq ?? ++last;
      kept.set(seq, structuredClone({ ...entry, seq }));
      return seq;
    },
    async entries() {
      return Array.from(kept.values(), (entry) => structuredClone(entry)).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    },
    async remove(seq) {
      kept.delete(seq);
    },
  };
}

/**
 * The sender of an outbox: sends the entries `ready` picks, oldest first, one at a time — a later entry never
 * overtakes one that failed (the server judges a tablet's taps by their order). Nothing is sent while `stopped()`;
 * `settled()` runs after each round. Returns `flush`, to call whenever there may be something to send; a call while
 * a round runs makes that round look again before it ends.
 * @template {Entry} T
 * @param {object} parts
 * @param {Outbox<T>} parts.outbox
 * @param {(entry: T) => boolean} parts.ready
 * @param {(entry: T) => Promise<Verdict>} parts.deliver
 * @param {() => boolean} [parts.stopped]
 * @param {() => void} [parts.settled]
 * @param {Later} [parts.later]
 * @returns {() => Promise<void>}
 */
export function createSender({ outbox, ready, deliver, stopped = () => false, settled = () => {}, later = afterDelay }) {
  let sending = false;
  let askedAgain = false;
  let retryDelay = FIRST_RETRY_MS;
  let cancelRetry = () => {};

  // Sends until nothing is ready (true) or an entry must wait (false).
  async function round() {
    for (;;) {
      const next = (await outbox.entries()).find(ready);
      if (!next) return true;
      /** @type {Verdict} */
      let verdict;
      try {
        verdict = await deliver(next);
      } catch (e) {
        verdict = 'retry'; // a fault of the page's own, kept rather than lost
      }
      if (verdict === 'sent') {
        await outbox.remove(/** @type {number} */ (next.seq));
      } else if (verdict === 'kept') {
        await outbox.put(next);
      } else {
        if (verdict === 'retry') {
          cancelRetry();
          cancelRetry = later(flush, retryDelay);
          retryDelay = Math.min(retryDelay * 2, LAST_RETRY_MS);
        }
        return false;
      }
      retryDelay = FIRST_RETRY_MS;
    }
  }

  async function flush() {
    if (sending) {
      askedAgain = true;
      return;
    }
    if (stopped()) return;
    sending = true;
    try {
      let drained;
      do {
        askedAgain = false;
        drained = await round();
      } while (drained && askedAgain && !stopped());
    } finally {
      sending = false;
      settled();
    }
  }
  return flush;
}

/**
 * The source of an entry's id, `crypto` in a browser.
 * @typedef {{ randomUUID?: () => string, getRandomValues: (bytes: Uint8Array) => Uint8Array }} Random
 */

/**
 * An id for an entry, made once and sent with every attempt (the server's idempotency key): a random UUID
 * (version 4), made here too where `randomUUID` is missing (plain http).
 * @param {Random} random
 * @returns {string}
 */
export function newId(random) {
  if (random.randomUUID) return random.randomUUID();
  const b = random.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
