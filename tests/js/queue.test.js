// The outbox's sender (public/queue.js) on its own: order, nothing sent twice, nothing dropped, and the retry's
// growing wait. Storage is the in-memory outbox, the network a scripted `deliver`, the timer a list of waits.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FIRST_RETRY_MS, LAST_RETRY_MS, createSender, memoryOutbox, newId } from '../../public/queue.js';

/** @typedef {{ seq?: number, name: string, state: 'ready' | 'open' | 'aside' }} Item */

/** A timer the test runs by hand: what is waiting, and after how long. */
function manualTimer() {
  /** @type {{ task: () => void, ms: number, cancelled: boolean }[]} */
  const waits = [];
  return {
    waits,
    /** @type {import('../../public/queue.js').Later} */
    later(task, ms) {
      const wait = { task, ms, cancelled: false };
      waits.push(wait);
      return () => {
        wait.cancelled = true;
      };
    },
    /** Runs the latest wait that was not cancelled. */
    async fire() {
      const wait = waits.filter((w) => !w.cancelled).at(-1);
      assert.ok(wait, 'a retry is waiting');
      wait.cancelled = true;
      wait.task();
      await settle();
    },
  };
}

/** Lets every pending promise run (the sender's rounds are chains of awaits). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * An outbox holding `names` (ready), and a sender whose deliver answers from `answer(item, attempt)`.
 * @param {string[]} names
 * @param {(item: Item, attempt: number) => import('../../public/queue.js').Verdict} answer
 */
async function setUp(names, answer) {
  /** @type {import('../../public/queue.js').Outbox<Item>} */
  const outbox = memoryOutbox();
  for (const name of names) await outbox.put({ name, state: 'ready' });
  const timer = manualTimer();
  /** @type {string[]} */
  const delivered = [];
  const flush = createSender({
    outbox,
    ready: (item) => item.state === 'ready',
    async deliver(item) {
      delivered.push(item.name);
      const verdict = answer(item, delivered.filter((n) => n === item.name).length);
      if (verdict === 'kept') item.state = 'aside';
      return verdict;
    },
    later: timer.later,
  });
  const left = async () => (await outbox.entries()).map((item) => item.name);
  return { outbox, flush, delivered, timer, left };
}

test('sends every ready entry once, oldest first, and removes it', async () => {
  const { flush, delivered, left } = await setUp(['a', 'b', 'c'], () => 'sent');
  await flush();
  assert.deepEqual(delivered, ['a', 'b', 'c']);
  assert.deepEqual(await left(), []);
  await flush();
  assert.deepEqual(delivered, ['a', 'b', 'c'], 'nothing sent twice');
});

test('calls that come while a round runs send nothing twice and leave nothing behind', async () => {
  const { outbox, flush, delivered, left } = await setUp(['a', 'b'], () => 'sent');
  const first = flush();
  const second = flush();
  await outbox.put({ name: 'c', state: 'ready' }); // queued while the round runs, as a tap during a send
  const third = flush();
  await Promise.all([first, second, third]);
  assert.deepEqual(delivered, ['a', 'b', 'c']);
  assert.deepEqual(await left(), []);
});

test('an entry put just as a round finds nothing more to send still goes in that round', async () => {
  /** @type {import('../../public/queue.js').Outbox<Item>} */
  const outbox = memoryOutbox();
  /** @type {string[]} */
  const delivered = [];
  let flush = async () => {};
  // The outbox answers "empty" once, and meanwhile a new entry arrives with its own call to flush.
  const racing = {
    ...outbox,
    async entries() {
      const list = await outbox.entries();
      if (list.length === 0 && delivered.length === 0) {
        await outbox.put({ name: 'late', state: 'ready' });
        flush();
      }
      return list;
    },
  };
  flush = createSender({
    outbox: racing,
    ready: (item) => item.state === 'ready',
    async deliver(item) {
      delivered.push(item.name);
      return 'sent';
    },
    later: manualTimer().later,
  });
  await flush();
  await settle();
  assert.deepEqual(delivered, ['late']);
  assert.deepEqual(await outbox.entries(), []);
});

test('a failed entry is kept, nothing overtakes it, and it is retried later', async () => {
  let networkUp = false;
  const { flush, delivered, timer, left } = await setUp(['a', 'b', 'c'], () => (networkUp ? 'sent' : 'retry'));
  await flush();
  assert.deepEqual(delivered, ['a'], 'the round stops at the first failure');
  assert.deepEqual(await left(), ['a', 'b', 'c']);
  assert.equal(timer.waits.length, 1);
  networkUp = true;
  await timer.fire();
  assert.deepEqual(delivered, ['a', 'a', 'b', 'c']);
  assert.deepEqual(await left(), []);
});

test('each failure in a row waits twice as long, up to the last wait; a success starts again', async () => {
  let failing = true;
  const { flush, timer } = await setUp(['a', 'b'], (item) => (failing || item.name === 'b' ? 'retry' : 'sent'));
  await flush();
  for (let i = 0; i < 7; i++) await timer.fire();
  const waits = timer.waits.map((w) => w.ms);
  assert.deepEqual(waits, [2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  assert.equal(waits[0], FIRST_RETRY_MS);
  assert.equal(Math.max(...waits), LAST_RETRY_MS);
  failing = false; // 'a' goes, 'b' fails: its first wait is the shortest again
  await timer.fire();
  assert.equal(timer.waits.at(-1)?.ms, FIRST_RETRY_MS);
});

test('one retry is waiting at a time, however often the page calls', async () => {
  const { flush, timer } = await setUp(['a'], () => 'retry');
  await flush();
  await flush();
  await flush();
  assert.equal(timer.waits.filter((w) => !w.cancelled).length, 1);
});

test('an entry set aside is kept but no longer sent, and the next one goes', async () => {
  const { outbox, flush, delivered } = await setUp(['bad', 'good'], (item) => (item.name === 'bad' ? 'kept' : 'sent'));
  await flush();
  await flush();
  assert.deepEqual(delivered, ['bad', 'good']);
  assert.deepEqual(await outbox.entries(), [{ seq: 1, name: 'bad', state: 'aside' }]);
});

test('a fault while delivering keeps the entry for a retry', async () => {
  const { flush, timer, left } = await setUp(['a'], (_, attempt) => {
    if (attempt === 1) throw new Error('storage full');
    return 'sent';
  });
  await flush();
  assert.deepEqual(await left(), ['a']);
  await timer.fire();
  assert.deepEqual(await left(), []);
});

test('nothing is sent once stopped, and a stop ends the round', async () => {
  let stopped = false;
  /** @type {import('../../public/queue.js').Outbox<Item>} */
  const outbox = memoryOutbox();
  for (const name of ['a', 'b']) await outbox.put({ name, state: 'ready' });
  /** @type {string[]} */
  const delivered = [];
  const flush = createSender({
    outbox,
    ready: () => true,
    async deliver(item) {
      delivered.push(item.name);
      stopped = true;
      return 'stop';
    },
    stopped: () => stopped,
    later: manualTimer().later,
  });
  await flush();
  await flush();
  assert.deepEqual(delivered, ['a']);
  assert.equal((await outbox.entries()).length, 2, 'kept on the device');
});

test('the memory outbox keeps copies, in order, as IndexedDB does', async () => {
  /** @type {import('../../public/queue.js').Outbox<Item>} */
  const outbox = memoryOutbox();
  /** @type {Item} */
  const item = { name: 'a', state: 'open' };
  const seq = await outbox.put(item);
  await outbox.put({ name: 'b', state: 'open' });
  item.state = 'ready'; // not stored until put again
  assert.deepEqual((await outbox.entries()).map((i) => [i.seq, i.state]), [[1, 'open'], [2, 'open']]);
  await outbox.put({ ...item, seq });
  assert.deepEqual((await outbox.entries()).map((i) => [i.seq, i.state]), [[1, 'ready'], [2, 'open']]);
  await outbox.remove(1);
  assert.deepEqual((await outbox.entries()).map((i) => i.name), ['b']);
});

test('an id is a version 4 UUID, made here where randomUUID is missing, and never repeats', () => {
  const plainHttp = { getRandomValues: (/** @type {Uint8Array} */ b) => crypto.getRandomValues(b) };
  const ids = new Set(Array.from({ length: 1000 }, () => newId(plainHttp)));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(newId(crypto), /^[0-9a-f-]{36}$/);
});
