import { GUARDS } from './guards.js';

/**
 * The console's one page: static HTML, a little CSS and vanilla JavaScript. It listens to
 * `/events` (Server-Sent Events; `/api/state` is polled where EventSource is missing) and
 * builds every row with `textContent`, never `innerHTML`, because tool output is untrusted.
 */
export function consolePage(facts: [string, string][]): string {
  // Budgets are not part of the ticket, so they get no tile.
  const shown = GUARDS.filter((g) => g.id !== 'budget');
  const guards = JSON.stringify(
    shown.map((g) => ({ id: g.id, label: g.label, code: g.code ?? '' })),
  );
  const factRows = facts
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Airlock console</title>
<style>
  :root { --bg: #0f1419; --panel: #171d24; --line: #26303b; --text: #d9e1e8; --dim: #8a98a6;
          --ok: #4cc38a; --bad: #f06a6a; --warn: #e8b54a; --accent: #6cb6ff; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--text); }
  header { display: flex; align-items: center; gap: 16px; padding: 14px 20px; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 18px; margin: 0; }
  header .status { color: var(--dim); }
  header button { margin-left: auto; background: var(--accent); color: #00213f; border: 0; border-radius: 6px;
                  padding: 8px 14px; font-weight: 600; cursor: pointer; }
  header button:disabled { opacity: .5; cursor: default; }
  main { display: grid; grid-template-columns: 340px minmax(0, 1fr); gap: 16px; padding: 16px 20px; }
  section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--dim); margin: 0 0 10px; }
  .counters { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .counter { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; min-width: 0; overflow-wrap: anywhere; }
  .counter .n { display: block; font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
  .counter .label { color: var(--dim); font-size: 12px; }
  .counter.fired .n { color: var(--warn); }
  .counter.total .n { color: var(--accent); }
  table.facts { width: 100%; border-collapse: collapse; font-size: 12px; margin-top: 12px; }
  table.facts th { text-align: left; color: var(--dim); font-weight: 500; padding: 2px 8px 2px 0; vertical-align: top; }
  .links a { color: var(--accent); margin-right: 12px; }
  #feed { list-style: none; margin: 0; padding: 0; }
  .call { border-top: 1px solid var(--line); padding: 8px 0; }
  .call .head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
  .call .tool { font-weight: 700; font-family: ui-monospace, monospace; }
  .call .who, .call .time { color: var(--dim); font-size: 12px; }
  .badge { font: 600 11px ui-monospace, monospace; padding: 1px 6px; border-radius: 4px; }
  .allowed .badge { background: #173d2b; color: var(--ok); }
  .blocked .badge, .failed .badge { background: #46201f; color: var(--bad); }
  .tags { display: inline-flex; gap: 6px; }
  .tag { font-size: 11px; color: var(--warn); border: 1px solid #5a4719; border-radius: 4px; padding: 0 5px; }
  pre { margin: 4px 0 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, monospace;
        color: #b8c4cf; background: #11161c; border-radius: 4px; padding: 6px 8px; max-height: 9em; overflow: auto; }
  .msg { color: #f3b2b2; margin-top: 4px; }
  @media (max-width: 800px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
  <h1>Airlock console</h1>
  <span class="status" id="status">connecting…</span>
  <button id="run" type="button">Run the ticket now</button>
</header>
<main>
  <div>
    <section>
      <h2>Guards fired</h2>
      <div class="counters" id="counters"></div>
      <table class="facts">${factRows}</table>
      <p class="links"><a href="/metrics">/metrics</a><a href="/healthz">/healthz</a><a href="/api/state">/api/state</a></p>
    </section>
  </div>
  <section>
    <h2>Live calls <span id="feed-count"></span></h2>
    <ul id="feed"></ul>
  </section>
</main>
<script>
(() => {
  const GUARDS = ${guards};
  const MAX_ROWS = 200;
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const seen = new Set();

  const counters = $('counters');
  const tiles = {};
  const tile = (id, label, extra) => {
    const t = el('div', 'counter' + (extra ? ' ' + extra : ''));
    t.dataset.guard = id;
    const n = el('span', 'n', '0');
    n.id = 'count-' + id;
    t.append(n, el('span', 'label', label));
    counters.append(t);
    tiles[id] = t;
  };
  tile('calls', 'calls', 'total');
  tile('allowed', 'allowed', 'total');
  for (const g of GUARDS) tile(g.id, g.label + (g.code ? ' (' + g.code + ')' : ''));

  function setCounts(counts) {
    for (const [id, t] of Object.entries(tiles)) {
      const n = counts[id] || 0;
      t.querySelector('.n').textContent = String(n);
      t.classList.toggle('fired', n > 0 && !t.classList.contains('total'));
    }
  }

  function setStatus(s) {
    const next = s.repeat ? 'next soon' : 'press the button to run it again';
    const state = s.running ? 'running the ticket (run ' + s.runs + ')' : s.runs ? 'run ' + s.runs + ' done, ' + next : 'starting';
    $('status').textContent = state;
    $('run').disabled = !!s.running;
  }

  function addCall(c) {
    if (seen.has(c.seq)) return;
    seen.add(c.seq);
    const li = el('li', 'call ' + c.outcome);
    li.dataset.seq = String(c.seq);
    li.dataset.tool = c.tool;
    li.dataset.outcome = c.outcome;
    const head = el('div', 'head');
    head.append(
      el('span', 'badge', c.code || 'ALLOWED'),
      el('span', 'tool', c.tool),
      el('span', 'who', (c.agentId || '?') + (c.roles && c.roles.length ? ' [' + c.roles.join(', ') + ']' : '')),
      el('span', 'time', 'run ' + c.run + ' · ' + new Date(c.time).toLocaleTimeString() + ' · ' + Math.round(c.durationMs * 10) / 10 + ' ms'),
    );
    const tags = el('span', 'tags');
    for (const [type, n] of Object.entries(c.findings || {})) tags.append(el('span', 'tag', 'masked ' + type + (n > 1 ? ' ×' + n : '')));
    if (c.truncation) tags.append(el('span', 'tag', 'truncated: ' + c.truncation.savedTokens + ' tokens saved'));
    head.append(tags);
    li.append(head);
    if (c.argsPreview) li.append(el('pre', 'args', 'args ' + c.argsPreview));
    if (c.message) li.append(el('div', 'msg', c.message));
    if (c.outputPreview) li.append(el('pre', 'output', c.outputPreview));
    const feed = $('feed');
    feed.prepend(li);
    while (feed.children.length > MAX_ROWS) feed.lastElementChild.remove();
    $('feed-count').textContent = '(' + seen.size + ')';
  }

  function applyState(s) {
    for (const c of s.calls) addCall(c);
    setCounts(s.counts);
    setStatus(s);
  }

  $('run').addEventListener('click', () => {
    $('run').disabled = true;
    fetch('/api/run', { method: 'POST' }).catch(() => {});
  });

  if (window.EventSource) {
    const events = new EventSource('/events');
    events.addEventListener('state', (e) => applyState(JSON.parse(e.data)));
    events.addEventListener('call', (e) => {
      const { call, counts } = JSON.parse(e.data);
      addCall(call);
      setCounts(counts);
    });
    events.addEventListener('run', (e) => setStatus(JSON.parse(e.data)));
    events.onerror = () => { $('status').textContent = 'reconnecting…'; };
  } else {
    const poll = () => fetch('/api/state').then((r) => r.json()).then(applyState).catch(() => {});
    poll();
    setInterval(poll, 2000);
  }
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}
