// The surveyor's phone of hailong (/dieu-tra). One page: the respondents drawn for the surveyor, the interview form,
// the queue's state. Every interview and every "refused" or "not reached" goes first into a durable queue on the
// phone (IndexedDB, with an id made here), so nothing is lost when the network is not there — in a village, a
// basement, a lift; a sender sends the entries in order and removes each only when the server has it, and the
// server's idempotency on the id makes a resend after a lost answer harmless. The page itself comes from the
// service worker's cache when the network does not answer.
'use strict';

(() => {
  const config = JSON.parse(document.getElementById('s-state').textContent);
  const texts = config.texts;
  const $ = (id) => document.getElementById(id);
  const outcomeNames = Object.fromEntries(config.outcomes);
  const outbox = window.hailongOutbox('hailong-survey', 'outbox');
  const form = $('s-form');
  let current = null; // the respondent being interviewed (their list item)
  let stopped = ''; // why nothing more can be sent: '' while sending works

  const card = (id) => document.querySelector(`.s-respondent[data-id="${id}"]`);
  const nameOf = (id) => (card(id) ? card(id).dataset.name : `#${id}`);

  function showOutcome(item, outcome) {
    item.dataset.outcome = outcome;
    item.querySelector('.s-outcome').textContent = outcomeNames[outcome] || outcome;
  }

  const newId = window.hailongNewId;

  // ---- What the phone holds, shown -------------------------------------------------------------------------

  // The queue overrides the page's copy, which may be an older one from the cache.
  async function refresh() {
    const list = await outbox.entries();
    for (const entry of list.filter((e) => !e.problem)) {
      const item = card(entry.respondent);
      if (item) showOutcome(item, entry.kind === 'interview' ? 'completed' : entry.body.outcome);
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

  const flush = window.hailongSender({
    outbox,
    ready: (entry) => !entry.problem,
    async deliver(entry) {
      const url = entry.kind === 'interview' ? '/dieu-tra/api/interviews' : '/dieu-tra/api/outcomes';
      const outcome = await window.hailongSend(url, { ...entry.body, sent_at: Date.now() });
      if (outcome.ok) return 'sent'; // stored, or a duplicate of one stored before
      if (outcome.status === 401 || outcome.status === 410) {
        stopped = outcome.status === 401 ? texts.signed_out : texts.ended;
        return 'stop';
      }
      if (outcome.status === 0 || outcome.status === 429 || outcome.status >= 500) return 'retry';
      // Never storable as it is: kept aside on the phone and shown, not sent again and again.
      entry.problem = outcome.status === 409 ? texts.conflict : (outcome.body && outcome.body.message) || `HTTP ${outcome.status}`;
      return 'kept';
    },
    stopped: () => stopped !== '',
    settled: () => refresh(),
  });

  async function enqueue(kind, body) {
    await outbox.put({ kind, respondent: body.respondent_id, body });
    await refresh();
    flush();
  }

  // ---- The interview ---------------------------------------------------------------------------------------

  function openForm(item) {
    current = item;
    form.reset();
    $('s-form-who').textContent = item.dataset.name;
    $('s-form-error').hidden = true;
    $('s-list').hidden = true;
    form.hidden = false;
    window.scrollTo(0, 0);
    form.querySelector('input[name=overall]').focus();
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
    const body = {
      submission_id: newId(),
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
    if (event.target.name === 'overall') $('s-form-error').hidden = true;
  });

  for (const button of document.querySelectorAll('[data-interview]')) {
    button.addEventListener('click', () => openForm(button.closest('.s-respondent')));
  }
  for (const button of document.querySelectorAll('[data-mark]')) {
    button.addEventListener('click', () => {
      const item = button.closest('.s-respondent');
      showOutcome(item, button.dataset.mark);
      enqueue('outcome', { respondent_id: Number(item.dataset.id), outcome: button.dataset.mark });
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
})();
