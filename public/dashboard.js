// @ts-check
// The dashboard's script, an enhancement of a page that works without it.
// Sorting: each sortable table's column headings become buttons; a click sorts by the cells' data-sort keys (again
// to reverse), rows without a key (figures below the sample floor) staying last; aria-sort says which.
// Live parts, from /dashboard/live (server-sent events; the browser reconnects by itself and sends Last-Event-ID, so
// no rating is missed): the "Vừa xong" panel of ratings arriving while the page is open, each also added to the
// four-level distribution when the period runs to now; and alerts raised meanwhile, added to the open alerts with
// their acknowledgement form and counted in the badge and the tab's title. Texts come from the panels' data
// attributes; everything a citizen wrote is set as text, never as markup.

/**
 * What `/dashboard/live` sends (the fields this script shows).
 * @typedef {{ overall: number, when: string, unit: string, official: string | null, comment: string | null }} Rating
 * @typedef {{ id: number, when: string, unit: string, detail: string }} Alert
 */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
const element = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

(() => {
  for (const table of /** @type {NodeListOf<HTMLTableElement>} */ (document.querySelectorAll('table.sortable'))) {
    const head = table.tHead;
    if (!head) continue;
    const headings = [...head.rows[0].cells];
    headings.forEach((th, column) => {
      const kind = th.dataset.kind;
      if (!kind) return;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.append(...th.childNodes);
      th.append(button);
      button.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        headings.forEach((other) => other.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        /** @param {HTMLTableRowElement} row */
        const key = (row) => row.cells[column].dataset.sort ?? '';
        const rows = [...table.tBodies[0].rows];
        rows.sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          if (x === '' || y === '') return Number(x === '') - Number(y === '');
          const order = kind === 'number' ? Number(x) - Number(y) : x.localeCompare(y, 'vi');
          return ascending ? order : -order;
        });
        table.tBodies[0].append(...rows);
      });
    });
  }
})();

(() => {
  const panel = document.getElementById('live');
  if (!panel || !('EventSource' in window)) return;
  /** @type {Record<string, [string, string]>} each level's class key and name, by score */
  const levels = JSON.parse(panel.dataset.levels || '{}');
  const KEEP = 20;
  let fresh = 0;

  /** @param {boolean} online */
  const state = (online) => {
    $('live-state').textContent = (online ? panel.dataset.on : panel.dataset.off) ?? '';
    panel.classList.toggle('offline', !online);
  };

  // A rating arriving adds one to its level's bar; shares are recomputed from the bars' counts.
  const distribution = $('distribution');
  /** @param {Rating} rating */
  const count = (rating) => {
    if (!distribution || !distribution.dataset.live) return;
    const rows = [.../** @type {NodeListOf<HTMLElement>} */ (distribution.querySelectorAll('.bar-row'))];
    const row = rows.find((r) => r.dataset.score === String(rating.overall));
    if (!row) return;
    row.dataset.n = String(Number(row.dataset.n) + 1);
    const total = rows.reduce((sum, r) => sum + Number(r.dataset.n), 0);
    for (const r of rows) {
      const share = (Number(r.dataset.n) * 100) / total;
      /** @type {HTMLElement} */ (r.querySelector('.bar')).style.width = share.toFixed(1) + '%';
      /** @type {HTMLElement} */ (r.querySelector('.bar-value')).textContent = r.dataset.n + ' · ' + share.toFixed(0) + '%';
    }
  };

  /** @param {Rating} rating */
  const show = (rating) => {
    count(rating);
    const [key, name] = levels[String(rating.overall)] || ['binh-thuong', ''];
    const item = element('li', 'fresh');
    const meta = element('p', 'comment-meta');
    meta.append(element('span', 'pill level-' + key, name), ' ');
    const where = [rating.when, rating.unit, rating.official].filter(Boolean).join(' · ');
    meta.append(element('span', 'muted', where));
    item.append(meta);
    if (rating.comment) item.append(element('p', 'comment-text', rating.comment));
    const feed = $('live-feed');
    $('live-empty').hidden = true;
    feed.prepend(item);
    while (feed.children.length > KEEP + 1) feed.lastElementChild?.remove();
    fresh += 1;
    $('live-n').textContent = String(fresh);
    $('live-count').hidden = false;
  };

  const title = document.title;
  /** @param {Alert} alert */
  const showAlert = (alert) => {
    const box = $('alerts');
    if (!box) return;
    const item = element('li', 'alert-item fresh');
    const meta = element('p', 'comment-meta');
    meta.append(element('span', 'muted', [alert.when, alert.unit].filter(Boolean).join(' · ')));
    item.append(meta, element('p', 'comment-text', alert.detail));
    const form = element('form', 'ack');
    form.method = 'post';
    form.action = '/alerts/' + encodeURIComponent(alert.id) + '/acknowledge';
    const csrf = element('input');
    Object.assign(csrf, { type: 'hidden', name: 'csrf', value: box.dataset.csrf || '' });
    const label = element('label', '', box.dataset.action);
    label.htmlFor = 'action-' + alert.id;
    const input = element('input');
    Object.assign(input, { type: 'text', id: label.htmlFor, name: 'action', required: true, maxLength: 1000 });
    input.placeholder = box.dataset.hint || '';
    const button = element('button', 'button', box.dataset.button);
    button.type = 'submit';
    form.append(csrf, label, input, button);
    item.append(form);
    $('alerts-list').prepend(item);
    $('alerts-none').hidden = true;
    const badge = $('alerts-n');
    const open = Number(badge.textContent || '0') + 1;
    badge.textContent = String(open);
    badge.hidden = false;
    document.title = '(' + open + ') ' + title;
  };

  const source = new EventSource('/dashboard/live?unit=' + encodeURIComponent(panel.dataset.unit || ''));
  source.addEventListener('open', () => state(true));
  source.addEventListener('error', () => state(false));
  source.addEventListener('alert', (/** @type {MessageEvent<string>} */ event) => {
    try {
      showAlert(JSON.parse(event.data));
    } catch (e) {
      /* a malformed event is skipped */
    }
  });
  source.addEventListener('rating', (/** @type {MessageEvent<string>} */ event) => {
    try {
      show(JSON.parse(event.data));
    } catch (e) {
      /* a malformed event is skipped; the next one still shows */
    }
  });
})();
