// The pieces views are made of: badges, links, a claim with its quotes, a
// problem, the status and contested filters, and a drawing fetched from the
// server. A contested claim carries a visible mark wherever it is listed.
import {
  STATUSES,
  STATUS_HELP,
  CONTESTED_HELP,
  known,
  h,
  Problem,
  nameOf,
  label,
  inverseLabel,
  isAboutClaims,
  aboutWords,
  entityHref,
  claimHref,
  sourceHref,
} from './core.js';

export function typeBadge(type) {
  return h('span', { class: `type type-${type}` }, type);
}

export function statusBadge(status) {
  return h('span', { class: `status status-${status}`, title: STATUS_HELP[status] }, status);
}

export function entityLink(id, params) {
  return h('a', { href: entityHref(id, params), class: 'entity-link' }, nameOf(id));
}

/** The visible mark of a contested claim. */
export function contestedBadge() {
  return h('span', { class: 'contested-badge', title: `Contested: ${CONTESTED_HELP}` }, '⚠ contested');
}

/** A link to the claim `id`, reading as the claim when it is known. */
export function claimRef(id) {
  return h('a', { href: claimHref(id), class: 'claim-ref' }, aboutWords(id));
}

/**
 * A claim as a sentence, its status, claimant and quotes; `options.disputedBy`
 * lists the ids of the claims that contest it (a path's hop), and
 * `options.extra` is appended (a path hop's links).
 */
export function claimItem(claim, options) {
  const opts = options || {};
  const params = opts.params || {};
  const sentence = h(
    'p',
    { class: 'claim-line' },
    entityLink(claim.subject, params),
    ' ',
    h('span', { class: 'predicate' }, label(claim.predicate)),
    ' ',
    isAboutClaims(claim.predicate) ? claimRef(claim.object) : entityLink(claim.object, params),
  );
  const disputedBy = opts.disputedBy || [];
  const meta = h(
    'p',
    { class: 'claim-meta' },
    claim.contested ? [contestedBadge(), ' '] : null,
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
    { class: `claim claim-${claim.status}${claim.contested ? ' claim-contested' : ''}`, 'data-claim': claim.id },
    sentence,
    meta,
    claim.note ? h('p', { class: 'claim-note' }, claim.note) : null,
    quotes,
    disputedBy.length
      ? h(
          'p',
          { class: 'disputed-by' },
          '⚠ Contested: ',
          disputedBy.map((id, i) => [i ? ', ' : '', disputeRef(id)]),
          '.',
        )
      : null,
    opts.extra || null,
  );
}

/** A contesting claim, as "disputed by Natalia Sedova Trotsky" when known. */
function disputeRef(id) {
  const claim = known.claims.get(id);
  const words = claim ? `${inverseLabel(claim.predicate)} ${nameOf(claim.subject)}` : id;
  return h('a', { href: claimHref(id), class: 'dispute-ref', 'data-claim': id }, words);
}

export function quoteBlock(citation, claimId) {
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

/** A problem, with the suggestions of a 404 as links: entities, or claims when `claims`. */
export function problemBox(error, claims) {
  const box = h('div', { class: 'problem', role: 'alert' }, h('p', {}, h('strong', {}, 'Sorry: '), error.message));
  const suggestions = error.body && error.body.suggestions;
  if (suggestions && suggestions.length) {
    box.append(
      h(
        'p',
        {},
        'Did you mean ',
        suggestions
          .slice(0, 3)
          .flatMap((s, i) => [i ? ', ' : '', claims ? h('a', { href: claimHref(s.id) }, s.id) : h('a', { href: entityHref(s.id) }, s.name)]),
        '?',
      ),
    );
  }
  return box;
}

/** Three checkboxes for the statuses; calls `onChange(chosen)`. */
export function statusFieldset(chosen, onChange, idPrefix) {
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

/** A select for the `contested` filter; calls `onChange(chosen)`. */
export function contestedField(chosen, onChange, id) {
  const select = h(
    'select',
    { id, name: 'contested', onchange: onChange ? (event) => onChange(event.target.value) : null },
    [
      ['include', 'shown'],
      ['exclude', 'left out'],
      ['only', 'the only ones shown'],
    ].map(([value, text]) => h('option', { value, selected: value === chosen }, text)),
  );
  const field = h(
    'div',
    { class: 'field contested-field' },
    h('label', { for: id, title: `A claim is contested when ${CONTESTED_HELP}` }, '⚠ Contested claims'),
    select,
  );
  field.chosen = () => select.value;
  return field;
}

/** Fetches a drawing and puts it in `figure`, with its links handled here. */
export async function drawInto(figure, url, onEntity) {
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
