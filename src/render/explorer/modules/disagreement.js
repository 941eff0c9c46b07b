// Disagreement: a claim's page, with the claim it answers when it is about
// a claim and every claim about it grouped by predicate ("disputed by
// Natalia Sedova Trotsky: ‘her words’"); and "who says what" about two
// entities, the claims joining them grouped by predicate and claimant, side
// by side, each group with its responses.
import {
  CONTESTED_HELP,
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
  isAboutClaims,
  claimWords,
  hashFor,
  claimHref,
  sourceHref,
  relationsHref,
} from './core.js';
import { statusBadge, contestedBadge, entityLink, claimItem, quoteBlock } from './pieces.js';
import { entityField } from './search.js';

const STANCE_HELP = {
  contests: 'these claims dispute, deny or retract it',
  supports: 'these claims corroborate it',
  relays: 'these claims report it without taking a side',
};

/** The claims a list of response groups holds. */
const responseClaims = (groups) => groups.flatMap((g) => g.claims);

/**
 * One response, as "disputed by Natalia Sedova Trotsky: ‘her words’", its
 * status, claimant, date and a link to it; its further quotes below.
 */
function responseItem(response) {
  const [first, ...more] = response.citations;
  return h(
    'li',
    {
      class: `response response-${response.status}${response.contested ? ' claim-contested' : ''}`,
      'data-claim': response.id,
    },
    h(
      'p',
      { class: 'response-line' },
      h('span', { class: 'predicate' }, inverseLabel(response.predicate)),
      ' ',
      entityLink(response.subject),
      first
        ? [
            ': ',
            h(
              'a',
              { href: sourceHref(first, response.id), class: 'quote-link response-quote', title: 'Open the source at this passage' },
              `‘${first.quote}’`,
            ),
          ]
        : null,
    ),
    h(
      'p',
      { class: 'claim-meta' },
      response.contested ? [contestedBadge(), ' '] : null,
      statusBadge(response.status),
      ' claimed by ',
      entityLink(response.claimed_by),
      response.date ? ` · ${response.date}` : '',
      ' · ',
      h('a', { href: claimHref(response.id), class: 'claim-link', 'aria-label': `The claim ${response.id}` }, 'claim'),
    ),
    response.note ? h('p', { class: 'claim-note' }, response.note) : null,
    more.map((c) => quoteBlock(c, response.id)),
  );
}

/** The response groups of a claim or a relation group, each under its heading. */
function responseGroups(groups, level) {
  return groups.map((group) =>
    h(
      'section',
      { class: `responses-group stance-${group.stance || 'none'}`, 'data-predicate': group.predicate },
      h(
        level,
        { title: STANCE_HELP[group.stance] || '' },
        inverseLabel(group.predicate),
        h('span', { class: 'count' }, ` ${group.claims.length}`),
      ),
      h('ul', { class: 'responses' }, group.claims.map(responseItem)),
    ),
  );
}

export async function claimView(id) {
  const body = await api(`/api/v1/claims/${encodeURIComponent(id)}`);
  const { claim, about, responses } = body;
  const shown = { ...claim, contested: body.contested };
  known.claims.set(claim.id, claim);
  if (about) known.claims.set(about.id, about);
  const all = [claim, ...(about ? [about] : []), ...responseClaims(responses)];
  await ensureNames(claimEnds(all));
  await ensureClaims(all.filter((c) => isAboutClaims(c.predicate)).map((c) => c.object));
  const words = claimWords(claim);
  document.title = `${words} · claimgraph`;
  const count = responseClaims(responses).length;
  const ends = about ? [claim.subject, about.subject] : [claim.subject, claim.object];
  show(
    h(
      'article',
      { class: 'claim-view' },
      h('p', { class: 'kicker' }, 'Claim ', h('code', {}, claim.id), body.contested ? [' ', contestedBadge()] : null),
      h('h1', {}, words),
      body.contested
        ? h('p', { class: 'contested-note', role: 'note' }, `⚠ This claim is contested: ${CONTESTED_HELP}. See below who, in their words.`)
        : null,
      about
        ? h(
            'section',
            { class: 'about-claim', 'aria-labelledby': 'about-claim-heading' },
            h('h2', { id: 'about-claim-heading' }, `It ${label(claim.predicate)} the claim`),
            h('ul', { class: 'claims single' }, claimItem(about)),
          )
        : null,
      h('ul', { class: 'claims single' }, claimItem(shown)),
      h(
        'section',
        { class: 'responses-view', 'aria-labelledby': 'responses-heading' },
        h('h2', { id: 'responses-heading' }, count ? `What ${count === 1 ? 'one claim says' : `${count} claims say`} of it` : 'What other claims say of it'),
        count ? responseGroups(responses, 'h3') : h('p', { class: 'hint' }, 'No claim in the graph disputes, corroborates or reports this one.'),
      ),
      h(
        'p',
        { class: 'actions buttons' },
        about
          ? null
          : h('a', { class: 'button', href: hashFor('paths', '', { from: claim.subject, to: claim.object }) }, 'Paths between them'),
        ends[0] !== ends[1]
          ? h('a', { class: 'button', href: relationsHref(ends[0], ends[1]) }, `Who says what about ${nameOf(ends[0])} and ${nameOf(ends[1])}`)
          : null,
      ),
    ),
  );
}

/** On an entity's page: a form that opens who says what about it and another entity. */
export function relationsForm(a) {
  const other = entityField('relations-with', `Who says what about ${nameOf(a)} and`, '', 'another entity, e.g. Earl Browder');
  const message = h('p', { class: 'form-message', role: 'status' });
  return h(
    'form',
    {
      class: 'relations-form',
      'aria-label': 'Who says what about two entities',
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = '';
        if (!(await other.resolve())) {
          message.textContent = 'Choose the other entity.';
          other.input.focus();
          return;
        }
        location.hash = relationsHref(a, other.id());
      },
    },
    other.field,
    h('button', { type: 'submit' }, 'Who says what'),
    message,
  );
}

/** One group of the relations view: one claimant's claims of one predicate, and their responses. */
function relationGroup(group) {
  const responses = responseClaims(group.responses).length;
  return h(
    'section',
    { class: `relation-group${group.contested ? ' relation-contested' : ''}`, 'data-predicate': group.predicate, 'data-claimed-by': group.claimed_by },
    h(
      'h3',
      {},
      h('span', { class: 'predicate' }, group.label),
      h('span', { class: 'relation-by' }, ` · by ${nameOf(group.claimed_by)}`),
      group.contested ? [' ', contestedBadge()] : null,
    ),
    h('ul', { class: 'claims' }, group.claims.map((c) => claimItem(c))),
    responses
      ? h('div', { class: 'relation-responses' }, h('h4', {}, 'What other claims say of them'), responseGroups(group.responses, 'h5'))
      : null,
  );
}

export async function relationsView(params) {
  const a = params.get('a') || '';
  const b = params.get('b') || '';
  if (!a || !b) {
    document.title = 'Who says what · claimgraph';
    show(
      h('section', { class: 'relations-view' }, h('h1', {}, 'Who says what'),
        h('p', { class: 'lead' }, 'Open an entity and choose another on its page to see every claim joining them, who makes each, and who disputes it.')),
    );
    return;
  }
  const found = await api(`/api/v1/relations?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  known.entities.set(found.a.id, found.a);
  known.entities.set(found.b.id, found.b);
  const claims = found.groups.flatMap((g) => [...g.claims, ...responseClaims(g.responses)]);
  await ensureNames([...claimEnds(claims), ...found.groups.map((g) => g.claimed_by)]);
  await ensureClaims(claims.filter((c) => isAboutClaims(c.predicate)).map((c) => c.object));
  const [an, bn] = [found.a.name, found.b.name];
  document.title = `Who says what about ${an} and ${bn} · claimgraph`;
  const contested = found.groups.filter((g) => g.contested).length;
  show(
    h(
      'section',
      { class: 'relations-view' },
      h('p', { class: 'kicker' }, 'Who says what'),
      h('h1', {}, `${an} and ${bn}`),
      h(
        'p',
        { class: 'lead' },
        found.total
          ? `${found.total} claim${found.total === 1 ? ' joins' : 's join'} them, in ${found.groups.length} group${found.groups.length === 1 ? '' : 's'} by predicate and claimant`
          : 'No claim joins them.',
        contested ? `; ${contested} contested` : '',
        found.total ? '.' : '',
      ),
      h(
        'p',
        { class: 'actions' },
        entityLink(a),
        ' · ',
        entityLink(b),
        ' · ',
        h('a', { href: relationsHref(b, a) }, 'Swap'),
        ' · ',
        h('a', { href: hashFor('paths', '', { from: a, to: b }) }, 'Paths between them'),
      ),
      h('div', { class: 'relation-groups' }, found.groups.map(relationGroup)),
    ),
  );
}
