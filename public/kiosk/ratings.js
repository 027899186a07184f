// @ts-check
// The counter tablet's ratings as outbox entries: made at the tap with their id and the tablet's time, marked ready
// when the citizen is done, sent with the time they leave, and judged by the server's answer. Apart from the page,
// so that `node --test` can check them with the queue.

/**
 * What the server receives of a rating (`POST /kiosk/api/ratings`, with `sent_at` added as it leaves). Times are the
 * tablet's clock, never corrected here: the server measures the skew itself.
 * @typedef {object} RatingBody
 * @property {string} submission_id made once at the tap; a resend with it is stored once
 * @property {number} tapped_at
 * @property {number | null} duty_id
 * @property {number} overall
 * @property {Record<string, number>} answers
 * @property {number | null} procedure_id
 * @property {string[]} reasons
 * @property {string} comment
 */

/**
 * A rating in the queue: `open` while the citizen still answers, then `ready`; `rejected` when the server can never
 * store it (kept on the tablet, not sent again).
 * @typedef {{ seq?: number, state: 'open' | 'ready' | 'rejected', body: RatingBody }} RatingEntry
 */

export const RATINGS_URL = '/kiosk/api/ratings';

/**
 * The rating a tap starts.
 * @param {object} tap
 * @param {string} tap.id
 * @param {number} tap.at the tablet's clock
 * @param {number} tap.level
 * @param {number | null} tap.dutyId
 * @param {number | null} tap.procedureId
 * @returns {RatingEntry}
 */
export function newRating({ id, at, level, dutyId, procedureId }) {
  return {
    state: 'open',
    body: {
      submission_id: id,
      tapped_at: at,
      duty_id: dutyId,
      overall: level,
      answers: {},
      procedure_id: procedureId,
      reasons: [],
      comment: '',
    },
  };
}

/** @param {RatingEntry} entry */
export const isReady = (entry) => entry.state === 'ready';

/**
 * What a page finds open when it starts: the citizen of the last page is gone, so those ratings go as they are.
 * @param {RatingEntry[]} entries
 * @returns {RatingEntry[]} the ones to put again, ready
 */
export const closeLeftOpen = (entries) =>
  entries.filter((e) => e.state === 'open').map((e) => ({ ...e, state: 'ready' }));

/**
 * The sender's `deliver` for ratings. `sent_at` is read from `now` (the tablet's clock) at every attempt: the
 * server takes its own time at arrival minus `sent_at` as the tablet's skew and corrects `tapped_at` by it, so a
 * retry an hour later must say when it left, not when the first attempt did.
 * @param {(url: string, body: object) => Promise<import('../queue.js').Outcome>} post
 * @param {() => number} now
 * @returns {(entry: RatingEntry) => Promise<import('../queue.js').Verdict>}
 */
export function ratingDelivery(post, now) {
  return async (entry) => {
    const outcome = await post(RATINGS_URL, { ...entry.body, sent_at: now() });
    // Stored, flagged, a duplicate of one stored before, or an id the server holds other answers for: done.
    if (outcome.ok || outcome.status === 409) return 'sent';
    if (outcome.status === 422 || outcome.status === 400) {
      entry.state = 'rejected';
      return 'kept';
    }
    return 'retry';
  };
}
