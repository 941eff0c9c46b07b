// The views of the explorer but the claim and relations views: home, an
// entity with its picture and claims, and the paths between two entities.
// Each filters by status and by whether a claim is contested.
import {
  STATUSES,
  STATUS_HELP,
  CONTESTED_HELP,
  STARTS,
  known,
  h,
  show,
  api,
  nameOf,
  ensureNames,
  ensureClaims,
  claimEnds,
  label,
  inverseLabel,
  hashFor,
  entityHref,
  relationsHref,
  statusesOf,
  statusParam,
  contestedOf,
  contestedParam,
  admitsContested,
  filterQuery,
  isAboutClaims,
} from './core.js';
import {
  typeBadge,
  statusBadge,
  contestedBadge,
  entityLink,
  claimItem,
  problemBox,
  statusFieldset,
  contestedField,
  drawInto,
} from './pieces.js';
import { entityField } from './search.js';
import { relationsForm } from './disagreement.js';

export async function homeView() {
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
        h('dt', {}, contestedBadge()),
        h('dd', {}, `${CONTESTED_HELP}; its page says who, in their words`),
      ),
    ),
  );
}

export function groupClaims(claims, outward) {
  const groups = new Map();
  for (const claim of claims) {
    const key = outward ? label(claim.predicate) : inverseLabel(claim.predicate);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(claim);
  }
  return groups;
}

export async function entityView(id, params) {
  const depth = ['1', '2', '3'].includes(params.get('depth')) ? params.get('depth') : '1';
  const statuses = statusesOf(params);
  const status = statusParam(statuses);
  const contested = contestedOf(params);
  const here = { depth: depth === '1' ? '' : depth, status, contested: contestedParam(contested) };
  const [detail, made] = await Promise.all([
    api(`/api/v1/entities/${encodeURIComponent(id)}`),
    api(`/api/v1/claims?claimed_by=${encodeURIComponent(id)}&limit=500`),
  ]);
  const listed = [...detail.claims_out, ...detail.claims_in, ...made.items];
  await ensureNames(claimEnds(listed));
  await ensureClaims(listed.filter((c) => isAboutClaims(c.predicate)).map((c) => c.object));
  const e = detail.entity;
  known.entities.set(e.id, e);
  document.title = `${e.name} · claimgraph`;

  const keep = (c) => statuses.includes(c.status) && admitsContested(contested, c);
  const about = [...detail.claims_out, ...detail.claims_in];
  const shown = about.filter(keep).length;
  const hidden = about.length - shown;
  const total = detail.page ? detail.page.total.claims_out + detail.page.total.claims_in : about.length;

  const figure = h('figure', { class: 'picture', id: 'neighborhood' });
  const svgUrl = `/api/v1/entities/${encodeURIComponent(id)}/neighborhood.svg?depth=${depth}${filterQuery(statuses, contested)}`;
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
    contestedField(
      contested,
      (chosen) => {
        location.hash = entityHref(id, { ...here, contested: contestedParam(chosen) });
      },
      'entity-contested',
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
        ? h('p', { class: 'hint' }, `${hidden} claim${hidden === 1 ? '' : 's'} hidden by the filters.`)
        : null,
      groupSections.length ? groupSections : h('p', { class: 'hint' }, 'No claims pass these filters.'),
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
          : h('p', { class: 'hint' }, 'None pass these filters.'),
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
        relationsForm(id),
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

export async function pathsView(params) {
  document.title = 'Find paths · claimgraph';
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  await ensureNames([from, to]).catch(() => {});
  const statuses = statusesOf(params);
  const contested = contestedOf(params);
  const maxLength = /^[1-8]$/.test(params.get('max_length') || '') ? params.get('max_length') : '4';

  const a = entityField('path-from', 'From', from, 'e.g. Louis Budenz');
  const b = entityField('path-to', 'To', to, 'e.g. Leon Trotsky');
  const contestedChoice = contestedField(contested, null, 'path-contested');
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
        for (const [which, field] of [['start', a], ['end', b]]) {
          if (!(await field.resolve())) {
            message.textContent = `Choose where the paths ${which}.`;
            field.input.focus();
            return;
          }
        }
        location.hash = hashFor('paths', '', {
          from: a.id(),
          to: b.id(),
          contested: contestedParam(contestedChoice.chosen()),
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
          const [id, typed] = [b.id(), b.input.value];
          b.set(a.id(), a.input.value);
          a.set(id, typed);
        },
      }, '⇄'),
      b.field),
    h('div', { class: 'options' },
      statusBoxes,
      contestedChoice,
      h('div', { class: 'field' }, h('label', { for: 'max-length' }, 'At most this many claims'), lengthSelect),
      h('button', { type: 'submit', class: 'primary' }, 'Find paths')),
    message,
  );
  const results = h('section', { class: 'results', 'aria-labelledby': 'results-heading' });
  show(h('section', { class: 'paths-view' }, h('h1', {}, 'Find paths'), h('p', { class: 'lead' }, 'How two entities are connected, claim by quoted claim.'), form, results));
  if (!from || !to) return;

  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&max_length=${maxLength}${filterQuery(statuses, contested)}`;
  let found;
  try {
    found = await api(`/api/v1/paths?${query}`);
    for (const path of found.paths) {
      for (const node of path.nodes) known.entities.set(node.id, node);
    }
    const edges = found.paths.flatMap((path) => path.edges);
    await ensureNames(claimEnds(edges));
    await ensureClaims(edges.flatMap((edge) => edge.disputed_by));
  } catch (error) {
    results.replaceChildren(problemBox(error));
    return;
  }
  document.title = `${found.from.name} → ${found.to.name} · claimgraph`;
  const filter = [
    statusParam(statuses) ? `${statuses.join(' and ')} claims only` : 'claims of every status',
    { include: '', exclude: ', no contested claims', only: ', contested claims only' }[contested],
  ].join('');
  const count = found.paths.length;
  const figure = h('figure', { class: 'picture', id: 'paths-picture' });
  const params2 = { status: statusParam(statuses), contested: contestedParam(contested) };
  results.replaceChildren(
    h('h2', { id: 'results-heading' },
      count ? `${count} path${count === 1 ? '' : 's'} from ${found.from.name} to ${found.to.name}` : `No path from ${found.from.name} to ${found.to.name}`),
    h('p', { class: 'hint' }, `Using ${filter}, at most ${maxLength} claims long.`),
    figure,
    h('ol', { class: 'paths' },
      found.paths.map((path, n) =>
        h('li', { class: 'path' },
          h('h3', {}, `Path ${n + 1}`, h('span', { class: 'path-meta' }, ` · ${path.length} claim${path.length === 1 ? '' : 's'} · weakest `, statusBadge(path.weakest_status), path.contested ? [' · ', contestedBadge()] : null)),
          h('ol', { class: 'chain' },
            path.nodes.map((node, i) => [
              h('li', { class: 'chain-node' }, entityLink(node.id, params2), ' ', typeBadge(node.type)),
              i < path.edges.length ? hopItem(path.edges[i], params2) : null,
            ])),
        ))),
  );
  await drawInto(figure, `/api/v1/paths.svg?${query}`, (other) => {
    location.hash = entityHref(other);
  });
}


/** A path's hop: its claim, who contests it, and who says what about its two ends. */
function hopItem(edge, params) {
  return claimItem(edge, {
    params,
    disputedBy: edge.disputed_by,
    extra: h(
      'p',
      { class: 'hop-actions' },
      h(
        'a',
        { href: relationsHref(edge.subject, edge.object), class: 'relations-link' },
        `Who says what about ${nameOf(edge.subject)} and ${nameOf(edge.object)}`,
      ),
    ),
  });
}
