// The claimgraph explorer: vanilla JavaScript over the JSON and SVG API.
//
// Every view lives in the URL hash, so any view can be shared and the
// browser's back and forward buttons work:
//   #/                                    home
//   #/entity/{id}?depth=1&status=asserted an entity, its picture and claims
//   #/claim/{id}                          one claim and its quotes
//   #/paths?from=a&to=b&status=…          paths between two entities
//   #/source/{id}?start=…&end=…&claim=…   a source with a passage marked
//
// The page is served with a Content-Security-Policy that forbids inline
// scripts and styles: nothing here writes HTML from strings except the
// server's own SVG drawings, parsed as XML.
'use strict';

(function () {
  const STATUSES = ['asserted', 'alleged', 'suspected'];
  const STATUS_HELP = {
    asserted: 'stated as fact by the claimant',
    alleged: 'someone’s testimony or accusation, reported',
    suspected: 'an inference or suspicion of the claimant',
  };
  const STARTS = ['leon-trotsky', 'louis-budenz', 'stalin', 'jacson', 'plot-against-trotsky', 'gpu'];

  const known = {
    entities: new Map(),
    predicates: new Map(),
    sources: new Map(),
    // How many sources the graph holds; `sources` has the first thousand.
    sourceCount: 0,
  };

  // ---------------------------------------------------------------- DOM

  /** Builds an element: h('a', {href: '#/'}, 'text', child, …). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const view = () => document.getElementById('view');

  function show(...children) {
    const target = view();
    target.replaceChildren();
    append(target, children);
  }

  /** Puts the keyboard focus on the view's heading, as a page load would. */
  function focusHeading() {
    const heading = view().querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }

  // ---------------------------------------------------------------- data

  class Problem extends Error {
    constructor(status, body) {
      super((body && (body.detail || body.title)) || `the server answered ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) throw new Problem(response.status, body);
    return body;
  }

  async function loadBasics() {
    const [predicates, sources] = await Promise.all([api('/api/v1/predicates'), api('/api/v1/sources?limit=1000')]);
    for (const p of predicates.items) known.predicates.set(p.id, p);
    for (const s of sources.items) known.sources.set(s.id, s);
    known.sourceCount = sources.total;
    // Names for the first 10,000 entities, so that claims read as sentences
    // without a request: a page of 1,000, then the rest four pages at a
    // time. The views ask for the others they show (ensureNames).
    const PAGE = 1000;
    const first = await api(`/api/v1/entities?limit=${PAGE}`);
    const keep = (page) => {
      for (const e of page.items) known.entities.set(e.id, e);
    };
    keep(first);
    const offsets = [];
    for (let offset = PAGE; offset < Math.min(first.total, 10000); offset += PAGE) offsets.push(offset);
    for (let i = 0; i < offsets.length; i += 4) {
      const pages = await Promise.all(
        offsets.slice(i, i + 4).map((offset) => api(`/api/v1/entities?limit=${PAGE}&offset=${offset}`)),
      );
      pages.forEach(keep);
    }
  }

  const nameOf = (id) => (known.entities.get(id) || { name: id }).name;

  // Fetches the names of the entities among `ids` not yet known, up to 100
  // a request, all at once: a large graph's names are not all loaded first.
  async function ensureNames(ids) {
    const missing = [...new Set(ids)].filter((id) => id && !known.entities.has(id));
    const requests = [];
    for (let i = 0; i < missing.length; i += 100) {
      const list = missing.slice(i, i + 100).map(encodeURIComponent).join(',');
      requests.push(api(`/api/v1/entities?ids=${list}`));
    }
    for (const page of await Promise.all(requests)) {
      for (const e of page.items) known.entities.set(e.id, e);
    }
  }

  // The entities a list of claims names: both ends and the claimant.
  const claimEnds = (claims) => claims.flatMap((c) => [c.subject, c.object, c.claimed_by]);
  const label = (id) => (known.predicates.get(id) || { label: id }).label;
  const inverseLabel = (id) => (known.predicates.get(id) || { inverse_label: id }).inverse_label;

  // ---------------------------------------------------------------- URLs

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, query] = raw.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { route: parts[0] || '', id: parts[1] || '', params: new URLSearchParams(query || '') };
  }

  function hashFor(route, id, params) {
    let hash = `#/${route}`;
    if (id) hash += `/${encodeURIComponent(id)}`;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== '') query.set(k, v);
    }
    const q = query.toString();
    return q ? `${hash}?${q.replace(/%2C/g, ',')}` : hash;
  }

  const entityHref = (id, params) => hashFor('entity', id, params);
  const claimHref = (id) => hashFor('claim', id);

  function sourceHref(citation, claimId) {
    return hashFor('source', citation.source, {
      start: citation.start,
      end: citation.end,
      claim: claimId,
    });
  }

  /** The statuses of a `status` parameter; all when absent or invalid. */
  function statusesOf(params) {
    const chosen = (params.get('status') || '').split(',').filter((s) => STATUSES.includes(s));
    return chosen.length ? chosen : STATUSES.slice();
  }

  /** The `status` parameter for a choice: nothing when all are chosen. */
  const statusParam = (chosen) => (chosen.length === STATUSES.length ? '' : chosen.join(','));

  // ---------------------------------------------------------------- pieces

  function typeBadge(type) {
    return h('span', { class: `type type-${type}` }, type);
  }

  function statusBadge(status) {
    return h('span', { class: `status status-${status}`, title: STATUS_HELP[status] }, status);
  }

  function entityLink(id, params) {
    return h('a', { href: entityHref(id, params), class: 'entity-link' }, nameOf(id));
  }

  /** A claim as a sentence, its status, claimant and quotes. */
  function claimItem(claim, options) {
    const opts = options || {};
    const params = opts.params || {};
    const sentence = h(
      'p',
      { class: 'claim-line' },
      entityLink(claim.subject, params),
      ' ',
      h('span', { class: 'predicate' }, label(claim.predicate)),
      ' ',
      entityLink(claim.object, params),
    );
    const meta = h(
      'p',
      { class: 'claim-meta' },
      statusBadge(claim.status),
      ' claimed by ',
      entityLink(claim.claimed_by, params),
      claim.date ? ` · ${claim.date}` : '',
      ' · ',
      h('a', { href: claimHref(claim.id), class: 'claim-link', 'aria-label': `The claim ${claim.id}` }, 'claim'),
    );
    const quotes = claim.citations.map((c) => quoteBlock(c, claim.id));
    return h(
      opts.tag || 'li',
      { class: `claim claim-${claim.status}`, 'data-claim': claim.id },
      sentence,
      meta,
      claim.note ? h('p', { class: 'claim-note' }, claim.note) : null,
      quotes,
    );
  }

  function quoteBlock(citation, claimId) {
    const source = known.sources.get(citation.source);
    return h(
      'blockquote',
      { class: 'quote' },
      h(
        'a',
        {
          href: sourceHref(citation, claimId),
          class: 'quote-link',
          title: `Open ${source ? source.title : citation.source} at this passage`,
        },
        `“${citation.quote}”`,
      ),
      h('span', { class: 'quote-source' }, `— ${source ? source.title : citation.source}`),
    );
  }

  function problemBox(error) {
    const box = h('div', { class: 'problem', role: 'alert' }, h('p', {}, h('strong', {}, 'Sorry: '), error.message));
    const suggestions = error.body && error.body.suggestions;
    if (suggestions && suggestions.length) {
      box.append(
        h(
          'p',
          {},
          'Did you mean ',
          suggestions.slice(0, 3).flatMap((s, i) => [i ? ', ' : '', h('a', { href: entityHref(s.id) }, s.name)]),
          '?',
        ),
      );
    }
    return box;
  }

  /** Three checkboxes for the statuses; calls `onChange(chosen)`. */
  function statusFieldset(chosen, onChange, idPrefix) {
    const boxes = STATUSES.map((status) => {
      const input = h('input', {
        type: 'checkbox',
        id: `${idPrefix}-${status}`,
        name: 'status',
        value: status,
        checked: chosen.includes(status),
      });
      return { status, input };
    });
    const fieldset = h(
      'fieldset',
      { class: 'statuses' },
      h('legend', {}, 'Statuses'),
      boxes.map(({ status, input }) =>
        h('label', { for: input.id, class: `check status-check-${status}` }, input, ' ', statusBadge(status)),
      ),
    );
    for (const { input } of boxes) {
      input.addEventListener('change', () => {
        let picked = boxes.filter((b) => b.input.checked).map((b) => b.status);
        if (picked.length === 0) {
          // No status would show nothing at all; keep the one just unticked.
          input.checked = true;
          picked = [input.value];
        }
        if (onChange) onChange(picked);
      });
    }
    fieldset.chosen = () => boxes.filter((b) => b.input.checked).map((b) => b.status);
    return fieldset;
  }

  /** Fetches a drawing and puts it in `figure`, with its links handled here. */
  async function drawInto(figure, url, onEntity) {
    figure.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { headers: { Accept: 'image/svg+xml' } });
      const text = await response.text();
      if (!response.ok) {
        let body = null;
        try {
          body = JSON.parse(text);
        } catch (_) {
          body = null;
        }
        throw new Problem(response.status, body);
      }
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const svg = doc.documentElement;
      if (svg.nodeName !== 'svg') throw new Error('the drawing could not be read');
      const node = document.importNode(svg, true);
      node.removeAttribute('aria-labelledby');
      node.setAttribute('aria-label', (svg.querySelector('title') || {}).textContent || 'Drawing');
      figure.replaceChildren(node);
    } catch (error) {
      figure.replaceChildren(problemBox(error));
    } finally {
      figure.removeAttribute('aria-busy');
    }
    figure.onclick = (event) => {
      const link = event.target.closest && event.target.closest('a');
      if (!link) return;
      const entity = link.getAttribute('data-entity');
      const claim = link.getAttribute('data-claim');
      if (entity) {
        event.preventDefault();
        onEntity(entity);
      } else if (claim) {
        event.preventDefault();
        location.hash = claimHref(claim);
      }
    };
  }

  // ---------------------------------------------------------------- search

  /**
   * Makes `input` a combobox over entity search: suggestions as one types,
   * arrow keys to move, Enter to choose, Escape to close. `onChoose(entity)`
   * gets the chosen search item.
   */
  function combobox(input, list, onChoose) {
    let items = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function mark(index) {
      active = index;
      list.querySelectorAll('[role=option]').forEach((option, i) => {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false');
        if (i === index) {
          input.setAttribute('aria-activedescendant', option.id);
          option.scrollIntoView({ block: 'nearest' });
        }
      });
    }

    function choose(index) {
      const item = items[index];
      if (!item) return;
      close();
      onChoose(item);
    }

    async function suggest() {
      const q = input.value.trim();
      const ticket = ++asked;
      if (!q) {
        items = [];
        close();
        return;
      }
      let page;
      try {
        page = await api(`/api/v1/entities?limit=8&q=${encodeURIComponent(q)}`);
      } catch (_) {
        return;
      }
      if (ticket !== asked) return;
      items = page.items;
      list.replaceChildren();
      if (!items.length) {
        list.append(h('li', { class: 'empty', role: 'presentation' }, `Nothing matches “${q}”`));
      }
      items.forEach((item, i) => {
        const viaAlias = item.matched && item.matched !== item.name;
        list.append(
          h(
            'li',
            {
              id: `${list.id}-${i}`,
              role: 'option',
              'aria-selected': 'false',
              class: 'suggestion',
              onmousedown: (event) => event.preventDefault(),
              onclick: () => choose(i),
            },
            h('span', { class: 'suggestion-name' }, item.name),
            ' ',
            typeBadge(item.type),
            viaAlias ? h('span', { class: 'suggestion-alias' }, `matched alias “${item.matched}”`) : null,
          ),
        );
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
    }

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        if (list.hidden) suggest();
        else if (items.length) mark((active + 1) % items.length);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        if (items.length) mark(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === 'Enter') {
        if (!list.hidden && items.length) {
          event.preventDefault();
          choose(active >= 0 ? active : 0);
        }
      } else if (event.key === 'Escape') {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
    return {
      close,
      /** The best match for what is typed, for a form sent without choosing. */
      async best() {
        const q = input.value.trim();
        if (!q) return null;
        const page = await api(`/api/v1/entities?limit=1&q=${encodeURIComponent(q)}`);
        return page.items[0] || null;
      },
    };
  }

  function setUpSearch() {
    const input = document.getElementById('search');
    const list = document.getElementById('search-suggestions');
    const box = combobox(input, list, (item) => {
      input.value = '';
      location.hash = entityHref(item.id);
    });
    document.getElementById('search-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const item = await box.best().catch(() => null);
      if (item) {
        input.value = '';
        box.close();
        location.hash = entityHref(item.id);
      }
    });
  }

  // ---------------------------------------------------------------- views

  async function homeView() {
    const health = await api('/health');
    const sources = [...known.sources.values()].slice(0, 5);
    const more = known.sourceCount - sources.length;
    await ensureNames(sources.map((s) => s.author));
    const starts = STARTS.filter((id) => known.entities.has(id));
    const firstFew = starts.length ? starts : [...known.entities.keys()].slice(0, 6);
    show(
      h(
        'section',
        { class: 'home' },
        h('h1', {}, 'Who says what, in whose words'),
        h(
          'p',
          { class: 'lead' },
          `This graph holds ${health.counts.entities} people, organizations, places, events and works, joined by ${health.counts.claims} claims. `,
          'Each claim says who makes it, how firmly, and quotes the exact words of its source.',
        ),
        sources.length
          ? h(
              'p',
              {},
              'Source: ',
              sources.map((s, i) => [
                i ? '; ' : '',
                h('cite', {}, s.title),
                ` by ${nameOf(s.author)}, ${s.date}`,
                s.published_in ? ` (${s.published_in})` : '',
              ]),
              more ? `; and ${more} more` : '',
              '.',
            )
          : null,
        h('h2', {}, 'Start with'),
        h(
          'ul',
          { class: 'starts' },
          firstFew.map((id) => {
            const e = known.entities.get(id);
            return h('li', {}, h('a', { href: entityHref(id), class: 'start' }, h('span', {}, e.name), typeBadge(e.type)));
          }),
        ),
        h(
          'p',
          {},
          'Or search above — aliases work too — or ',
          h('a', { href: hashFor('paths') }, 'find how two entities are connected'),
          '.',
        ),
        h('h2', {}, 'How firmly a claim is made'),
        h(
          'dl',
          { class: 'legend' },
          STATUSES.map((s) => [h('dt', {}, statusBadge(s)), h('dd', {}, STATUS_HELP[s])]),
        ),
      ),
    );
  }

  function groupClaims(claims, outward) {
    const groups = new Map();
    for (const claim of claims) {
      const key = outward ? label(claim.predicate) : inverseLabel(claim.predicate);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(claim);
    }
    return groups;
  }

  async function entityView(id, params) {
    const depth = ['1', '2', '3'].includes(params.get('depth')) ? params.get('depth') : '1';
    const statuses = statusesOf(params);
    const status = statusParam(statuses);
    const here = { depth: depth === '1' ? '' : depth, status };
    const [detail, made] = await Promise.all([
      api(`/api/v1/entities/${encodeURIComponent(id)}`),
      api(`/api/v1/claims?claimed_by=${encodeURIComponent(id)}&limit=500`),
    ]);
    await ensureNames(claimEnds([...detail.claims_out, ...detail.claims_in, ...made.items]));
    const e = detail.entity;
    known.entities.set(e.id, e);
    document.title = `${e.name} · claimgraph`;

    const keep = (c) => statuses.includes(c.status);
    const about = [...detail.claims_out, ...detail.claims_in];
    const shown = about.filter(keep).length;
    const hidden = about.length - shown;
    const total = detail.page ? detail.page.total.claims_out + detail.page.total.claims_in : about.length;

    const figure = h('figure', { class: 'picture', id: 'neighborhood' });
    const svgUrl = `/api/v1/entities/${encodeURIComponent(id)}/neighborhood.svg?depth=${depth}${status ? `&status=${status}` : ''}`;
    const depthSelect = h(
      'select',
      {
        id: 'depth',
        onchange: (event) => {
          location.hash = entityHref(id, { ...here, depth: event.target.value === '1' ? '' : event.target.value });
        },
      },
      ['1', '2', '3'].map((d) => h('option', { value: d, selected: d === depth }, d === '1' ? '1 claim away' : `${d} claims away`)),
    );
    const controls = h(
      'form',
      { class: 'controls', 'aria-label': 'What the picture shows', onsubmit: (event) => event.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'depth' }, 'Depth'), depthSelect),
      statusFieldset(
        statuses,
        (picked) => {
          location.hash = entityHref(id, { ...here, status: statusParam(picked) });
        },
        'entity-status',
      ),
    );

    const sections = [];
    const outGroups = groupClaims(detail.claims_out.filter(keep), true);
    const inGroups = groupClaims(detail.claims_in.filter(keep), false);
    const groupSections = [...outGroups, ...inGroups].map(([heading, claims]) =>
      h(
        'section',
        { class: 'group' },
        h('h3', {}, heading, h('span', { class: 'count' }, ` ${claims.length}`)),
        h('ul', { class: 'claims' }, claims.map((c) => claimItem(c, { params: here }))),
      ),
    );
    sections.push(
      h(
        'section',
        { class: 'about', 'aria-labelledby': 'about-heading' },
        h('h2', { id: 'about-heading' }, `What the source says about ${e.name}`),
        total > about.length
          ? h('p', { class: 'hint' }, `The first ${about.length} of ${total} claims.`)
          : null,
        hidden
          ? h('p', { class: 'hint' }, `${hidden} claim${hidden === 1 ? '' : 's'} hidden by the status filter.`)
          : null,
        groupSections.length ? groupSections : h('p', { class: 'hint' }, 'No claims with these statuses.'),
      ),
    );
    const madeShown = made.items.filter(keep);
    if (made.items.length) {
      sections.push(
        h(
          'section',
          { class: 'made', 'aria-labelledby': 'made-heading' },
          h('h2', { id: 'made-heading' }, `Claims ${e.name} makes`),
          madeShown.length
            ? h('ul', { class: 'claims' }, madeShown.map((c) => claimItem(c, { params: here })))
            : h('p', { class: 'hint' }, 'None with these statuses.'),
        ),
      );
    }

    show(
      h(
        'article',
        { class: 'entity' },
        h(
          'header',
          { class: 'entity-head' },
          h('p', { class: 'kicker' }, typeBadge(e.type), e.date ? h('span', { class: 'date' }, e.date) : null),
          h('h1', {}, e.name),
          h('p', { class: 'description' }, e.description),
          e.aliases.length
            ? h(
                'p',
                { class: 'aliases' },
                h('span', { class: 'label' }, 'Also called '),
                e.aliases.map((a, i) => [i ? ', ' : '', h('span', { class: 'alias' }, a)]),
              )
            : null,
          e.note ? h('p', { class: 'note' }, e.note) : null,
          h(
            'p',
            { class: 'actions' },
            h('a', { class: 'button', href: hashFor('paths', '', { from: id }) }, `Find paths from ${e.name}`),
          ),
        ),
        h(
          'section',
          { class: 'connections', 'aria-labelledby': 'connections-heading' },
          h('h2', { id: 'connections-heading' }, 'Connections'),
          controls,
          figure,
          h(
            'p',
            { class: 'hint' },
            'Select a box to move to it, an arrow to read its claim. ',
            h('a', { href: svgUrl, target: '_blank', rel: 'noopener' }, 'Open the picture on its own'),
            '.',
          ),
        ),
        sections,
      ),
    );
    await drawInto(figure, svgUrl, (other) => {
      location.hash = entityHref(other, here);
    });
  }

  async function claimView(id) {
    const { claim } = await api(`/api/v1/claims/${encodeURIComponent(id)}`);
    await ensureNames(claimEnds([claim]));
    document.title = `${nameOf(claim.subject)} ${label(claim.predicate)} ${nameOf(claim.object)} · claimgraph`;
    show(
      h(
        'article',
        { class: 'claim-view' },
        h('p', { class: 'kicker' }, 'Claim ', h('code', {}, claim.id)),
        h('h1', {}, `${nameOf(claim.subject)} ${label(claim.predicate)} ${nameOf(claim.object)}`),
        h('ul', { class: 'claims single' }, claimItem(claim)),
        h(
          'p',
          { class: 'actions' },
          h('a', { class: 'button', href: hashFor('paths', '', { from: claim.subject, to: claim.object }) }, 'Paths between them'),
        ),
      ),
    );
  }

  async function pathsView(params) {
    document.title = 'Find paths · claimgraph';
    const from = params.get('from') || '';
    const to = params.get('to') || '';
    await ensureNames([from, to]).catch(() => {});
    const statuses = statusesOf(params);
    const maxLength = /^[1-8]$/.test(params.get('max_length') || '') ? params.get('max_length') : '4';
    const chosen = { from, to };

    function endField(which, text) {
      const input = h('input', {
        id: `path-${which}`,
        type: 'text',
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': `path-${which}-suggestions`,
        autocomplete: 'off',
        spellcheck: 'false',
        value: chosen[which] ? nameOf(chosen[which]) : '',
        placeholder: which === 'from' ? 'e.g. Louis Budenz' : 'e.g. Leon Trotsky',
      });
      const list = h('ul', { id: `path-${which}-suggestions`, class: 'suggestions', role: 'listbox', hidden: true, 'aria-label': 'Matching entities' });
      const box = combobox(input, list, (item) => {
        chosen[which] = item.id;
        input.value = item.name;
      });
      input.addEventListener('input', () => {
        chosen[which] = '';
      });
      return { box, input, field: h('div', { class: 'field' }, h('label', { for: input.id }, text), h('div', { class: 'combo' }, input, list)) };
    }

    const a = endField('from', 'From');
    const b = endField('to', 'To');
    const statusBoxes = statusFieldset(statuses, null, 'path-status');
    const lengthSelect = h(
      'select',
      { id: 'max-length' },
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => h('option', { value: n, selected: String(n) === maxLength }, `${n}`)),
    );
    const message = h('p', { class: 'form-message', role: 'status' });
    const form = h(
      'form',
      {
        class: 'path-form',
        'aria-label': 'Find paths',
        onsubmit: async (event) => {
          event.preventDefault();
          message.textContent = '';
          for (const [which, field] of [['from', a], ['to', b]]) {
            if (!chosen[which]) {
              const best = await field.box.best().catch(() => null);
              if (!best) {
                message.textContent = `Choose where the paths ${which === 'from' ? 'start' : 'end'}.`;
                field.input.focus();
                return;
              }
              chosen[which] = best.id;
              field.input.value = best.name;
            }
          }
          location.hash = hashFor('paths', '', {
            from: chosen.from,
            to: chosen.to,
            status: statusParam(statusBoxes.chosen()),
            max_length: lengthSelect.value === '4' ? '' : lengthSelect.value,
          });
        },
      },
      h('div', { class: 'ends' }, a.field,
        h('button', {
          type: 'button',
          class: 'swap',
          'aria-label': 'Swap from and to',
          title: 'Swap from and to',
          onclick: () => {
            [chosen.from, chosen.to] = [chosen.to, chosen.from];
            [a.input.value, b.input.value] = [b.input.value, a.input.value];
          },
        }, '⇄'),
        b.field),
      h('div', { class: 'options' },
        statusBoxes,
        h('div', { class: 'field' }, h('label', { for: 'max-length' }, 'At most this many claims'), lengthSelect),
        h('button', { type: 'submit', class: 'primary' }, 'Find paths')),
      message,
    );
    const results = h('section', { class: 'results', 'aria-labelledby': 'results-heading' });
    show(h('section', { class: 'paths-view' }, h('h1', {}, 'Find paths'), h('p', { class: 'lead' }, 'How two entities are connected, claim by quoted claim.'), form, results));
    if (!from || !to) return;

    const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&max_length=${maxLength}${statusParam(statuses) ? `&status=${statusParam(statuses)}` : ''}`;
    let found;
    try {
      found = await api(`/api/v1/paths?${query}`);
      for (const path of found.paths) {
        for (const node of path.nodes) known.entities.set(node.id, node);
      }
      await ensureNames(claimEnds(found.paths.flatMap((path) => path.edges)));
    } catch (error) {
      results.replaceChildren(problemBox(error));
      return;
    }
    document.title = `${found.from.name} → ${found.to.name} · claimgraph`;
    const filter = statusParam(statuses) ? `${statuses.join(' and ')} claims only` : 'claims of every status';
    const count = found.paths.length;
    const figure = h('figure', { class: 'picture', id: 'paths-picture' });
    const params2 = { status: statusParam(statuses) };
    results.replaceChildren(
      h('h2', { id: 'results-heading' },
        count ? `${count} path${count === 1 ? '' : 's'} from ${found.from.name} to ${found.to.name}` : `No path from ${found.from.name} to ${found.to.name}`),
      h('p', { class: 'hint' }, `Using ${filter}, at most ${maxLength} claims long.`),
      figure,
      h('ol', { class: 'paths' },
        found.paths.map((path, n) =>
          h('li', { class: 'path' },
            h('h3', {}, `Path ${n + 1}`, h('span', { class: 'path-meta' }, ` · ${path.length} claim${path.length === 1 ? '' : 's'} · weakest `, statusBadge(path.weakest_status))),
            h('ol', { class: 'chain' },
              path.nodes.map((node, i) => [
                h('li', { class: 'chain-node' }, entityLink(node.id, params2), ' ', typeBadge(node.type)),
                i < path.edges.length ? claimItem(path.edges[i], { params: params2 }) : null,
              ])),
          ))),
    );
    await drawInto(figure, `/api/v1/paths.svg?${query}`, (other) => {
      location.hash = entityHref(other);
    });
  }

  async function sourceView(id, params) {
    const [passage, source] = await Promise.all([
      api(`/api/v1/sources/${encodeURIComponent(id)}/text`),
      api(`/api/v1/sources/${encodeURIComponent(id)}`).then((b) => b.source),
    ]);
    await ensureNames([source.author]);
    document.title = `${source.title} · claimgraph`;
    // Offsets count Unicode code points; Array.from splits by code point.
    const chars = Array.from(passage.text);
    const start = Math.max(0, Math.min(chars.length, parseInt(params.get('start'), 10) || 0));
    const endRaw = parseInt(params.get('end'), 10);
    const end = Math.max(start, Math.min(chars.length, Number.isNaN(endRaw) ? start : endRaw));
    const hasPassage = end > start;

    let cited = null;
    const claimId = params.get('claim');
    if (claimId) {
      try {
        const { claim } = await api(`/api/v1/claims/${encodeURIComponent(claimId)}`);
        await ensureNames(claimEnds([claim]));
        cited = h('aside', { class: 'cited', 'aria-label': 'The claim citing this passage' },
          h('p', { class: 'kicker' }, 'Cited by the claim'),
          h('ul', { class: 'claims single' }, claimItem(claim)));
      } catch (_) {
        cited = null;
      }
    }

    // Paragraphs are separated by blank lines; keep their offsets.
    const paragraphs = [];
    let at = 0;
    while (at < chars.length) {
      let stop = at;
      while (stop < chars.length && !(chars[stop] === '\n' && chars[stop + 1] === '\n')) stop++;
      paragraphs.push([at, stop]);
      at = stop;
      while (at < chars.length && chars[at] === '\n') at++;
    }
    let mark = null;
    const text = h('div', { class: 'source-text' },
      paragraphs.map(([from, to]) => {
        const p = h('p', {});
        if (hasPassage && start < to && end > from) {
          const a = Math.max(from, start);
          const b = Math.min(to, end);
          p.className = 'current';
          append(p, [chars.slice(from, a).join('')]);
          const m = h('mark', { id: mark ? null : 'passage' }, chars.slice(a, b).join(''));
          if (!mark) mark = m;
          append(p, [m, chars.slice(b, to).join('')]);
        } else {
          append(p, [chars.slice(from, to).join('')]);
        }
        return p;
      }));

    show(
      h('article', { class: 'source' },
        h('p', { class: 'crumbs' }, h('button', { type: 'button', class: 'link-button', onclick: () => history.back() }, '← Back')),
        h('p', { class: 'kicker' }, 'Source'),
        h('h1', {}, source.title),
        h('p', { class: 'source-meta' },
          `${nameOf(source.author)} · ${source.date}`,
          source.published_in ? ` · ${source.published_in}` : '',
          source.online_version ? ` · ${source.online_version}` : ''),
        source.note ? h('p', { class: 'note' }, source.note) : null,
        cited,
        hasPassage ? h('p', { class: 'hint' }, `The passage is marked below (code points ${start} to ${end}).`) : null,
        text),
    );
    if (mark) {
      mark.setAttribute('tabindex', '-1');
      mark.scrollIntoView({ block: 'center' });
      mark.focus({ preventScroll: true });
    }
  }

  // ---------------------------------------------------------------- router

  let rendering = 0;

  async function route() {
    const ticket = ++rendering;
    const { route: name, id, params } = parseHash();
    const previous = view().getAttribute('data-view');
    const key = `${name}/${id}`;
    const focused = document.activeElement && view().contains(document.activeElement) ? document.activeElement.id : '';
    try {
      view().setAttribute('aria-busy', 'true');
      if (name === 'entity' && id) await entityView(id, params);
      else if (name === 'claim' && id) await claimView(id);
      else if (name === 'paths') await pathsView(params);
      else if (name === 'source' && id) await sourceView(id, params);
      else {
        document.title = 'claimgraph explorer';
        await homeView();
      }
    } catch (error) {
      if (ticket !== rendering) return;
      show(h('h1', {}, 'That could not be shown'), problemBox(error), h('p', {}, h('a', { href: '#/' }, 'Back to the start')));
    } finally {
      view().removeAttribute('aria-busy');
    }
    if (ticket !== rendering) return;
    view().setAttribute('data-view', key);
    // A new page takes the focus to its heading; a new filter on the same
    // page leaves it where it was. A source view focuses its passage.
    if (name !== 'source' && previous !== key) focusHeading();
    else if (previous === key && focused && document.getElementById(focused)) {
      document.getElementById(focused).focus({ preventScroll: true });
    }
  }

  async function start() {
    setUpSearch();
    try {
      await loadBasics();
    } catch (error) {
      show(h('h1', {}, 'The explorer could not start'), problemBox(error));
      return;
    }
    window.addEventListener('hashchange', route);
    await route();
  }

  start();
})();
