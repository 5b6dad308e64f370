// Khata node dashboard. Plain JavaScript, no libraries. Everything the node sends is rendered
// as text (textContent), never parsed as markup: memos and ids are user input.
//
// A node that asks for authentication answers /status with 401: the page then shows a login form.
// The token typed there is sent once, in the Authorization header of POST /session, and the node
// answers with an HttpOnly, SameSite=Strict session cookie that the browser sends with every later
// request of this origin (fetch and EventSource alike). The token is never kept by the page, put
// in a URL or in storage. A request that changes something carries the X-Khata-Request header.
'use strict';

const GRID_BLOCKS = 24;        // columns of the signed/not-signed grid
const BLOCKS_SHOWN = 40;       // recent blocks listed
const TXS_SHOWN = 60;          // recent transactions listed
const CHART_MILLIS = 5 * 60 * 1000;
const BUCKET_MILLIS = 5000;
const NOT_SIGNING_AFTER = 3;   // missed this many commits in a row: "not signing"
const STATUS_POLL_MILLIS = 2000;

const state = {
  blocks: [],                  // newest last, at most GRID_BLOCKS + BLOCKS_SHOWN
  validators: [],
  latency: [],                 // [wall millis, p50 ms]
  txsPerBucket: new Map(),     // bucket start (block time) -> committed txs
  selectedBlock: null,
  selectedTx: null,
  status: null,
  source: null,                // the EventSource, once the node answers /status
};

const REQUEST_HEADER = { 'X-Khata-Request': 'dashboard' };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function byId(id) {
  return document.getElementById(id);
}

function setText(id, text) {
  byId(id).textContent = String(text);
}

function shortHash(hash) {
  return hash.length > 16 ? hash.slice(0, 12) + '…' : hash;
}

function num(value) {
  return Number(value || 0);   // 64-bit fields arrive as strings in protobuf's JSON mapping
}

// ------------------------------------------------------------------ status

async function pollStatus() {
  try {
    const response = await fetch('/status', { cache: 'no-store' });
    if (response.status === 401) {
      showLogin();
      return;
    }
    if (!response.ok) throw new Error('status ' + response.status);
    const status = await response.json();
    state.status = status;
    state.validators = status.validators || [];
    setText('node', 'node ' + status.node_id);
    setText('chain', 'chain ' + status.chain_id);
    const health = byId('health');
    health.textContent = status.healthy ? 'healthy' : 'unhealthy: ' + status.failure;
    health.className = 'pill ' + (status.healthy ? 'ok' : 'bad');
    setText('mempool', num(status.mempool_size));
    setText('peers', (status.peers || []).length + ' of ' + Math.max(0, state.validators.length - 1));
    const p50 = num(status.commit_latency_millis_p50);
    const p90 = num(status.commit_latency_millis_p90);
    setText('latency', p50 === 0 ? 'none lately' : p50 + ' / ' + p90 + ' ms');
    const now = Date.now();
    state.latency.push([now, p50]);
    while (state.latency.length && state.latency[0][0] < now - CHART_MILLIS) state.latency.shift();
    if (state.blocks.length === 0) setText('height', num(status.height));
    renderValidators();
    drawChart(byId('chart-latency'), state.latency, 'ms');
    if (!state.source) {
      const last = state.blocks[state.blocks.length - 1];
      startEvents(last ? num(last.height) + 1 : Math.max(1, num(status.height) - (GRID_BLOCKS + BLOCKS_SHOWN) + 1));
    }
  } catch (e) {
    const health = byId('health');
    health.textContent = 'node unreachable';
    health.className = 'pill bad';
  }
}

// ------------------------------------------------------------------ events

function startEvents(fromHeight) {
  const source = new EventSource('/events?from_height=' + fromHeight);
  state.source = source;
  const badge = byId('stream');
  source.onopen = () => { badge.textContent = 'events: live'; badge.className = 'pill ok'; };
  source.onerror = () => {
    badge.textContent = 'events: reconnecting';
    badge.className = 'pill bad';
    // An EventSource gives up for good on an answer other than 200 (a 401 once the session has
    // ended): the next status poll that succeeds opens a new one from the next height.
    if (source.readyState === EventSource.CLOSED && state.source === source) state.source = null;
  };
  source.addEventListener('block', message => onBlock(JSON.parse(message.data)));
}

function onBlock(block) {
  const last = state.blocks[state.blocks.length - 1];
  if (last && num(block.height) <= num(last.height)) return;   // never twice
  state.blocks.push(block);
  while (state.blocks.length > GRID_BLOCKS + BLOCKS_SHOWN) state.blocks.shift();
  const txs = block.txs || [];
  const bucket = Math.floor(num(block.time) / BUCKET_MILLIS) * BUCKET_MILLIS;
  state.txsPerBucket.set(bucket, (state.txsPerBucket.get(bucket) || 0) + txs.length);
  for (const key of state.txsPerBucket.keys()) {
    if (key < bucket - CHART_MILLIS) state.txsPerBucket.delete(key);
  }
  setText('height', num(block.height));
  addBlockRow(block);
  for (const tx of txs) addTxRow(block, tx);
  noteChanges(block);
  renderRates();
  renderValidators();
}

function addBlockRow(block) {
  const list = byId('blocks');
  const row = el('li', 'clickable');
  row.dataset.height = String(num(block.height));
  row.append(el('strong', null, '#' + num(block.height)), ' ',
      el('span', 'hash', shortHash(block.hash)), ' ',
      el('span', null, (block.txs || []).length + ' tx · proposer ' + block.proposer + ' · '
          + new Date(num(block.time)).toLocaleTimeString()));
  row.addEventListener('click', () => showBlock(block, row));
  list.prepend(row);
  while (list.children.length > BLOCKS_SHOWN) list.lastElementChild.remove();
}

function txRow(block, tx) {
  const row = el('li', 'clickable tx');
  row.dataset.hash = tx.tx_hash;
  row.append(el('span', 'hash', shortHash(tx.tx_hash)), ' ', el('span', null, '@' + num(block.height) + ' '));
  for (const operation of tx.operations || []) row.append(el('span', 'summary', operation.summary), ' ');
  if (tx.memo) row.append(el('span', 'memo', '“' + tx.memo + '”'));
  row.addEventListener('click', () => showTx(tx.tx_hash, row));
  return row;
}

function addTxRow(block, tx) {
  const list = byId('txs');
  list.prepend(txRow(block, tx));
  while (list.children.length > TXS_SHOWN) list.lastElementChild.remove();
}

function noteChanges(block) {
  const found = [];
  if (num(block.evidence_count) > 0) {
    found.push('evidence of equivocation: ' + num(block.evidence_count) + ' in block #' + num(block.height));
  }
  for (const tx of block.txs || []) {
    for (const operation of tx.operations || []) {
      if (['add_member', 'remove_member', 'set_power'].includes(operation.type)) {
        found.push('block #' + num(block.height) + ': ' + operation.summary);
      }
    }
  }
  if (found.length === 0) return;
  const placeholder = byId('no-changes');
  if (placeholder) placeholder.remove();
  for (const text of found) byId('changes').prepend(el('li', null, text));
}

function renderRates() {
  const blocks = state.blocks;
  const newest = blocks[blocks.length - 1];
  const cutoff = num(newest.time) - 60000;
  const recent = blocks.filter(b => num(b.time) > cutoff);
  if (recent.length >= 2) {
    const span = (num(recent[recent.length - 1].time) - num(recent[0].time)) / 60000;
    setText('block-rate', span > 0 ? ((recent.length - 1) / span).toFixed(0) : '-');
    const txs = recent.slice(1).reduce((sum, b) => sum + (b.txs || []).length, 0);
    setText('tx-rate', span > 0 ? (txs / (span * 60)).toFixed(1) : '-');
  }
  // The newest bucket is still filling: charting it would show a drop that is not there.
  const filling = Math.floor(num(newest.time) / BUCKET_MILLIS) * BUCKET_MILLIS;
  const points = [...state.txsPerBucket.entries()].filter(([bucket]) => bucket < filling)
      .sort((a, b) => a[0] - b[0])
      .map(([bucket, count]) => [bucket, count / (BUCKET_MILLIS / 1000)]);
  drawChart(byId('chart-tps'), points, 'tx/s');
}

// ------------------------------------------------------------------ validators

function renderValidators() {
  const body = byId('validators').tBodies[0];
  body.replaceChildren();
  const recent = state.blocks.slice(-GRID_BLOCKS);
  for (const validator of state.validators) {
    const row = el('tr');
    row.dataset.validator = validator.id;
    row.append(el('td', null, validator.id), el('td', null, num(validator.power)),
        el('td', validator.connected ? null : 'down', validator.connected ? 'connected' : 'not connected'));
    let missedInARow = 0;
    const grid = el('div', 'grid');
    for (const block of recent) {
      const signed = (block.commit_signers || []).includes(validator.id);
      missedInARow = signed ? 0 : missedInARow + 1;
      const cell = el('span', 'cell ' + (signed ? 'signed' : 'missed'));
      cell.title = validator.id + (signed ? ' signed' : ' did not sign') + ' block #' + num(block.height);
      grid.append(cell);
    }
    const signing = recent.length === 0 ? 'unknown'
        : missedInARow >= NOT_SIGNING_AFTER ? 'not signing' : 'signing';
    row.append(el('td', signing === 'not signing' ? 'not-signing' : 'signing', signing), el('td'));
    row.lastElementChild.append(grid);
    body.append(row);
  }
}

// ------------------------------------------------------------------ details

function select(listId, row) {
  for (const other of byId(listId).querySelectorAll('.selected')) other.classList.remove('selected');
  if (row) row.classList.add('selected');
}

function showBlock(block, row) {
  select('blocks', row);
  setText('block-title', '#' + num(block.height) + ' ' + shortHash(block.hash));
  const list = byId('block-txs');
  list.replaceChildren();
  if ((block.txs || []).length === 0) list.append(el('li', 'muted', 'no transactions'));
  for (const tx of block.txs || []) list.append(txRow(block, tx));
}

async function fetchJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  return { ok: response.ok, status: response.status, body: await response.json() };
}

async function showTx(hash, row) {
  select('txs', row);
  setText('tx-title', shortHash(hash));
  const detail = byId('tx-detail');
  detail.replaceChildren(el('p', 'muted', 'loading…'));
  try {
    const [tx, verification, proof] = await Promise.all([
      fetchJson('/txs/' + encodeURIComponent(hash)),
      fetchJson('/txs/' + encodeURIComponent(hash) + '/verification'),
      fetchJson('/txs/' + encodeURIComponent(hash) + '/proof'),
    ]);
    detail.replaceChildren();
    detail.append(el('p', 'hash', hash));
    if (tx.ok) {
      detail.append(el('p', null, 'status ' + tx.body.status + ', height ' + num(tx.body.height)
          + ', index ' + num(tx.body.index)));
      if (tx.body.body && tx.body.body.memo) detail.append(el('p', 'memo', 'memo: ' + tx.body.body.memo));
    }
    if (verification.ok) {
      const valid = verification.body.valid;
      detail.append(el('p', valid ? 'verdict-valid' : 'verdict-invalid',
          (valid ? 'proof valid' : 'proof INVALID: ' + verification.body.reason)
          + ' (checked by node ' + (state.status ? state.status.node_id : '?') + ' against the genesis file)'));
    } else {
      detail.append(el('p', 'verdict-invalid', 'no verdict: ' + (verification.body.error || {}).message));
    }
    if (proof.ok) {
      detail.append(el('p', 'muted', 'proof (as khata proof verify reads it):'),
          el('pre', null, JSON.stringify(proof.body, null, 2)));
    }
  } catch (e) {
    detail.replaceChildren(el('p', 'verdict-invalid', 'could not load: ' + e));
  }
}

// ------------------------------------------------------------------ charts

function drawChart(canvas, points, unit) {
  const context = canvas.getContext('2d');
  const width = canvas.width, height = canvas.height, left = 44, bottom = 18, top = 8;
  context.clearRect(0, 0, width, height);
  context.font = '11px sans-serif';
  context.fillStyle = '#667';
  context.strokeStyle = '#d8dbe0';
  context.beginPath();
  context.moveTo(left, top);
  context.lineTo(left, height - bottom);
  context.lineTo(width - 4, height - bottom);
  context.stroke();
  if (points.length === 0) {
    context.fillText('no data yet', left + 10, height / 2);
    return;
  }
  const newest = points[points.length - 1][0];
  const oldest = newest - CHART_MILLIS;
  const max = Math.max(1, ...points.map(p => p[1])) * 1.1;
  context.fillText(max.toFixed(max < 10 ? 1 : 0) + ' ' + unit, 2, top + 8);
  context.fillText('0', left - 12, height - bottom);
  context.fillText('-5 min', left, height - 4);
  context.fillText('now', width - 28, height - 4);
  const x = t => left + (t - oldest) / CHART_MILLIS * (width - left - 4);
  const y = v => height - bottom - v / max * (height - bottom - top);
  context.strokeStyle = '#2f6fd6';
  context.lineWidth = 2;
  context.beginPath();
  points.filter(p => p[0] >= oldest).forEach((p, i) => {
    if (i === 0) context.moveTo(x(p[0]), y(p[1])); else context.lineTo(x(p[0]), y(p[1]));
  });
  context.stroke();
  context.lineWidth = 1;
}

// ------------------------------------------------------------------ login

function showLogin() {
  const health = byId('health');
  health.textContent = 'login needed';
  health.className = 'pill bad';
  if (state.source) {
    state.source.close();
    state.source = null;
  }
  const login = byId('login');
  if (login.hidden) {
    login.hidden = false;
    byId('logout').hidden = true;
    byId('token').focus();
  }
}

async function logIn(event) {
  event.preventDefault();
  const input = byId('token');
  const token = input.value.trim();
  input.value = '';
  if (token === '') return;
  try {
    const response = await fetch('/session', {
      method: 'POST', cache: 'no-store', headers: { Authorization: 'Bearer ' + token },
    });
    if (response.status !== 204) {
      setText('login-error', response.status === 401 ? 'the node does not accept this token'
          : 'login failed: HTTP ' + response.status);
      return;
    }
    setText('login-error', '');
    byId('login').hidden = true;
    byId('logout').hidden = false;
    await pollStatus();
  } catch (e) {
    setText('login-error', 'the node is unreachable');
  }
}

async function logOut() {
  try {
    await fetch('/session', { method: 'DELETE', cache: 'no-store', headers: REQUEST_HEADER });
  } finally {
    showLogin();
  }
}

// ------------------------------------------------------------------ start

async function start() {
  byId('login-form').addEventListener('submit', logIn);
  byId('logout').addEventListener('click', logOut);
  await pollStatus();
  setInterval(pollStatus, STATUS_POLL_MILLIS);
}

start();
