// @ts-check
// The surveyor's phone of hailong (/dieu-tra). One page: the respondents drawn for the surveyor, the interview form,
// the queue's state. Every interview and every "refused" or "not reached" goes first into a durable queue on the
// phone (IndexedDB, with an id made here), so nothing is lost when the network is not there — in a village, a
// basement, a lift; a sender sends the entries in order and removes each only when the server has it, and the
// server's idempotency on the id makes a resend after a lost answer harmless. The page itself comes from the
// service worker's cache when the network does not answer.

import { openOutbox, postJson } from '../outbox.js';
import { createSender, newId } from '../queue.js';

/**
 * What the server sends the script in `#s-state`; the texts are from its translation tables.
 * @typedef {object} PhoneState
 * @property {string} version
 * @property {[string, string][]} outcomes the outcomes' names by key
 * @property {{ all_sent: string, waiting: string, conflict: string, not_taken: string, signed_out: string,
 *   ended: string }} texts `waiting` and `not_taken` with a number for `{n}`
 */
/**
 * An entry of the phone's outbox: an interview, or another outcome (refused, not reached) of a respondent. `problem`
 * says why the server will never take it: kept aside on the phone and shown.
 * @typedef {{ seq?: number, kind: 'interview' | 'outcome', respondent: number, body: { outcome?: string },
 *   problem?: string }} PhoneEntry
 */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @type {PhoneState} */
const config = JSON.parse($('s-state').textContent || '');
const texts = config.texts;
const outcomeNames = Object.fromEntries(config.outcomes);
/** @type {import('../queue.js').Outbox<PhoneEntry>} */
const outbox = openOutbox('hailong-survey', 'outbox');
const form = /** @type {HTMLFormElement} */ ($('s-form'));
/** @type {HTMLElement | null} the respondent being interviewed (their list item) */
let current = null;
let stopped = ''; // why nothing more can be sent: '' while sending works

/** @param {number} id */
const card = (id) => /** @type {HTMLElement | null} */ (document.querySelector(`.s-respondent[data-id="${id}"]`));
/** @param {number} id */
const nameOf = (id) => card(id)?.dataset.name ?? `#${id}`;

/**
 * @param {HTMLElement} item
 * @param {string} outcome
 */
function showOutcome(item, outcome) {
  item.dataset.outcome = outcome;
  /** @type {HTMLElement} */ (item.querySelector('.s-outcome')).textContent = outcomeNames[outcome] || outcome;
}

// ---- What the phone holds, shown -------------------------------------------------------------------------

// The queue overrides the page's copy, which may be an older one from the cache.
async function refresh() {
  const list = await outbox.entries();
  for (const entry of list.filter((e) => !e.problem)) {
    const item = card(entry.respondent);
    if (item) showOutcome(item, entry.kind === 'interview' ? 'completed' : entry.body.outcome || '');
  }
  const waiting = list.filter((e) => !e.problem).length;
  const status = $('s-status');
  status.classList.toggle('pending', waiting > 0 || stopped !== '');
  status.textContent = stopped || (waiting === 0 ? texts.all_sent : texts.waiting.replace('{n}', String(waiting)));
  const problems = list.filter((e) => e.problem);
  $('s-problems').hidden = problems.length === 0;
  $('s-problems').replaceChildren(...problems.map((e) => {
    const line = document.createElement('li');
    line.textContent = `${nameOf(e.respondent)}: ${e.problem}`;
    return line;
  }));
  document.documentElement.dataset.waiting = String(waiting);
}

// ---- Sending ---------------------------------------------------------------------------------------------

const flush = createSender({
  outbox,
  ready: (entry) => !entry.problem,
  async deliver(entry) {
    const url = entry.kind === 'interview' ? '/dieu-tra/api/interviews' : '/dieu-tra/api/outcomes';
    // The phone's clock as the request leaves: the server corrects the interview's time by the skew it measures.
    const outcome = await postJson(url, { ...entry.body, sent_at: Date.now() });
    if (outcome.ok) return 'sent'; // stored, or a duplicate of one stored before
    if (outcome.status === 401 || outcome.status === 410) {
      stopped = outcome.status === 401 ? texts.signed_out : texts.ended;
      return 'stop';
    }
    if (outcome.status === 0 || outcome.status === 429 || outcome.status >= 500) return 'retry';
    // Never storable as it is: kept aside on the phone and shown, not sent again and again.
    const message = /** @type {{ message?: string } | null} */ (outcome.body)?.message;
    entry.problem = outcome.status === 409 ? texts.conflict : message || texts.not_taken.replace('{n}', String(outcome.status));
    return 'kept';
  },
  stopped: () => stopped !== '',
  settled: () => { refresh(); },
});

/**
 * @param {PhoneEntry['kind']} kind
 * @param {{ respondent_id: number, outcome?: string }} body
 */
async function enqueue(kind, body) {
  await outbox.put({ kind, respondent: body.respondent_id, body });
  await refresh();
  flush();
}

// ---- The interview ---------------------------------------------------------------------------------------

/** @param {HTMLElement} item */
function openForm(item) {
  current = item;
  form.reset();
  $('s-form-who').textContent = item.dataset.name || '';
  $('s-form-error').hidden = true;
  $('s-list').hidden = true;
  form.hidden = false;
  window.scrollTo(0, 0);
  /** @type {HTMLInputElement} */ (form.querySelector('input[name=overall]')).focus();
}

function closeForm() {
  form.hidden = true;
  $('s-list').hidden = false;
  if (current) current.scrollIntoView({ block: 'center' });
  current = null;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const overall = data.get('overall');
  if (!overall) {
    $('s-form-error').hidden = false;
    $('s-form-error').scrollIntoView({ block: 'center' });
    return;
  }
  const item = current;
  if (!item) return;
  const body = {
    submission_id: newId(crypto),
    respondent_id: Number(item.dataset.id),
    interviewed_at: Date.now(),
    overall,
    factors: [1, 2, 3, 4, 5].map((i) => data.get(`f${i}`) || ''),
  };
  showOutcome(item, 'completed');
  closeForm();
  await enqueue('interview', body);
});
$('s-back').addEventListener('click', closeForm);
form.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.name === 'overall') $('s-form-error').hidden = true;
});

/** @param {HTMLElement} button */
const respondentOf = (button) => /** @type {HTMLElement} */ (button.closest('.s-respondent'));
for (const button of document.querySelectorAll('[data-interview]')) {
  button.addEventListener('click', () => openForm(respondentOf(/** @type {HTMLElement} */ (button))));
}
for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-mark]'))) {
  button.addEventListener('click', () => {
    const item = respondentOf(button);
    const mark = button.dataset.mark || '';
    showOutcome(item, mark);
    enqueue('outcome', { respondent_id: Number(item.dataset.id), outcome: mark });
  });
}

// ---- Start -----------------------------------------------------------------------------------------------

const secure = window.isSecureContext && 'serviceWorker' in navigator;
$('s-insecure').hidden = secure;
if (secure) navigator.serviceWorker.register(`/offline-sw.js?v=${config.version}`, { scope: '/dieu-tra' }).catch(() => {});
window.addEventListener('online', flush);
// A phone back on the network does not always say so: try again now and then.
setInterval(flush, 30000);
refresh().then(flush);
document.documentElement.dataset.surveyReady = '';
