// The dashboard's "Vừa xong" panel: ratings arriving while the page is open, from /dashboard/live (server-sent
// events; the browser reconnects by itself and sends Last-Event-ID, so nothing is missed). Texts and level names
// come from the panel's data attributes; everything a citizen wrote is set as text, never as markup.
'use strict';

(() => {
  const panel = document.getElementById('live');
  if (!panel || !('EventSource' in window)) return;
  const $ = (id) => document.getElementById(id);
  const levels = JSON.parse(panel.dataset.levels);
  const KEEP = 20;
  let fresh = 0;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const state = (online) => {
    $('live-state').textContent = online ? panel.dataset.on : panel.dataset.off;
    panel.classList.toggle('offline', !online);
  };

  const show = (rating) => {
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
    while (feed.children.length > KEEP + 1) feed.lastElementChild.remove();
    fresh += 1;
    $('live-n').textContent = String(fresh);
    $('live-count').hidden = false;
  };

  const source = new EventSource('/dashboard/live?unit=' + encodeURIComponent(panel.dataset.unit));
  source.addEventListener('open', () => state(true));
  source.addEventListener('error', () => state(false));
  source.addEventListener('rating', (event) => {
    try {
      show(JSON.parse(event.data));
    } catch (e) {
      /* a malformed event is skipped; the next one still shows */
    }
  });
})();
