// taskbus dashboard: plain JS, no build step. Everything shown is written with textContent,
// never as HTML, so nothing a job or a worker reports can run as code on the page.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function fmtInt(n) { return Math.round(n).toLocaleString('en-US'); }
function fmtRate(r) {
  if (!(r > 0)) return '0';
  if (r >= 1e6) return (r / 1e6).toFixed(2) + ' M';
  if (r >= 1e4) return (r / 1e3).toFixed(1) + ' k';
  return r >= 100 ? fmtInt(r) : r.toFixed(1);
}
function fmtBytes(b) {
  if (!(b >= 0)) return '?';
  const mib = b / 1048576;
  return mib >= 1024 ? (mib / 1024).toFixed(1) + ' GiB' : Math.round(mib) + ' MiB';
}
function fmtDuration(s) {
  if (!(s >= 0) || !isFinite(s)) return '';
  if (s < 1) return '<1 s';
  if (s < 90) return Math.round(s) + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}
function fmtAgo(ms) { return ms < 1500 ? 'now' : fmtDuration(ms / 1000) + ' ago'; }
function fmtTime(epochMs) {
  const d = new Date(epochMs);
  return d.toTimeString().slice(0, 8);
}
function fmtMs(v) { return v === undefined || v === null ? '–' : (v >= 100 ? Math.round(v) : v.toFixed(1)); }

// --- login -----------------------------------------------------------------------------

const LOGIN_MESSAGES = {
  failed: 'Wrong user name or password.',
  forbidden: 'This user may not view the dashboard (needs view, view:* or *).',
  unavailable: 'No auth service answered: is a worker node up?',
  busy: 'Too many logins at once: try again.',
};

function showLogin() {
  $('dashboard').hidden = true;
  $('login').hidden = false;
  const reason = new URLSearchParams(location.search).get('login');
  if (reason && LOGIN_MESSAGES[reason]) {
    $('login-error').textContent = LOGIN_MESSAGES[reason];
    $('login-error').hidden = false;
  }
}

// --- rendering -------------------------------------------------------------------------

function renderTiles(s) {
  const workers = s.workers || [];
  const nodes = new Set(workers.map((w) => w.node));
  const live = workers.filter((w) => w.state !== 'silent');
  const slots = live.reduce((a, w) => a + w.slots, 0);
  const busy = live.reduce((a, w) => a + w.busy, 0);
  const queued = live.reduce((a, w) => a + w.queued, 0);
  const running = (s.jobs || []).filter((j) => j.state === 'running');
  $('t-nodes').textContent = nodes.size;
  $('t-workers').textContent = live.length;
  $('t-slots').textContent = busy + ' / ' + slots;
  $('t-queued').textContent = fmtInt(queued);
  $('t-running').textContent = running.length;
  $('t-rate').textContent = fmtRate(running.reduce((a, j) => a + j.itemsPerSecond, 0));
}

function badge(state) { return el('span', 'badge ' + state, state); }

function renderWorkers(workers) {
  const body = $('workers').tBodies[0];
  body.replaceChildren();
  for (const w of workers) {
    const tr = el('tr');
    tr.dataset.worker = w.worker;
    tr.append(el('td', 'mono', w.node.slice(0, 8)), el('td', 'mono', w.worker.slice(0, 8)));
    const st = el('td'); st.append(badge(w.state)); tr.append(st);
    tr.append(el('td', null, w.slots));
    const busy = el('td', null, w.busy + ' / ' + w.slots);
    const mini = el('span', 'mini'); const fill = el('span');
    fill.style.width = (w.slots > 0 ? Math.min(100, 100 * w.busy / w.slots) : 0) + '%';
    mini.append(fill); busy.append(mini); tr.append(busy);
    tr.append(el('td', 'r', fmtInt(w.queued)), el('td', 'r', fmtInt(w.served)));
    tr.append(el('td', 'r', w.cpu >= 0 ? Math.round(w.cpu * 100) + ' %' : '–'));
    tr.append(el('td', null, w.heapUsed >= 0 ? fmtBytes(w.heapUsed) + ' / ' + fmtBytes(w.heapMax) : '–'));
    tr.append(el('td', 'r', fmtAgo(w.lastHeardMs)));
    body.append(tr);
  }
  $('workers-empty').hidden = workers.length > 0;
}

function progressCell(j) {
  const td = el('td');
  const wrap = el('div', 'progress');
  const bar = el('div', 'bar');
  const total = j.total >= 0 ? j.total : Math.max(j.done + j.inFlight + j.failed, 1);
  const part = (n, cls) => {
    const s = el('span', cls);
    s.style.width = (total > 0 ? Math.min(100, 100 * n / total) : 0) + '%';
    bar.append(s);
  };
  part(j.done, 'done'); part(j.failed, 'failed');
  if (j.state === 'running') part(j.inFlight, 'inflight'); // an ended job has nothing in flight
  const pct = j.total > 0 ? Math.floor(100 * j.done / j.total) : (j.total === 0 ? 100 : null);
  let text = fmtInt(j.done) + ' / ' + (j.total >= 0 ? fmtInt(j.total) : '?');
  if (pct !== null) text += '  (' + pct + '%)';
  if (j.failed > 0) text += ', ' + fmtInt(j.failed) + ' failed';
  if (j.retried > 0) text += ', ' + fmtInt(j.retried) + ' retried';
  if (j.inFlight > 0 && j.state === 'running') text += ', ' + fmtInt(j.inFlight) + ' in flight';
  const label = el('span', 'txt', text);
  label.dataset.percent = pct === null ? '' : String(pct);
  wrap.append(bar, label);
  td.append(wrap);
  return td;
}

function renderJobs(s) {
  const body = $('jobs').tBodies[0];
  body.replaceChildren();
  const jobs = s.jobs || [];
  for (const j of jobs) {
    const tr = el('tr', 'job');
    tr.dataset.job = j.job;
    tr.dataset.state = j.state;
    tr.append(el('td', null, j.user), el('td', 'mono', j.task));
    const st = el('td'); st.append(badge(j.state)); tr.append(st);
    tr.append(progressCell(j));
    tr.append(el('td', 'r', fmtRate(j.itemsPerSecond)));
    tr.append(el('td', 'r', j.state === 'running' ? fmtDuration(j.etaSeconds) : (j.endedAt ? 'took ' + fmtDuration((j.endedAt - j.startedAt) / 1000) : '')));
    tr.append(el('td', 'r', j.chunkSize || '–'));
    tr.append(el('td', 'r', j.p50Ms === undefined ? '–' : fmtMs(j.p50Ms) + ' / ' + fmtMs(j.p99Ms) + ' ms'));
    tr.append(el('td', 'r', fmtTime(j.startedAt)));
    body.append(tr);
    if (j.error) {
      const er = el('tr', 'error-row');
      const td = el('td', 'err');
      td.colSpan = 9;
      const e = j.error;
      td.append(el('span', 'msg', e.type + ': ' + e.message));
      if (e.item >= 0) td.append(el('span', null, '  (item ' + e.item + ')'));
      if (e.output && e.output.length) td.append(el('pre', null, e.output.join('\n')));
      er.append(td);
      body.append(er);
    }
  }
  $('jobs-empty').hidden = jobs.length > 0;
  $('jobs-scope').textContent = s.allJobs ? 'every user\'s' : 'yours';
}

// --- canvases --------------------------------------------------------------------------

function sizeCanvas(c) {
  const ratio = window.devicePixelRatio || 1;
  const w = c.clientWidth, h = c.clientHeight || Number(c.getAttribute('height'));
  if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
    c.width = Math.round(w * ratio); c.height = Math.round(h * ratio);
  }
  const g = c.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  return { g, w, h };
}

function taskColor(task) {
  let h = 0;
  for (let i = 0; i < task.length; i++) h = (h * 31 + task.charCodeAt(i)) >>> 0;
  return 'hsl(' + (h % 360) + ', 55%, 55%)';
}

/** A window that fits what there is: from a little before the oldest point, within bounds. */
function windowFor(now, oldest, minMs, maxMs) {
  const wanted = oldest === undefined ? maxMs : now - oldest + minMs / 6;
  return Math.max(minMs, Math.min(maxMs, wanted));
}

function timeTicks(windowMs) {
  for (const step of [2e3, 5e3, 10e3, 20e3, 30e3, 60e3, 120e3]) {
    if (windowMs / step <= 7) return step;
  }
  return 120e3;
}

function tickLabel(ms) {
  if (ms === 0) return 'now';
  return ms % 60000 === 0 ? '-' + ms / 60000 + ' min' : '-' + ms / 1000 + ' s';
}

function renderStream(stream) {
  const c = $('stream');
  const lanes = stream.lanes || [];
  const spans = stream.spans || [];
  c.style.height = Math.max(120, 40 + lanes.length * 20) + 'px';
  const { g, w, h } = sizeCanvas(c);
  const left = 150, right = 14, top = 8, bottom = 22;
  const oldest = spans.length ? Math.min(...spans.map((s) => s.start)) : undefined;
  const windowMs = windowFor(stream.to, oldest, 10000, stream.to - stream.from);
  const from = stream.to - windowMs;
  const x = (t) => left + (w - left - right) * (t - from) / windowMs;
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#6b7385'; g.strokeStyle = '#eef1f6'; g.textAlign = 'center';
  const step = timeTicks(windowMs);
  for (let ago = 0; ago <= windowMs; ago += step) {
    const xx = x(stream.to - ago);
    g.beginPath(); g.moveTo(xx, top); g.lineTo(xx, h - bottom); g.stroke();
    g.fillText(tickLabel(ago), Math.min(xx, w - right - 10), h - 6);
  }
  g.textAlign = 'left';
  const laneH = lanes.length ? Math.min(20, (h - top - bottom) / lanes.length) : 20;
  lanes.forEach((name, i) => {
    g.fillStyle = '#6b7385';
    g.fillText(name, 6, top + i * laneH + laneH * 0.65);
  });
  for (const s of spans) {
    const x0 = Math.max(left, x(s.start)), x1 = Math.max(x0 + 2, x(s.end));
    const y = top + s.lane * laneH + 3;
    g.fillStyle = s.task ? taskColor(s.task) : '#c9ced8';
    g.fillRect(x0, y, Math.max(1, x1 - x0 - 1), laneH - 6);
    if (!s.ok) { g.strokeStyle = '#d8453b'; g.lineWidth = 2; g.strokeRect(x0, y, x1 - x0, laneH - 6); g.lineWidth = 1; }
  }
  $('stream-empty').hidden = spans.length > 0;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function renderThroughput(points, now) {
  const c = $('throughput');
  const { g, w, h } = sizeCanvas(c);
  const left = 52, right = 56, top = 10, bottom = 22;
  const windowMs = windowFor(now, points.length ? points[0].t : undefined, 20000, 600000);
  const from = now - windowMs;
  const x = (t) => left + (w - left - right) * (t - from) / windowMs;
  const maxRate = niceMax(Math.max(0, ...points.map((p) => p.itemsPerSecond)));
  const maxMs = niceMax(Math.max(0, ...points.map((p) => p.p99Ms || 0)));
  const yRate = (v) => h - bottom - (h - top - bottom) * v / maxRate;
  const yMs = (v) => h - bottom - (h - top - bottom) * v / maxMs;
  g.font = '11px system-ui, sans-serif';
  g.strokeStyle = '#eef1f6'; g.fillStyle = '#6b7385';
  for (let i = 0; i <= 4; i++) {
    const y = top + (h - top - bottom) * i / 4;
    g.beginPath(); g.moveTo(left, y); g.lineTo(w - right, y); g.stroke();
    g.textAlign = 'right'; g.fillText(fmtRate(maxRate * (4 - i) / 4), left - 6, y + 4);
    g.textAlign = 'left'; g.fillText(fmtMs(maxMs * (4 - i) / 4) + ' ms', w - right + 6, y + 4);
  }
  g.textAlign = 'center';
  const step = timeTicks(windowMs);
  for (let ago = 0; ago <= windowMs; ago += step) {
    g.fillText(tickLabel(ago), Math.min(x(now - ago), w - right - 10), h - 6);
  }
  g.textAlign = 'left';
  const line = (key, y, color, width) => {
    g.strokeStyle = color; g.lineWidth = width; g.beginPath();
    let started = false;
    for (const p of points) {
      if (p[key] === undefined) continue;
      const xx = x(p.t + 500), yy = y(p[key]);
      if (started) g.lineTo(xx, yy); else { g.moveTo(xx, yy); started = true; }
    }
    g.stroke(); g.lineWidth = 1;
    g.fillStyle = color;
    for (const p of points) {
      if (p[key] !== undefined) g.fillRect(x(p.t + 500) - 1.5, y(p[key]) - 1.5, 3, 3);
    }
  };
  line('itemsPerSecond', yRate, '#2f6fde', 2);
  line('p50Ms', yMs, '#8e6ad8', 1.5);
  line('p99Ms', yMs, '#d48a1a', 1.5);
}

// --- live updates ----------------------------------------------------------------------

let last = null;

function render(s) {
  last = s;
  $('who').textContent = s.user + (s.allJobs ? ' · all jobs' : ' · own jobs');
  renderTiles(s);
  renderWorkers(s.workers || []);
  renderJobs(s);
  renderStream(s.stream || { lanes: [], spans: [], from: s.now - 120000, to: s.now });
  renderThroughput(s.throughput || [], s.now);
  $('foot').textContent = s.ignored > 0 ? s.ignored + ' unverified or unreadable messages ignored' : '';
}

function live(on) {
  $('live-dot').classList.toggle('live', on);
  $('live-text').textContent = on ? 'live' : 'reconnecting';
}

function connect() {
  const events = new EventSource('/api/events');
  events.onmessage = (e) => { live(true); render(JSON.parse(e.data)); };
  events.addEventListener('logout', () => { events.close(); location.href = '/'; });
  events.onerror = () => {
    live(false);
    // the session may have ended: ask once, and go to the login form if so
    fetch('/api/snapshot', { credentials: 'same-origin' }).then((r) => {
      if (r.status === 401) { events.close(); location.href = '/'; }
    }).catch(() => {});
  };
}

async function start() {
  const r = await fetch('/api/snapshot', { credentials: 'same-origin' });
  if (r.status === 401) { showLogin(); return; }
  $('login').hidden = true;
  $('dashboard').hidden = false;
  if (location.search) history.replaceState(null, '', '/');
  render(await r.json());
  connect();
  window.addEventListener('resize', () => { if (last) render(last); });
}

start();
