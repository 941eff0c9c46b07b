// The claimgraph explorer: vanilla JavaScript over the JSON and SVG API.
//
// Every view lives in the URL hash, so any view can be shared and the
// browser's back and forward buttons work:
//   #/                                    home
//   #/entity/{id}?depth=1&status=asserted an entity, its picture and claims
//   #/claim/{id}                          one claim, its quotes, what it
//                                         answers and what answers it
//   #/paths?from=a&to=b&status=…          paths between two entities
//   #/relations?a=…&b=…                   who says what about two entities
//   #/source/{id}?start=…&end=…&claim=…   a source with a passage marked
// Entity and path views also take `contested=exclude|only`.
//
// This is the page's one script, an ES module; the views are modules
// beside it under /explorer/ (core, pieces, search, views, disagreement,
// source), each served with its own ETag. The page is served with a
// Content-Security-Policy that forbids inline scripts and styles: nothing
// here writes HTML from strings except the server's own SVG drawings,
// parsed as XML.
import { h, show, view, focusHeading, loadBasics, parseHash } from './explorer/core.js';
import { problemBox } from './explorer/pieces.js';
import { setUpSearch } from './explorer/search.js';
import { homeView, entityView, pathsView } from './explorer/views.js';
import { claimView, relationsView } from './explorer/disagreement.js';
import { sourceView } from './explorer/source.js';

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
    else if (name === 'relations') await relationsView(params);
    else if (name === 'source' && id) await sourceView(id, params);
    else {
      document.title = 'claimgraph explorer';
      await homeView();
    }
  } catch (error) {
    if (ticket !== rendering) return;
    show(h('h1', {}, 'That could not be shown'), problemBox(error, name === 'claim'), h('p', {}, h('a', { href: '#/' }, 'Back to the start')));
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
