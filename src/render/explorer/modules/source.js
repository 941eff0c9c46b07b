// A source's text with the passage a claim quotes marked and in view, and
// that claim beside it.
import { h, append, show, api, nameOf, ensureNames, ensureClaims, claimEnds, isAboutClaims } from './core.js';
import { claimItem } from './pieces.js';

export async function sourceView(id, params) {
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
      if (isAboutClaims(claim.predicate)) await ensureClaims([claim.object]);
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
