// Entity search: the combobox of the header, and the entity fields of the
// paths and relations forms, each suggesting as one types.
import { h, api, nameOf, entityHref } from './core.js';
import { typeBadge } from './pieces.js';

export function combobox(input, list, onChoose) {
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

export function setUpSearch() {
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

/**
 * A labelled entity field: a combobox whose choice is `field.id()`, the
 * entity `initial` at first; `field.resolve()` takes the best match of what
 * is typed when nothing was chosen, and answers false when nothing matches.
 */
export function entityField(name, text, initial, placeholder) {
  let chosen = initial || '';
  const input = h('input', {
    id: name,
    type: 'text',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': `${name}-suggestions`,
    autocomplete: 'off',
    spellcheck: 'false',
    value: chosen ? nameOf(chosen) : '',
    placeholder,
  });
  const list = h('ul', { id: `${name}-suggestions`, class: 'suggestions', role: 'listbox', hidden: true, 'aria-label': 'Matching entities' });
  const box = combobox(input, list, (item) => {
    chosen = item.id;
    input.value = item.name;
  });
  input.addEventListener('input', () => {
    chosen = '';
  });
  return {
    input,
    field: h('div', { class: 'field' }, h('label', { for: input.id }, text), h('div', { class: 'combo' }, input, list)),
    id: () => chosen,
    set(id, typed) {
      chosen = id;
      input.value = typed;
    },
    async resolve() {
      if (chosen) return true;
      const best = await box.best().catch(() => null);
      if (!best) return false;
      chosen = best.id;
      input.value = best.name;
      return true;
    },
  };
}

