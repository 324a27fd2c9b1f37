// The lab's page over query-service's API. Plain DOM, no framework and nothing from another host.
// Every value from the API reaches the page as text (textContent), never as HTML.
'use strict';

const VOID_KINDS = ['voidfinder', 'v2'];
const TOKEN_KEY = 'desi-catalogs-token';
const POLL_MS = 1000;

const state = { catalogs: null, view: null, cursors: [], pollTimer: null, lastCone: null };

function $(selector) { return document.querySelector(selector); }

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'className') e.className = v;
    else if (k === 'onclick') e.addEventListener('click', v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function say(message, isError) {
  const s = $('#status');
  s.textContent = message || '';
  s.className = isError ? 'error' : '';
}

/** GET or send JSON; a problem+json answer becomes an Error carrying its detail and status. */
async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options || {});
  // a token, once given, goes with every call: a deployment may require a role for reads too
  opts.headers = Object.assign({ Accept: 'application/json' }, authHeaders(), opts.headers);
  const response = await fetch(path, opts);
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : (typeof body === 'string' && body ? body : response.statusText);
    const error = new Error(response.status + ': ' + detail);
    error.status = response.status;
    throw error;
  }
  return { body, response };
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function authHeaders() {
  const t = token();
  return t ? { Authorization: 'Bearer ' + t } : {};
}

function fmtInt(n) { return n === null || n === undefined ? '' : Number(n).toLocaleString('en-US'); }

function fmtNumber(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return '[' + v.map(fmtNumber).join(', ') + ']';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function fmtSeconds(s) {
  if (s === null || s === undefined || !isFinite(s) || s < 0) return '';
  if (s < 90) return Math.round(s) + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function fmtBytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0; let v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

function encodePath(s) { return encodeURIComponent(s); }

function table(headers, rows, caption) {
  const t = el('table', {}, caption ? el('caption', {}, caption) : null,
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows));
  return el('div', { className: 'table-wrap' }, t);
}

// ---------------------------------------------------------------- views and the URL

const VIEWS = ['catalogs', 'cone', 'jobs', 'science'];

function params() { return new URLSearchParams(window.location.search); }

function setUrl(p) {
  const query = p.toString();
  history.replaceState(null, '', query ? '?' + query : window.location.pathname);
}

function show(view, keepParams) {
  if (!VIEWS.includes(view)) view = 'catalogs';
  state.view = view;
  for (const v of VIEWS) {
    const tab = $('#tab-' + v);
    const selected = v === view;
    tab.setAttribute('aria-selected', selected ? 'true' : 'false');
    tab.tabIndex = selected ? 0 : -1;
    $('#view-' + v).hidden = !selected;
  }
  if (!keepParams) {
    const p = new URLSearchParams();
    p.set('view', view);
    setUrl(p);
  }
  say('');
  stopPolling();
  if (view === 'catalogs') loadCatalogs();
  if (view === 'cone') prepareCone();
  if (view === 'jobs') startPolling();
  if (view === 'science') prepareScience();
}

function wireTabs() {
  const tabs = VIEWS.map(v => $('#tab-' + v));
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => show(tab.dataset.view));
    // arrow keys move between tabs (WAI-ARIA tabs pattern); Enter and Space click natively
    tab.addEventListener('keydown', e => {
      let next = null;
      if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
      if (e.key === 'ArrowLeft') next = tabs[(i + tabs.length - 1) % tabs.length];
      if (next) { e.preventDefault(); next.focus(); show(next.dataset.view); }
    });
  });
}

// ---------------------------------------------------------------- catalogs

async function catalogs(refresh) {
  if (!state.catalogs || refresh) {
    state.catalogs = (await api('/api/v1/catalogs')).body;
  }
  return state.catalogs;
}

async function loadCatalogs() {
  const list = $('#catalog-list');
  list.setAttribute('aria-busy', 'true');
  try {
    const all = await catalogs(true);
    list.replaceChildren(...(all.length ? all.map(catalogCard)
      : [el('p', {}, 'No catalog is loaded yet. Load one on the Jobs view or through ingest-service.')]));
  } catch (e) {
    list.replaceChildren(el('p', { className: 'error' }, 'Cannot list the catalogs: ' + e.message));
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

function catalogCard(c) {
  const base = '/api/v1/catalogs/' + encodePath(c.name);
  const facts = [c.kind, fmtInt(c.rowCount) + ' rows', c.columns.length + ' columns'];
  let map;
  if (c.coverage) {
    facts.push(c.coverage.areaDeg2.toFixed(1) + ' deg² of sky');
    const alt = 'Sky coverage of ' + c.name + ': ' + c.coverage.areaDeg2.toFixed(1)
      + ' square degrees, Mollweide projection, right ascension increasing to the left';
    map = el('figure', {},
      el('img', { className: 'skymap', src: base + '/moc?format=svg', alt, width: 788, height: 392, loading: 'lazy',
        'data-catalog': c.name }),
      el('figcaption', {}, 'MOC (HEALPix order ' + c.coverage.mocOrder + '): ',
        el('a', { href: base + '/moc' }, 'JSON'), ' · ', el('a', { href: base + '/moc?format=fits' }, 'FITS'),
        ' (TOPCAT, Aladin)'));
  } else {
    map = VOID_KINDS.includes(c.kind)
      ? el('p', {}, 'A void catalog: no coverage map is recorded for it; its voids are listed at ',
        el('a', { href: '/api/v1/voids?catalog=' + encodePath(c.name) }, '/api/v1/voids?catalog=' + c.name), '.')
      : el('p', {}, 'No sky coverage recorded (no positions, or loaded before coverage was recorded).');
  }
  const columns = el('details', {}, el('summary', {}, 'Columns (' + c.columns.length + ')'),
    table(['name', 'type', 'unit', 'description'],
      c.columns.map(col => el('tr', {}, el('td', {}, el('code', {}, col.name)), el('td', {}, col.type),
        el('td', {}, col.unit || ''), el('td', {}, col.description || '')))));
  const files = el('details', {}, el('summary', {}, 'Source files (' + c.sourceFiles.length + ')'),
    table(['file', 'SHA-256', 'size', 'rows', 'loaded'],
      c.sourceFiles.map(f => el('tr', {}, el('td', {}, f.fileName), el('td', {}, el('span', { className: 'hash' }, f.sha256)),
        el('td', { className: 'num' }, fmtBytes(f.sizeBytes)), el('td', { className: 'num' }, fmtInt(f.rowCount)),
        el('td', {}, f.loadedAt)))));
  const actions = el('p', {});
  if (c.raColumn && c.decColumn) {
    actions.append(el('button', { type: 'button', className: 'secondary', onclick: () => {
      const p = new URLSearchParams({ view: 'cone', catalog: c.name });
      setUrl(p);
      show('cone', true);
    } }, 'Cone search in ' + c.name));
  }
  actions.append(' ', el('button', { type: 'button', className: 'danger', 'data-delete': c.name,
    onclick: () => deleteCatalog(c) }, 'Delete ' + c.name + '…'));
  return el('section', { className: 'card', 'data-catalog': c.name, 'aria-labelledby': 'cat-' + c.name },
    el('h3', { id: 'cat-' + c.name }, c.name), el('p', { className: 'facts' }, facts.join(' · ')),
    map, columns, files, actions);
}

/** Deletes a catalog through the gateway, once its name is typed back: its rows and cross-match results go with it. */
async function deleteCatalog(c) {
  if (!token()) {
    say('Deleting a catalog needs a token with the desi-ingest or desi-admin role: set one on the Jobs view'
      + ' (“Token for starting and cancelling jobs”).', true);
    return;
  }
  const typed = window.prompt('Deleting ' + c.name + ' removes its ' + fmtInt(c.rowCount) + ' rows and every'
    + ' cross-match result that used it, for everyone. Type the catalog\'s name to delete it:');
  if (typed === null) return;
  if (typed.trim() !== c.name) {
    say('Not deleted: “' + typed + '” is not ' + c.name + '.', true);
    return;
  }
  try {
    const d = (await send('DELETE', '/api/v1/ingest/catalogs/' + encodePath(c.name))).body;
    say('Catalog ' + d.name + ' deleted: ' + fmtInt(d.rowCount) + ' rows, ' + d.crossmatchJobsDeleted
      + ' cross-match job(s).');
  } catch (e) {
    say('Cannot delete ' + c.name + ': ' + e.message, true);
  }
  state.catalogs = null;
  loadCatalogs();
}

// ---------------------------------------------------------------- cone search

async function prepareCone() {
  const select = $('#cone-catalog');
  const p = params();
  try {
    const all = (await catalogs()).filter(c => c.raColumn && c.decColumn);
    select.replaceChildren(...all.map(c => el('option', { value: c.name }, c.name)));
  } catch (e) {
    say('Cannot list the catalogs: ' + e.message, true);
    return;
  }
  for (const name of ['catalog', 'ra', 'dec', 'radius', 'limit', 'columns']) {
    if (p.has(name)) $('#cone-' + name).value = p.get(name);
  }
  $('#cone-filters').replaceChildren();
  for (const [k, v] of p.entries()) {
    const m = /^(.+)\.(min|max)$/.exec(k);
    if (!m) continue;
    let row = Array.from(document.querySelectorAll('.filter-row')).find(r => r.querySelector('select').value === m[1]);
    if (!row) row = addFilterRow(m[1]);
    row.querySelector('.' + m[2]).value = v;
  }
  if (p.has('ra') && p.has('dec') && p.has('radius')) runCone(p.get('cursor'));
}

let filterCount = 0;

function addFilterRow(column) {
  const catalog = (state.catalogs || []).find(c => c.name === $('#cone-catalog').value);
  const names = catalog ? catalog.columns.map(c => c.name) : [];
  const n = ++filterCount;
  const select = el('select', { id: 'filter-col-' + n, 'aria-label': 'Filter column' },
    names.map(name => el('option', { value: name }, name)));
  if (column) {
    if (!names.includes(column)) select.append(el('option', { value: column }, column));
    select.value = column;
  }
  const row = el('div', { className: 'filter-row' },
    el('label', { for: 'filter-col-' + n }, 'Column'), select,
    el('label', { for: 'filter-min-' + n }, 'min'), el('input', { id: 'filter-min-' + n, className: 'min', type: 'number', step: 'any' }),
    el('label', { for: 'filter-max-' + n }, 'max'), el('input', { id: 'filter-max-' + n, className: 'max', type: 'number', step: 'any' }),
    el('button', { type: 'button', className: 'secondary', onclick: () => row.remove() }, 'Remove'));
  $('#cone-filters').append(row);
  return row;
}

/** The search's parameters from the form, in the API's names (also the page's URL). */
function coneParams() {
  const p = new URLSearchParams();
  for (const name of ['ra', 'dec', 'radius', 'limit', 'columns']) {
    const v = $('#cone-' + name).value.trim();
    if (v) p.set(name, v);
  }
  for (const row of document.querySelectorAll('.filter-row')) {
    const col = row.querySelector('select').value;
    for (const bound of ['min', 'max']) {
      const v = row.querySelector('.' + bound).value.trim();
      if (col && v) p.set(col + '.' + bound, v);
    }
  }
  return p;
}

async function runCone(cursor) {
  const catalog = $('#cone-catalog').value;
  const p = coneParams();
  const shared = new URLSearchParams({ view: 'cone', catalog });
  for (const [k, v] of p.entries()) shared.set(k, v);
  if (cursor) shared.set('cursor', cursor);
  setUrl(shared);
  const request = new URLSearchParams(p);
  request.set('format', 'json');
  if (cursor) request.set('cursor', cursor);
  const path = '/api/v1/catalogs/' + encodePath(catalog) + '/cone?' + request.toString();
  const out = $('#cone-result');
  out.setAttribute('aria-busy', 'true');
  try {
    const page = (await api(path)).body;
    renderCone(catalog, p, page, path);
    say('');
  } catch (e) {
    out.replaceChildren(el('p', { className: 'error', id: 'cone-error' }, e.message));
  } finally {
    out.setAttribute('aria-busy', 'false');
  }
}

function renderCone(catalog, p, page, path) {
  const columns = page.rows.length ? Object.keys(page.rows[0]) : [];
  const first = state.cursors.length * Number(page.limit) + 1;
  const exportParams = new URLSearchParams(p);
  exportParams.delete('limit');
  const exportBase = '/api/v1/catalogs/' + encodePath(catalog) + '/export?';
  const pager = el('div', { className: 'pager' },
    el('button', { type: 'button', className: 'secondary', id: 'cone-prev', disabled: state.cursors.length === 0,
      onclick: () => runCone(state.cursors.pop() || null) }, 'Previous page'),
    el('button', { type: 'button', className: 'secondary', id: 'cone-next', disabled: !page.nextCursor,
      onclick: () => { state.cursors.push(params().get('cursor')); runCone(page.nextCursor); } }, 'Next page'),
    el('span', { id: 'cone-summary' }, page.count ? 'rows ' + first + '–' + (first + page.count - 1)
      + (page.nextCursor ? ' (more follow)' : '') : 'no rows in this cone'));
  const downloads = el('p', {}, 'Download the whole search: ',
    el('a', { href: exportBase + exportParams + '&format=csv', id: 'download-csv' }, 'CSV'), ' · ',
    el('a', { href: exportBase + exportParams + '&format=votable', id: 'download-votable' }, 'VOTable'),
    ' · this page from the API: ', el('a', { href: path }, 'JSON'));
  const rows = page.rows.map(r => el('tr', {}, columns.map(c => {
    const v = r[c];
    return el('td', { className: typeof v === 'number' ? 'num' : null }, fmtNumber(v));
  })));
  $('#cone-result').replaceChildren(pager, downloads,
    columns.length ? table(columns, rows, 'Cone of radius ' + page.radiusDeg + '° around (' + page.ra + ', ' + page.dec
      + ') in ' + catalog + ', nearest first') : el('p', {}, 'No rows.'));
}

function wireCone() {
  $('#cone-form').addEventListener('submit', e => { e.preventDefault(); state.cursors = []; runCone(null); });
  $('#cone-add-filter').addEventListener('click', () => addFilterRow(null));
  $('#cone-catalog').addEventListener('change', () => $('#cone-filters').replaceChildren());
}

// ---------------------------------------------------------------- jobs

function startPolling() {
  refreshJobs();
  state.pollTimer = setInterval(refreshJobs, POLL_MS);
}

function stopPolling() {
  if (state.pollTimer) clearInterval(state.pollTimer);
  state.pollTimer = null;
}

async function refreshJobs() {
  await Promise.all([
    refreshList('/api/v1/ingest/jobs?limit=20', '#ingest-jobs', ingestTable),
    refreshList('/api/v1/crossmatch/jobs?limit=20', '#crossmatch-jobs', crossmatchTable)]);
}

const lastJobs = {};

async function refreshList(path, target, render) {
  const out = $(target);
  try {
    const jobs = (await api(path)).body;
    const text = JSON.stringify(jobs);
    if (lastJobs[target] === text) return;   // unchanged: keep the table (and the reader's place in it)
    lastJobs[target] = text;
    // the table is redrawn every second while jobs run: put keyboard focus back on the same button
    const focused = document.activeElement && out.contains(document.activeElement)
      ? document.activeElement.getAttribute('data-focus-key') : null;
    out.replaceChildren(jobs.length ? render(jobs) : el('p', {}, 'No jobs yet.'));
    if (focused) {
      const again = out.querySelector('[data-focus-key="' + focused + '"]');
      if (again) again.focus();
    }
  } catch (e) {
    delete lastJobs[target];
    out.replaceChildren(el('p', { className: 'error' }, e.message));
  }
}

function statusCell(job) {
  return el('td', { className: 'status-' + job.status }, job.status);
}

function cancelCell(job, kind) {
  if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return el('td', {});
  return el('td', {}, el('button', { type: 'button', className: 'secondary', 'aria-label': 'Cancel ' + kind + ' job ' + job.id,
    'data-focus-key': 'cancel-' + kind + '-' + job.id, onclick: () => cancelJob(kind, job.id) }, 'Cancel'));
}

function ingestTable(jobs) {
  const rows = jobs.map(j => {
    const running = j.status === 'RUNNING';
    const total = j.rowsTotal || 0;
    const eta = running && j.rowsPerSecond > 0 && total > j.rowsRead ? (total - j.rowsRead) / j.rowsPerSecond : null;
    const done = j.status === 'SUCCEEDED' ? total || j.rowsRead : j.rowsRead;
    return el('tr', { 'data-job': j.id, 'data-status': j.status, 'data-rows-read': j.rowsRead },
      el('td', { className: 'num' }, j.id), statusCell(j), el('td', {}, j.catalog), el('td', {}, j.profile),
      el('td', {}, el('code', {}, j.source)),
      el('td', {}, total ? el('progress', { max: total, value: Math.min(done, total), 'aria-label': 'job ' + j.id + ' progress' }) : null,
        ' ', fmtInt(j.rowsRead) + (total ? ' / ' + fmtInt(total) : '') + ' rows'),
      el('td', { className: 'num' }, fmtInt(j.rowsLoaded)),
      el('td', { className: 'num' }, j.rowsRejected ? el('button', { type: 'button', className: 'secondary',
        'aria-label': 'Rejected rows of ingest job ' + j.id + ': ' + j.rowsRejected, 'data-focus-key': 'rejects-' + j.id,
        onclick: () => showRejects(j.id) }, fmtInt(j.rowsRejected)) : '0'),
      el('td', { className: 'num' }, j.rowsPerSecond ? fmtInt(Math.round(j.rowsPerSecond)) : ''),
      el('td', {}, fmtSeconds(eta)), el('td', { className: j.error ? 'error' : null }, j.error || ''),
      cancelCell(j, 'ingest'));
  });
  return table(['id', 'status', 'catalog', 'profile', 'source', 'progress', 'loaded', 'rejected', 'rows/s', 'ETA', 'error', ''], rows);
}

function crossmatchTable(jobs) {
  const rows = jobs.map(j => {
    const total = j.partitionsTotal || 0;
    const doneParts = j.partitionsDone || 0;
    let eta = null;
    if (j.status === 'RUNNING' && doneParts > 0 && j.startedAt) {
      const elapsed = (Date.now() - Date.parse(j.startedAt)) / 1000;
      eta = elapsed * (total - doneParts) / doneParts;
    }
    const inputs = j.type === 'sky' ? j.left + ' × ' + j.right + ' within ' + j.radiusArcsec + '″ (' + j.mode + ')'
      : j.galaxies + ' in ' + j.voids + (j.v2Rule ? ' (' + j.v2Rule + ')' : '');
    return el('tr', { 'data-job': j.id, 'data-status': j.status, 'data-partitions-done': doneParts },
      el('td', { className: 'num' }, j.id), statusCell(j), el('td', {}, j.type), el('td', {}, inputs),
      el('td', {}, total ? el('progress', { max: total, value: doneParts, 'aria-label': 'job ' + j.id + ' progress' }) : null,
        ' ', doneParts + ' / ' + total + ' partitions'),
      el('td', { className: 'num' }, fmtInt(j.rowsProcessed)), el('td', { className: 'num' }, fmtInt(j.pairs)),
      el('td', { className: 'num' }, j.rowsPerSecond ? fmtInt(j.rowsPerSecond) : ''),
      el('td', {}, fmtSeconds(eta)), el('td', { className: j.error ? 'error' : null }, j.error || ''),
      cancelCell(j, 'crossmatch'));
  });
  return table(['id', 'status', 'type', 'inputs', 'progress', 'rows', 'pairs / placed', 'rows/s', 'ETA', 'error', ''], rows);
}

async function showRejects(id) {
  const out = $('#rejects');
  try {
    const rejected = (await api('/api/v1/ingest/jobs/' + id + '/rejects?limit=100')).body;
    const rows = rejected.map(r => el('tr', {}, Object.values(r).map(v => el('td', {}, fmtNumber(v)))));
    const first = rejected[0];
    out.replaceChildren(el('h4', {}, 'Rejected rows of ingest job ' + id + ' (first 100)'),
      first ? table(Object.keys(first), rows) : el('p', {}, 'none'));
  } catch (e) {
    out.replaceChildren(el('p', { className: 'error' }, e.message));
  }
}

function requireToken() {
  if (token()) return true;
  say('Starting or cancelling a job needs a token: open “Token for starting and cancelling jobs”.', true);
  $('#token-box').open = true;
  $('#token').focus();
  return false;
}

async function send(method, path, body) {
  return api(path, { method, headers: Object.assign({ 'Content-Type': 'application/json' }, authHeaders()),
    body: body ? JSON.stringify(body) : undefined });
}

async function cancelJob(kind, id) {
  if (!requireToken()) return;
  try {
    await send('DELETE', '/api/v1/' + kind + '/jobs/' + id);
    say(kind + ' job ' + id + ' cancelled.');
  } catch (e) {
    say('Cannot cancel ' + kind + ' job ' + id + ': ' + e.message, true);
  }
  refreshJobs();
}

function wireJobs() {
  const stateText = () => { $('#token-state').textContent = token() ? 'a token is set for this tab' : 'no token set'; };
  stateText();
  $('#token-form').addEventListener('submit', e => {
    e.preventDefault();
    const t = $('#token').value.trim();
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    $('#token').value = '';
    stateText();
  });
  $('#token-forget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); stateText(); });
  $('#ingest-form').addEventListener('submit', async e => {
    e.preventDefault();
    if (!requireToken()) return;
    const f = e.target.elements;
    const options = {};
    for (const k of ['raColumn', 'decColumn', 'idColumn']) if (f[k].value.trim()) options[k] = f[k].value.trim();
    try {
      const job = (await send('POST', '/api/v1/ingest/jobs', { source: f.source.value.trim(), profile: f.profile.value,
        catalog: f.catalog.value.trim(), options })).body;
      say('Ingest job ' + job.id + ' ' + job.status.toLowerCase() + '.');
      state.catalogs = null;
    } catch (err) {
      say('The ingest job was not started: ' + err.message, true);
    }
    refreshJobs();
  });
  $('#crossmatch-form').addEventListener('submit', async e => {
    e.preventDefault();
    if (!requireToken()) return;
    const f = e.target.elements;
    const body = f.type.value === 'sky'
      ? { type: 'sky', left: f.left.value.trim(), right: f.right.value.trim(), radiusArcsec: Number(f.radiusArcsec.value), mode: f.mode.value }
      : { type: 'voids', galaxies: f.left.value.trim(), voids: f.right.value.trim() };
    try {
      const job = (await send('POST', '/api/v1/crossmatch/jobs', body)).body;
      say('Cross-match job ' + job.id + ' ' + job.status.toLowerCase() + '.');
    } catch (err) {
      say('The cross-match job was not started: ' + err.message, true);
    }
    refreshJobs();
  });
}

// ---------------------------------------------------------------- science

async function prepareScience() {
  let all;
  try {
    all = await catalogs();
  } catch (e) {
    say('Cannot list the catalogs: ' + e.message, true);
    return;
  }
  const p = params();
  const fill = (select, list, wanted) => {
    select.replaceChildren(...list.map(c => el('option', { value: c.name }, c.name + ' (' + c.kind + ')')));
    if (wanted) select.value = wanted;
  };
  fill($('#sci-galaxies'), all.filter(c => !VOID_KINDS.includes(c.kind)), p.get('galaxies'));
  fill($('#sci-voids'), all.filter(c => VOID_KINDS.includes(c.kind)), p.get('voids'));
  for (const name of ['proxy', 'massBins', 'cuts', 'zRange', 'deltachi2Min', 'magLimit', 'rBins', 'massMin', 'massMax']) {
    const input = document.querySelector('#science-form [name="' + name + '"]');
    if (p.has(name)) input.value = p.get(name);
  }
  if (p.has('galaxies') && p.has('voids')) runScience();
}

function scienceParams() {
  const p = new URLSearchParams();
  for (const input of $('#science-form').elements) {
    if (input.name && input.value.trim()) p.set(input.name, input.value.trim());
  }
  return p;
}

async function runScience() {
  const all = scienceParams();
  const shared = new URLSearchParams({ view: 'science' });
  for (const [k, v] of all.entries()) shared.set(k, v);
  setUrl(shared);
  const quenching = new URLSearchParams(all);
  for (const k of ['rBins', 'massMin', 'massMax']) quenching.delete(k);
  const profile = new URLSearchParams(all);
  profile.delete('massBins');
  const q = '/api/v1/statistics/quenching?' + quenching;
  const v = '/api/v1/statistics/void-profile?' + profile;
  const out = $('#science-result');
  out.setAttribute('aria-busy', 'true');
  try {
    // the numbers first: a picture is only asked for once they exist (no broken image on a 409)
    const [answer, prof] = await Promise.all([api(q), api(v)]);
    out.replaceChildren(quenchingFigure(answer.body, q, quenching), profileFigure(prof.body, v, profile));
  } catch (e) {
    out.replaceChildren(el('p', { className: 'error', id: 'science-error' }, e.message));
  } finally {
    out.setAttribute('aria-busy', 'false');
  }
}

function pct(f) { return f === null || f === undefined ? '' : (100 * f).toFixed(1) + '%'; }

function quenchingFigure(r, path, query) {
  const rows = r.bins.map(b => el('tr', {},
    el('td', {}, b.logMstarMin + '–' + b.logMstarMax),
    el('td', { className: 'num' }, fmtInt(b.voids.galaxies)), el('td', { className: 'num' }, pct(b.voids.fraction)),
    el('td', { className: 'num' }, fmtInt(b.walls.galaxies)), el('td', { className: 'num' }, pct(b.walls.fraction)),
    el('td', { className: 'num' }, b.difference.voidMinusWall === null ? '' : pct(b.difference.voidMinusWall)
      + ' ± ' + pct(b.difference.sigma))));
  const cuts = r.selection.cuts.map(c => el('li', {}, c.name + ': ' + (c.applied ? c.rule + ' (removed ' + fmtInt(c.removed) + ')'
    : 'off' + (c.source ? ' (' + c.source + ')' : ''))));
  const o = r.overall;
  return el('section', { className: 'card', id: 'quenching' },
    el('h3', {}, 'Quenched fraction, void vs wall (' + r.galaxies + ' in ' + r.voids + ', ' + r.algorithm + ')'),
    el('div', { className: 'plots' }, el('figure', {},
      el('img', { src: '/api/v1/statistics/quenching.svg?' + query, width: 640, height: 420,
        alt: 'Quenched fraction of void and wall galaxies per stellar-mass bin; the table below gives the numbers' }),
      el('figcaption', {}, 'Quenched if ' + r.quenchedIf + '; intervals: ' + Math.round(100 * r.confidence) + '% Wilson.'))),
    table(['log₁₀ M★', 'void galaxies', 'void quenched', 'wall galaxies', 'wall quenched', 'void − wall'], rows),
    o && o.wallMinusVoid !== null ? el('p', {}, 'Over all bins, wall (re-weighted to the void galaxies\' masses) − void = '
      + pct(o.wallMinusVoid) + ' ± ' + pct(o.sigma) + ' (' + o.definition + ')') : null,
    el('p', {}, 'Placed galaxies: ' + fmtInt(r.selection.placed) + '. Cuts:'), el('ul', {}, cuts),
    el('p', {}, 'Placement: cross-match job ' + r.provenance.placement.jobId + ' finished ' + r.provenance.placement.finishedAt + '. '),
    el('p', {}, 'The exact API call: ', el('a', { href: path, id: 'quenching-api' }, path)));
}

function profileFigure(r, path, query) {
  const rows = r.bins.map(b => el('tr', {},
    el('td', {}, b.rOverReffMin + '–' + (b.rOverReffMax === null ? '∞' : b.rOverReffMax)),
    el('td', { className: 'num' }, fmtInt(b.galaxies.galaxies)), el('td', { className: 'num' }, pct(b.galaxies.fraction)),
    el('td', { className: 'num' }, fmtInt(b.voidGalaxies)), el('td', { className: 'num' }, fmtInt(b.wallGalaxies))));
  return el('section', { className: 'card', id: 'void-profile' },
    el('h3', {}, 'Quenched fraction against distance from the void centre (' + r.logMstarMin + ' ≤ log₁₀ M★ < ' + r.logMstarMax + ')'),
    el('div', { className: 'plots' }, el('figure', {},
      el('img', { src: '/api/v1/statistics/void-profile.svg?' + query, width: 640, height: 420,
        alt: 'Quenched fraction against R/R_eff; the table below gives the numbers' }))),
    table(['R/R_eff', 'galaxies', 'quenched', 'in voids', 'in walls'], rows),
    el('p', {}, 'The exact API call: ', el('a', { href: path, id: 'profile-api' }, path)));
}

function wireScience() {
  $('#science-form').addEventListener('submit', e => { e.preventDefault(); runScience(); });
}

// ---------------------------------------------------------------- start

document.addEventListener('DOMContentLoaded', () => {
  wireTabs();
  wireCone();
  wireJobs();
  wireScience();
  show(params().get('view') || 'catalogs', true);
});
