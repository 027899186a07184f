// The counter tablet's ratings through the queue (public/kiosk/ratings.js with public/queue.js) against a server
// that behaves as ours does: it stores a submission id once (a resend answers "duplicate"; the same id with other
// answers 409), refuses a form it can never store (422), and dates a tap by the tablet's clock corrected by the skew
// it measures on each request — its own time at arrival minus the request's `sent_at` (domain::kiosk::corrected_time).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createSender, memoryOutbox, newId } from '../../public/queue.js';
import { RATINGS_URL, closeLeftOpen, isReady, newRating, ratingDelivery } from '../../public/kiosk/ratings.js';

/** @typedef {import('../../public/kiosk/ratings.js').RatingEntry} RatingEntry */
/** @typedef {import('../../public/kiosk/ratings.js').RatingBody & { sent_at: number }} Sent */

const DAY_MS = 24 * 3600 * 1000;

/**
 * The world of one test: the true time, a tablet whose clock is `tabletBehindMs` late, a network that is up, down
 * or loses answers, and the server's store.
 * @param {{ tabletBehindMs?: number }} [options]
 */
function world({ tabletBehindMs = 0 } = {}) {
  let trueNow = Date.UTC(2026, 10, 24, 2, 0, 0);
  /** @type {'up' | 'down' | 'answers lost'} */
  let network = 'up';
  /** @type {Map<string, { body: string, tappedAt: number }>} what the server stored, by submission id */
  const stored = new Map();
  /** @type {Sent[]} every request that reached the server */
  const arrived = [];

  /**
   * The server's answer to one rating.
   * @param {Sent} sent
   * @returns {{ ok: boolean, status: number, body: unknown }}
   */
  function serve(sent) {
    arrived.push(sent);
    if (sent.overall < 1 || sent.overall > 4) return { ok: false, status: 422, body: { error: 'invalid' } };
    const { sent_at: sentAt, ...rating } = sent;
    const body = JSON.stringify(rating);
    const before = stored.get(sent.submission_id);
    if (before) {
      return before.body === body
        ? { ok: true, status: 200, body: { status: 'duplicate' } }
        : { ok: false, status: 409, body: { error: 'conflict' } };
    }
    const skew = trueNow - sentAt;
    stored.set(sent.submission_id, { body, tappedAt: Math.min(sent.tapped_at + skew, trueNow) });
    return { ok: true, status: 200, body: { status: 'stored' } };
  }

  /** @type {(url: string, body: object) => Promise<import('../../public/queue.js').Outcome>} */
  async function post(url, body) {
    assert.equal(url, RATINGS_URL);
    if (network === 'down') return { ok: false, status: 0, body: null };
    const answer = serve(/** @type {Sent} */ (structuredClone(body)));
    return network === 'answers lost' ? { ok: false, status: 0, body: null } : answer;
  }

  /** @type {import('../../public/queue.js').Outbox<RatingEntry>} */
  const outbox = memoryOutbox();
  /** @type {(() => void)[]} */
  const retries = [];
  const tabletNow = () => trueNow - tabletBehindMs;
  const flush = createSender({
    outbox,
    ready: isReady,
    deliver: ratingDelivery(post, tabletNow),
    later: (task) => {
      retries.push(task);
      return () => {};
    },
  });

  return {
    outbox,
    flush,
    stored,
    arrived,
    /** @param {'up' | 'down' | 'answers lost'} state */
    setNetwork(state) {
      network = state;
    },
    /** @param {number} ms */
    wait(ms) {
      trueNow += ms;
    },
    trueNow: () => trueNow,
    /** Runs the retries that are due (all of them: the test moves the clock itself). */
    async retry() {
      for (const task of retries.splice(0)) task();
      await new Promise((resolve) => setImmediate(resolve));
    },
    /**
     * A citizen taps `level` and finishes, as the page does: the rating is put open, then ready.
     * @param {number} level
     */
    async rate(level) {
      const rating = newRating({ id: newId(crypto), at: tabletNow(), level, dutyId: 7, procedureId: null });
      rating.seq = await outbox.put(rating);
      rating.state = 'ready';
      await outbox.put(rating);
      await flush();
      return rating;
    },
  };
}

test('online, each rating is stored once and leaves the queue', async () => {
  const w = world();
  for (const level of [4, 1, 3]) {
    await w.rate(level);
    w.wait(5000);
  }
  assert.equal(w.stored.size, 3);
  assert.equal(w.arrived.length, 3, 'nothing sent twice');
  assert.deepEqual(await w.outbox.entries(), []);
});

test('offline, ratings wait; back online they arrive once each, in the order of the taps', async () => {
  const w = world();
  w.setNetwork('down');
  const taps = [];
  for (const level of [1, 3, 2, 4, 4]) {
    taps.push(await w.rate(level));
    w.wait(4000);
  }
  assert.equal(w.stored.size, 0);
  assert.equal((await w.outbox.entries()).length, 5, 'nothing dropped');
  w.setNetwork('up');
  await w.flush();
  assert.deepEqual(
    [...w.stored.keys()],
    taps.map((t) => t.body.submission_id),
  );
  assert.deepEqual(w.arrived.map((s) => s.overall), [1, 3, 2, 4, 4]);
  assert.deepEqual(await w.outbox.entries(), []);
});

test('an answer lost on the way is resent with the same id and stored once', async () => {
  const w = world();
  w.setNetwork('answers lost');
  const rating = await w.rate(2);
  assert.equal(w.stored.size, 1, 'the server has it');
  assert.equal((await w.outbox.entries()).length, 1, 'the tablet does not know it');
  w.setNetwork('up');
  w.wait(2000);
  await w.retry();
  assert.equal(w.arrived.length, 2);
  assert.deepEqual(
    w.arrived.map((s) => s.submission_id),
    [rating.body.submission_id, rating.body.submission_id],
  );
  assert.equal(w.stored.size, 1, 'stored exactly once');
  assert.deepEqual(await w.outbox.entries(), []);
});

test('a rating the server refuses is kept aside on the tablet, never sent again, and the next goes', async () => {
  const w = world();
  await w.rate(9); // a level the server cannot store
  await w.rate(3);
  await w.flush();
  assert.deepEqual(w.arrived.map((s) => s.overall), [9, 3]);
  assert.deepEqual((await w.outbox.entries()).map((e) => [e.state, e.body.overall]), [['rejected', 9]]);
  assert.equal(w.stored.size, 1);
});

test('a tap is dated on the server clock, however wrong the tablet clock and however late it is sent', async () => {
  const w = world({ tabletBehindMs: DAY_MS + 1234 });
  w.setNetwork('down');
  const tappedAt = w.trueNow();
  const rating = await w.rate(4);
  assert.equal(rating.body.tapped_at, tappedAt - DAY_MS - 1234, 'sent as the tablet read it, not corrected here');
  // Retries fail for an hour: each attempt must say when it left, or the server's skew (and the tap) is off by it.
  for (let i = 0; i < 6; i++) {
    w.wait(10 * 60 * 1000);
    await w.retry();
  }
  w.setNetwork('up');
  w.wait(10 * 60 * 1000);
  await w.retry();
  const stored = w.stored.get(rating.body.submission_id);
  assert.ok(stored, 'stored once the network is back');
  assert.equal(stored.tappedAt, tappedAt);
  assert.equal(w.arrived.at(-1)?.sent_at, w.trueNow() - DAY_MS - 1234, 'sent_at is the tablet clock as it left');
});

test('a page that starts with ratings left open sends them as they are, once', async () => {
  const w = world();
  w.setNetwork('down');
  const open = newRating({ id: newId(crypto), at: w.trueNow(), level: 1, dutyId: null, procedureId: null });
  open.body.reasons = ['cho-lau'];
  open.seq = await w.outbox.put(open);
  await w.flush();
  assert.equal(w.arrived.length, 0, 'an open rating is not sent: the citizen may still answer');
  // The reload: what was left open is closed and goes.
  for (const entry of closeLeftOpen(await w.outbox.entries())) await w.outbox.put(entry);
  w.setNetwork('up');
  await w.flush();
  assert.equal(w.stored.size, 1);
  assert.deepEqual(w.arrived[0].reasons, ['cho-lau']);
  assert.deepEqual(closeLeftOpen(await w.outbox.entries()), []);
});
