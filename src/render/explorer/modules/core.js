// The explorer's core: what it knows of the graph, how it builds elements,
// asks the API and spells its URLs. Every other module imports from here;
// this one imports nothing.
export const STATUSES = ['asserted', 'alleged', 'suspected'];
export const STATUS_HELP = {
  asserted: 'stated as fact by the claimant',
  alleged: 'someone’s testimony or accusation, reported',
  suspected: 'an inference or suspicion of the claimant',
};
export const STARTS = ['leon-trotsky', 'louis-budenz', 'stalin', 'jacson', 'plot-against-trotsky', 'gpu'];

export const known = {
  entities: new Map(),
  predicates: new Map(),
  sources: new Map(),
  // How many sources the graph holds; `sources` has the first thousand.
  sourceCount: 0,
  // Claims fetched by id: what the claims about claims shown are about.
  claims: new Map(),
};

/** What the `contested` filter may be, and what it is when absent. */
export const CONTESTED = ['include', 'exclude', 'only'];
export const CONTESTED_HELP = 'another claim disputes, denies or retracts it';

// ---------------------------------------------------------------- DOM

/** Builds an element: h('a', {href: '#/'}, 'text', child, …). */
export function h(tag, attrs, ...children) {
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

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const view = () => document.getElementById('view');

export function show(...children) {
  const target = view();
  target.replaceChildren();
  append(target, children);
}

/** Puts the keyboard focus on the view's heading, as a page load would. */
export function focusHeading() {
  const heading = view().querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------- data

export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `the server answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path) {
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

export async function loadBasics() {
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

export const nameOf = (id) => (known.entities.get(id) || { name: id }).name;

// Fetches the names of the entities among `ids` not yet known, up to 100
// a request, all at once: a large graph's names are not all loaded first.
export async function ensureNames(ids) {
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

/** Whether a predicate's claims are about a claim: their object is a claim id. */
export const isAboutClaims = (predicate) => (known.predicates.get(predicate) || {}).about === 'claim';

// The entities a list of claims names: both ends (but a claim id) and the claimant.
export const claimEnds = (claims) =>
  claims.flatMap((c) => [c.subject, isAboutClaims(c.predicate) ? null : c.object, c.claimed_by]);
export const label = (id) => (known.predicates.get(id) || { label: id }).label;
export const inverseLabel = (id) => (known.predicates.get(id) || { inverse_label: id }).inverse_label;

// ---------------------------------------------------------------- URLs

export function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { route: parts[0] || '', id: parts[1] || '', params: new URLSearchParams(query || '') };
}

export function hashFor(route, id, params) {
  let hash = `#/${route}`;
  if (id) hash += `/${encodeURIComponent(id)}`;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') query.set(k, v);
  }
  const q = query.toString();
  return q ? `${hash}?${q.replace(/%2C/g, ',')}` : hash;
}

export const entityHref = (id, params) => hashFor('entity', id, params);
export const claimHref = (id) => hashFor('claim', id);

export function sourceHref(citation, claimId) {
  return hashFor('source', citation.source, {
    start: citation.start,
    end: citation.end,
    claim: claimId,
  });
}

/** The statuses of a `status` parameter; all when absent or invalid. */
export function statusesOf(params) {
  const chosen = (params.get('status') || '').split(',').filter((s) => STATUSES.includes(s));
  return chosen.length ? chosen : STATUSES.slice();
}

/** The `status` parameter for a choice: nothing when all are chosen. */
export const statusParam = (chosen) => (chosen.length === STATUSES.length ? '' : chosen.join(','));

/** The `contested` parameter: include, exclude or only; include when absent or invalid. */
export function contestedOf(params) {
  const chosen = params.get('contested');
  return CONTESTED.includes(chosen) ? chosen : 'include';
}

/** The `contested` parameter for a choice: nothing for the default. */
export const contestedParam = (chosen) => (chosen === 'include' ? '' : chosen);

/** Whether a claim passes the `contested` filter, as the API's does. */
export const admitsContested = (chosen, claim) => chosen === 'include' || (chosen === 'only') === Boolean(claim.contested);

/** The query string of a path or neighborhood's filters, `&`-led, empty when none. */
export function filterQuery(statuses, contested) {
  const status = statusParam(statuses);
  return `${status ? `&status=${status}` : ''}${contestedParam(contested) ? `&contested=${contested}` : ''}`;
}

export const relationsHref = (a, b) => hashFor('relations', '', { a, b });

/**
 * Fetches the claims among `ids` not yet known, at most 40 of them, and the
 * names they need: a claim about a claim reads with what it is about.
 */
export async function ensureClaims(ids) {
  const missing = [...new Set(ids)].filter((id) => id && !known.claims.has(id)).slice(0, 40);
  const bodies = await Promise.all(
    missing.map((id) => api(`/api/v1/claims/${encodeURIComponent(id)}`).catch(() => null)),
  );
  const found = bodies.filter(Boolean).map((b) => b.claim);
  for (const claim of found) known.claims.set(claim.id, claim);
  await ensureNames(claimEnds(found));
}

/** A claim as words: "Louis Budenz testified about Earl Browder". */
export function claimWords(claim) {
  const object = isAboutClaims(claim.predicate) ? aboutWords(claim.object) : nameOf(claim.object);
  return `${nameOf(claim.subject)} ${label(claim.predicate)} ${object}`;
}

/** The claim `id` as words in quotes when known, else its id. */
export function aboutWords(id) {
  const claim = known.claims.get(id);
  return claim ? `“${claimWords(claim)}”` : `the claim ${id}`;
}

