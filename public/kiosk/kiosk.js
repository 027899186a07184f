// @ts-check
// The counter tablet (kiosk) of hailong. One page, every screen in it; this script switches between them.
//
// A rating is recorded at the tap: it goes at once into a durable queue (IndexedDB) with its own id and the tablet's
// time, and is completed there as the citizen answers the follow-up; when they finish — or walk away and the idle
// time runs out — it is marked ready and the thank-you shows, whatever the network is doing. A sender sends ready
// ratings in order, one at a time; the server's idempotency on the id makes a resend after a lost answer harmless,
// so each is stored exactly once. A reload or a crash finalises what was left open (never restores it on screen).
// Its words are the page's: the server renders the screen in Vietnamese and both languages' texts in `#texts`.

import { openOutbox, postJson } from '../outbox.js';
import { createSender, newId } from '../queue.js';
import { closeLeftOpen, isReady, newRating, ratingDelivery } from './ratings.js';

/**
 * @typedef {{ id: number, official: { name: string, title: string, photo: string | null }, ends_at: number }} Duty
 * @typedef {{ ticket: string, procedure_id: number | null, expires_at: number }} Serving
 * @typedef {{ duty: Duty | null, serving: Serving | null, skew_ms?: number | null }} Situation
 * @typedef {Situation & { version: string, server_now: number, idle_ms: number, thanks_ms: number,
 *   heartbeat_ms: number }} KioskState
 * @typedef {'vi' | 'en'} Lang
 * @typedef {import('./ratings.js').RatingEntry} RatingEntry
 */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const field = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/**
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement[]}
 */
const all = (selector, root = document) => Array.from(root.querySelectorAll(selector));
/** @type {KioskState} */
const config = JSON.parse($('k-state').textContent || '');
/** @type {Record<Lang, Record<string, string>>} */
const texts = JSON.parse($('texts').textContent || '');
const SITUATION_KEY = 'hailong-kiosk-situation';

let skewMs = 0; // server clock minus ours, from the last heartbeat
let duty = config.duty;
let serving = config.serving;
/** @type {Lang} */
let lang = 'vi';
/** @type {RatingEntry | null} the rating on screen */
let current = null;
let idleTimer = 0;
let resetTimer = 0;
/** @type {number | null} */
let chosenOfficial = null;
let revoked = false;
let beatTimer = 0;

// ---- The queue ---------------------------------------------------------------------------------------------

/** @type {import('../queue.js').Outbox<RatingEntry>} */
const outbox = openOutbox('hailong-kiosk', 'ratings');
const { put, entries } = outbox;

// ---- Sending -----------------------------------------------------------------------------------------------

const flush = createSender({
  outbox,
  ready: isReady,
  deliver: ratingDelivery(send, Date.now),
  stopped: () => revoked,
  settled: () => { showQueue(); },
});

/**
 * A JSON call that also tells the screen whether the network is there and whether the tablet was revoked.
 * @param {string} url
 * @param {object} body
 */
async function send(url, body) {
  const outcome = await postJson(url, body);
  setOnline(outcome.status !== 0);
  if (outcome.status === 410 || outcome.status === 401) showRevoked();
  return outcome;
}

async function showQueue() {
  const waiting = (await entries()).filter((e) => e.state !== 'rejected').length;
  $('k-queue-n').textContent = String(waiting);
  $('k-queue').hidden = waiting === 0;
  return waiting;
}

/** @param {boolean} online */
function setOnline(online) {
  $('k-offline').hidden = online;
}

// ---- Heartbeat: clock, duty, ticket ------------------------------------------------------------------------

async function heartbeat() {
  const waiting = await showQueue();
  const outcome = await send('/kiosk/api/heartbeat', { device_now: Date.now(), app_version: config.version, queue_length: waiting });
  if (outcome.ok && outcome.body) applySituation(/** @type {Situation} */ (outcome.body));
  flush();
}

/** @param {Situation} situation */
function applySituation(situation) {
  if (typeof situation.skew_ms === 'number') skewMs = situation.skew_ms;
  duty = situation.duty;
  serving = situation.serving;
  try {
    localStorage.setItem(SITUATION_KEY, JSON.stringify({ duty, serving, skewMs, at: Date.now() }));
  } catch (e) { /* storage full or off: the page's own copy serves */ }
  showDuty();
  showServing();
}

// A page from the offline cache carries the situation of when it was cached; a later heartbeat's is better.
function restoreSituation() {
  try {
    const saved = JSON.parse(localStorage.getItem(SITUATION_KEY) || 'null');
    if (saved && saved.at + saved.skewMs > config.server_now) {
      duty = saved.duty;
      serving = saved.serving;
      skewMs = saved.skewMs;
    }
  } catch (e) { /* nothing saved */ }
}

const serverNow = () => Date.now() + skewMs;

function showDuty() {
  const on = duty && duty.ends_at > serverNow();
  $('k-duty-on').hidden = !on;
  $('k-duty-off').hidden = !!on;
  $('k-duty-end').hidden = !on;
  if (!duty || !on) return;
  $('k-duty-name').textContent = duty.official.name;
  $('k-duty-title').textContent = duty.official.title;
  const photo = /** @type {HTMLImageElement} */ ($('k-duty-photo'));
  photo.hidden = !duty.official.photo;
  if (duty.official.photo) photo.src = duty.official.photo;
}

function showServing() {
  const on = serving && serving.expires_at > serverNow();
  $('k-serving').hidden = !on;
  $('k-ticket').textContent = serving && on ? serving.ticket : '';
}

// ---- The citizen's screens ---------------------------------------------------------------------------------

/** @param {string} name */
function show(name) {
  for (const screen of all('.k-screen')) screen.hidden = screen.dataset.screen !== name;
  document.body.dataset.current = name;
  window.scrollTo(0, 0);
}

const hasFactors = all('.k-factor').length > 0;

/** @param {number} level */
async function tap(level) {
  if (current || revoked) return;
  const servingNow = serving && serving.expires_at > serverNow() ? serving : null;
  const rating = newRating({
    id: newId(crypto),
    at: Date.now(),
    level,
    dutyId: duty && duty.ends_at > serverNow() ? duty.id : null,
    procedureId: servingNow ? servingNow.procedure_id : null,
  });
  // The ticket was for this citizen: the next one starts without it.
  serving = null;
  showServing();
  current = rating;
  rating.seq = await put(rating);
  showQueue();
  if (level <= 2) show('reasons');
  else if (hasFactors) show('factors');
  else return finish();
  touch();
}

function save() {
  if (current && current.seq !== undefined) put(current);
}

async function finish() {
  clearTimeout(idleTimer);
  if (!current) return;
  const done = current;
  current = null;
  done.state = 'ready';
  show('thanks');
  resetTimer = window.setTimeout(reset, config.thanks_ms);
  await put(done);
  flush();
}

// The next citizen's screen: nothing of the last one's answers left, in Vietnamese.
function reset() {
  clearTimeout(resetTimer);
  clearTimeout(idleTimer);
  current = null;
  chosenOfficial = null;
  for (const b of all('[aria-pressed="true"]')) b.setAttribute('aria-pressed', 'false');
  for (const b of all('.k-official.chosen')) b.classList.remove('chosen');
  field('k-comment').value = '';
  field('k-pin').value = '';
  $('k-pin-box').hidden = true;
  showError(null);
  setLang('vi');
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  showDuty();
  showServing();
  show('home');
}

// Any touch on a follow-up screen restarts the idle clock; when it runs out the rating goes as it is.
function touch() {
  clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => {
    if (current) finish();
    else reset();
  }, config.idle_ms);
}

// Each element with `data-text` shows the text of that key in the language chosen.
/** @param {Lang} next */
function setLang(next) {
  lang = next;
  document.documentElement.lang = lang;
  for (const el of all('[data-text]')) el.textContent = texts[lang][el.dataset.text || ''] ?? el.textContent;
}

// ---- Duty --------------------------------------------------------------------------------------------------

/** @param {string | null} code */
function showError(code) {
  for (const span of all('[data-error]')) span.hidden = span.dataset.error !== code;
}

async function confirmPin() {
  if (!chosenOfficial) return;
  const pin = field('k-pin').value;
  field('k-pin').value = '';
  const outcome = await send('/kiosk/api/duty', { official_id: chosenOfficial, pin });
  if (outcome.ok) {
    applySituation(/** @type {Situation} */ (outcome.body));
    reset();
  } else {
    showError(dutyError(outcome));
  }
}

/**
 * The refusal's `error` names the message to show (wrong_pin, pin_locked, rate_limited); no answer is the network.
 * @param {import('../queue.js').Outcome} outcome
 */
function dutyError(outcome) {
  if (outcome.status === 0) return 'network';
  const code = /** @type {{ error?: string } | null} */ (outcome.body)?.error ?? '';
  return ['pin_locked', 'rate_limited'].includes(code) ? code : 'wrong_pin';
}

async function endDuty() {
  const outcome = await send('/kiosk/api/duty/end', {});
  if (outcome.ok) {
    applySituation(/** @type {Situation} */ (outcome.body));
    reset();
  } else {
    showError('network');
  }
}

function showRevoked() {
  if (revoked) return;
  revoked = true;
  clearInterval(beatTimer);
  show('revoked');
  $('k-lang').hidden = true;
  if ('caches' in window) caches.keys().then((keys) => keys.forEach((k) => caches.delete(k)));
}

// ---- Wiring ------------------------------------------------------------------------------------------------

for (const face of all('.k-face')) face.addEventListener('click', () => tap(Number(face.dataset.level)));
for (const chip of all('.k-chip')) {
  chip.addEventListener('click', () => {
    const on = chip.getAttribute('aria-pressed') !== 'true';
    chip.setAttribute('aria-pressed', String(on));
    if (current) {
      current.body.reasons = all('.k-chip[aria-pressed="true"]').map((c) => c.dataset.reason || '');
      save();
    }
  });
}
$('k-comment').addEventListener('input', () => {
  if (current) {
    current.body.comment = field('k-comment').value;
    save();
  }
});
$('k-reasons-next').addEventListener('click', () => (hasFactors ? show('factors') : finish()));
for (const factor of all('.k-factor')) {
  for (const mini of all('.k-mini', factor)) {
    mini.addEventListener('click', () => {
      const on = mini.getAttribute('aria-pressed') !== 'true';
      for (const other of all('.k-mini', factor)) other.setAttribute('aria-pressed', 'false');
      mini.setAttribute('aria-pressed', String(on));
      const question = factor.dataset.question || '';
      if (current) {
        if (on) current.body.answers[question] = Number(mini.dataset.level);
        else delete current.body.answers[question];
        save();
      }
    });
  }
}
$('k-send').addEventListener('click', finish);
$('k-skip').addEventListener('click', finish);
$('k-lang').addEventListener('click', () => setLang(lang === 'vi' ? 'en' : 'vi'));
$('k-duty-open').addEventListener('click', () => {
  show('duty');
  touch();
});
$('k-duty-back').addEventListener('click', reset);
$('k-duty-end').addEventListener('click', endDuty);
for (const official of all('.k-official')) {
  official.addEventListener('click', () => {
    for (const b of all('.k-official.chosen')) b.classList.remove('chosen');
    official.classList.add('chosen');
    chosenOfficial = Number(official.dataset.official);
    $('k-pin-box').hidden = false;
    showError(null);
    $('k-pin').focus();
  });
}
$('k-pin-ok').addEventListener('click', confirmPin);
$('k-pin').addEventListener('keydown', (e) => { if (e.key === 'Enter') confirmPin(); });
document.addEventListener('pointerdown', () => {
  if (!['home', 'thanks', 'revoked'].includes(document.body.dataset.current || '')) touch();
});
document.addEventListener('input', () => { if (current) touch(); });
window.addEventListener('online', flush);
window.addEventListener('offline', () => setOnline(false));

// The screen stays on while the kiosk shows, where the browser allows it (asked again whenever it is shown again);
// elsewhere the tablet's own "stay awake" setting serves (docs/operator.md, Setting a tablet up).
async function keepAwake() {
  try {
    if ('wakeLock' in navigator && document.visibilityState === 'visible') await navigator.wakeLock.request('screen');
  } catch (e) { /* refused: nothing to do */ }
}
document.addEventListener('visibilitychange', keepAwake);

// ---- Start -------------------------------------------------------------------------------------------------

const secure = window.isSecureContext && 'serviceWorker' in navigator;
$('k-insecure').hidden = secure;
if (secure) navigator.serviceWorker.register(`/offline-sw.js?v=${config.version}`, { scope: '/kiosk' }).catch(() => {});
keepAwake();
restoreSituation();
reset();
// What the last page left open is finished now (the citizen is gone), never shown again.
entries()
  .then((list) => Promise.all(closeLeftOpen(list).map(put)))
  .then(heartbeat);
beatTimer = window.setInterval(heartbeat, config.heartbeat_ms);
document.documentElement.dataset.kioskReady = '';
