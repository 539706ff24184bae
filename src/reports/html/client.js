// The result list of index.html: filters, paging and evidence, drawn from the embedded JSON.
// Plain browser JavaScript (no modules, no network). Every value from the run goes through
// textContent, never innerHTML, so recorded bodies cannot inject markup.
(() => {
  const PAGE_SIZE = 50;
  const run = JSON.parse(document.getElementById('run-data').textContent);
  const all = run.results;
  const byId = new Map(all.map((r, i) => [r.id, i]));
  const $ = (id) => document.getElementById(id);
  const list = $('result-list');
  const pager = $('pager');
  const shown = $('shown');
  const fApi = $('f-api');
  const fCheck = $('f-check');
  const fText = $('f-text');
  const fBaseline = $('f-baseline');
  const statusBoxes = Array.from(document.querySelectorAll('input[name="f-status"]'));
  const expanded = new Set();
  let filtered = all;
  let page = 0;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function anchorOf(id) {
    return `#r-${encodeURIComponent(id)}`;
  }

  function applyFilters() {
    const api = fApi.value;
    const check = fCheck.value;
    const text = fText.value.trim().toLowerCase();
    const baseline = fBaseline ? fBaseline.value : '';
    const statuses = new Set(statusBoxes.filter((b) => b.checked).map((b) => b.value));
    const counts = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0, expected: 0 };
    filtered = all.filter((r) => {
      if (api && r.api !== api) return false;
      if (check && r.check !== check) return false;
      if (baseline && r.baseline !== baseline) return false;
      if (text && !r.id.toLowerCase().includes(text) && !r.message.toLowerCase().includes(text)) return false;
      counts[r.status]++;
      return statuses.has(r.status);
    });
    for (const node of document.querySelectorAll('[data-count]')) {
      node.textContent = `(${counts[node.getAttribute('data-count')]})`;
    }
  }

  function headersBlock(title, headers) {
    const box = el('div', 'hdrs');
    box.appendChild(el('div', 'sub', title));
    const table = el('table', 'kv');
    for (const [name, value] of Object.entries(headers || {})) {
      const tr = el('tr');
      tr.appendChild(el('td', 'hn', name));
      tr.appendChild(el('td', 'hv', value));
      table.appendChild(tr);
    }
    box.appendChild(table);
    return box;
  }

  // Bodies come pretty-printed (JSON) from the report, with the findings' parts as [start, end) marks.
  function bodyBlock(title, part) {
    const box = el('div', 'body');
    box.appendChild(el('div', 'sub', title));
    const body = part.body;
    const pre = el('pre', 'code');
    if (body === '') pre.textContent = '(empty)';
    else {
      let at = 0;
      for (const [start, end] of part.marks || []) {
        if (start < at) continue;
        pre.appendChild(document.createTextNode(body.slice(at, start)));
        pre.appendChild(el('mark', 'finding', body.slice(start, end)));
        at = end;
      }
      pre.appendChild(document.createTextNode(body.slice(at)));
    }
    box.appendChild(pre);
    const first = pre.querySelector('mark');
    // Scroll the body box (not the page) to the first highlighted part once it is laid out.
    if (first)
      requestAnimationFrame(() => (pre.scrollTop = Math.max(0, first.offsetTop - pre.offsetTop - 40)));
    if (part.bodyCut)
      box.appendChild(
        el(
          'p',
          'cut',
          `… cut after the last highlighted part: showing ${body.length} of ${part.bodyCut} characters`,
        ),
      );
    else if (part.size !== undefined && part.size > body.length) {
      box.appendChild(el('p', 'cut', `… recorded ${body.length} of ${part.size} bytes`));
    }
    return box;
  }

  function findingsBlock(findings) {
    const box = el('div', 'findings');
    box.appendChild(el('div', 'sub', `findings (${findings.length})`));
    const table = el('table', 'kv findings');
    for (const f of findings) {
      const tr = el('tr');
      tr.appendChild(el('td', '', f.note));
      tr.appendChild(
        el(
          'td',
          'hn',
          f.exchange ? `${f.exchange} ${f.pointer === undefined ? '' : f.pointer || '(body)'}` : '',
        ),
      );
      tr.appendChild(el('td', 'hv', f.value === undefined ? '' : JSON.stringify(f.value)));
      table.appendChild(tr);
    }
    box.appendChild(table);
    return box;
  }

  function exchangeBlock(x) {
    const box = el('div', 'exchange');
    const head = el('div', 'xhead');
    head.appendChild(el('span', 'xid', x.id));
    if (x.label) head.appendChild(el('span', 'xlabel', x.label));
    head.appendChild(el('code', 'reqline', `${x.request.method} ${x.request.url}`));
    const outcome = x.response ? String(x.response.status) : x.error ? `no response: ${x.error.kind}` : '–';
    const status = el('span', `xstatus s${x.response ? String(x.response.status)[0] : 'x'}`, `→ ${outcome}`);
    head.appendChild(status);
    head.appendChild(
      el(
        'span',
        'xtime',
        `${Math.round(x.durationMs)} ms${x.attempts > 1 ? `, ${x.attempts} attempts` : ''}`,
      ),
    );
    box.appendChild(head);
    const cols = el('div', 'xcols');
    const req = el('div', 'xreq');
    req.appendChild(headersBlock('request headers', x.request.headers));
    if (x.request.body !== undefined) req.appendChild(bodyBlock('request body', x.request));
    cols.appendChild(req);
    const res = el('div', 'xres');
    if (x.response) {
      res.appendChild(headersBlock(`response ${x.response.status} headers`, x.response.headers));
      res.appendChild(bodyBlock('response body', x.response));
    }
    if (x.error) res.appendChild(el('p', 'xerror', `${x.error.kind}: ${x.error.message}`));
    if (x.jsonError) res.appendChild(el('p', 'xerror', `not JSON: ${x.jsonError}`));
    cols.appendChild(res);
    box.appendChild(cols);
    return box;
  }

  function details(r) {
    const box = el('div', 'details');
    box.appendChild(el('p', 'message', r.message));
    const src = el('table', 'kv source');
    const rows = [
      ['rule', r.source.rule],
      ['doc', r.source.doc],
      ['schema path', r.source.schemaPath],
      ['code', r.code],
      ['duration', r.durationMs !== undefined ? `${Math.round(r.durationMs)} ms` : undefined],
      ['baseline', r.baseline],
      ['follows from', r.followsFrom],
      ...(r.expectation
        ? [
            [r.expectation.expired ? 'expectation (expired)' : 'expected because', r.expectation.reason],
            [
              'expectation',
              `${r.expectation.pointer} · expect ${r.expectation.expect} · check gave ${r.expectation.status}${r.expectation.until ? ` · until ${r.expectation.until}` : ''}`,
            ],
          ]
        : []),
    ];
    for (const [k, v] of rows) {
      if (v === undefined) continue;
      const tr = el('tr');
      tr.appendChild(el('th', '', k));
      tr.appendChild(el('td', '', v));
      src.appendChild(tr);
    }
    box.appendChild(src);
    if (r.findings?.length) box.appendChild(findingsBlock(r.findings));
    if (r.data) box.appendChild(el('pre', 'code data', JSON.stringify(r.data, null, 2)));
    if (r.evidence.length === 0) box.appendChild(el('p', 'note', 'No exchanges recorded for this result.'));
    for (const x of r.evidence) box.appendChild(exchangeBlock(x));
    return box;
  }

  function row(r) {
    const item = el('div', `row ${r.status}`);
    item.id = `r-${r.id}`;
    item.setAttribute('role', 'listitem');
    item.dataset.status = r.status;
    const head = el('div', 'rhead');
    head.tabIndex = 0;
    head.setAttribute('aria-expanded', 'false');
    head.appendChild(el('span', `badge ${r.status}`, r.status));
    if (r.baseline === 'new' || r.baseline === 'fixed') {
      head.appendChild(el('span', `badge bl-${r.baseline}`, r.baseline === 'new' ? 'new' : 'fixed'));
    }
    head.appendChild(el('span', 'rapi', r.api));
    head.appendChild(el('span', 'rop', r.operation));
    head.appendChild(el('span', 'rcheck', r.check));
    head.appendChild(el('span', 'rmsg', r.message));
    if (r.expectation && !r.expectation.expired)
      head.appendChild(el('span', 'rreason', `expected: ${r.expectation.reason}`));
    const link = el('a', 'anchor', '#');
    link.href = anchorOf(r.id);
    link.title = 'link to this result';
    head.appendChild(link);
    item.appendChild(head);
    const toggle = () => {
      if (expanded.has(r.id)) expanded.delete(r.id);
      else expanded.add(r.id);
      draw(item, r);
    };
    head.addEventListener('click', (event) => {
      if (event.target === link) return;
      toggle();
    });
    head.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        toggle();
      }
    });
    draw(item, r);
    return item;
  }

  function draw(item, r) {
    const open = expanded.has(r.id);
    item.classList.toggle('open', open);
    item.firstChild.setAttribute('aria-expanded', String(open));
    const old = item.querySelector('.details');
    if (old) old.remove();
    if (open) item.appendChild(details(r));
  }

  function render() {
    const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
    page = Math.min(Math.max(0, page), pages - 1);
    const slice = filtered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    list.replaceChildren(...slice.map(row));
    shown.textContent =
      filtered.length === 0
        ? `No results match (of ${all.length}).`
        : `Showing ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + slice.length} of ${filtered.length} matching results (${all.length} in the run).`;
    pager.replaceChildren();
    if (pages > 1) {
      const button = (label, target, disabled) => {
        const b = el('button', '', label);
        b.type = 'button';
        b.disabled = disabled;
        b.addEventListener('click', () => {
          page = target;
          render();
          list.scrollIntoView({ block: 'start' });
        });
        return b;
      };
      pager.appendChild(button('« first', 0, page === 0));
      pager.appendChild(button('‹ previous', page - 1, page === 0));
      pager.appendChild(el('span', 'pageno', `page ${page + 1} of ${pages}`));
      pager.appendChild(button('next ›', page + 1, page === pages - 1));
      pager.appendChild(button('last »', pages - 1, page === pages - 1));
    }
  }

  function refresh() {
    applyFilters();
    page = 0;
    render();
  }

  function resetFilters() {
    fApi.value = '';
    fCheck.value = '';
    fText.value = '';
    if (fBaseline) fBaseline.value = '';
    for (const b of statusBoxes) b.checked = true;
  }

  /** Shows the result a #r-<id> fragment names: widens the filters if they hide it. */
  function followHash() {
    const hash = location.hash;
    if (!hash.startsWith('#r-')) return;
    let id;
    try {
      id = decodeURIComponent(hash.slice(3));
    } catch {
      return;
    }
    if (!byId.has(id)) return;
    let index = filtered.findIndex((r) => r.id === id);
    if (index < 0) {
      resetFilters();
      applyFilters();
      index = filtered.findIndex((r) => r.id === id);
      if (index < 0) return;
    }
    page = Math.floor(index / PAGE_SIZE);
    expanded.add(id);
    render();
    const target = document.getElementById(`r-${id}`);
    if (target) {
      for (const old of document.querySelectorAll('.row.target')) old.classList.remove('target');
      target.classList.add('target');
      target.scrollIntoView({ block: 'start' });
    }
  }

  for (const control of [fApi, fCheck, fBaseline, ...statusBoxes]) {
    if (control) control.addEventListener('change', refresh);
  }
  fText.addEventListener('input', refresh);
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('f-reset').addEventListener('click', () => {
    resetFilters();
    refresh();
  });
  for (const link of document.querySelectorAll('a.oplink')) {
    link.addEventListener('click', () => {
      resetFilters();
      fApi.value = link.getAttribute('data-api');
      fText.value = link.getAttribute('data-text');
      refresh();
    });
  }
  for (const cell of document.querySelectorAll('td.cell[data-check]')) {
    cell.addEventListener('click', () => {
      resetFilters();
      fApi.value = cell.getAttribute('data-api');
      fCheck.value = cell.getAttribute('data-check');
      refresh();
      $('results').scrollIntoView({ block: 'start' });
    });
  }
  window.addEventListener('hashchange', followHash);
  // A link to the result already in the address bar fires no hashchange: follow it anyway.
  document.addEventListener('click', (event) => {
    const a = event.target.closest ? event.target.closest('a[href^="#r-"]') : null;
    if (a && a.getAttribute('href') === location.hash) followHash();
  });
  applyFilters();
  render();
  followHash();
})();
