/*
 * Client search: a whole personal code (with or without the hyphen), a registration number, or the
 * start of a surname or an organisation's name; the clients of the municipalities the caller sees,
 * codes masked, each with links to their latest cases. What was typed stays in the page: it is not put
 * into the page's address (history, bookmarks), only into the API call.
 */
'use strict';

(() => {
  const V = Vpvkac;
  const PAGE_SIZE = 20;
  let page = 0;
  let asked = null;
  let shown = 0;
  let latest = 0;

  function caseLinks(cases) {
    if (cases.length === 0) {
      return V.t('common.none');
    }
    return V.el('ul', {class: 'inline-list'}, cases.map(id => V.el('li', {},
      V.el('a', {href: 'case.html?id=' + encodeURIComponent(id), class: 'case-link', 'data-case': id,
        'aria-label': V.t('case.title', id)}, V.t('clients.caseNumber', id)))));
  }

  async function load() {
    const table = document.getElementById('clients');
    const query = new URLSearchParams({q: asked, page: String(page), size: String(PAGE_SIZE)});
    V.quiet();
    table.setAttribute('aria-busy', 'true');
    const mine = ++latest;
    let rows;
    try {
      rows = await V.api('GET', 'api/clients?' + query);
    } catch (e) {
      if (mine !== latest) {
        return; // a later search answers instead
      }
      document.getElementById('client-results').hidden = true;
      V.fail(e);
      markShown(table);
      return;
    }
    if (mine !== latest) {
      return;
    }
    V.show(document.getElementById('client-rows'), rows.map(row => V.el('tr', {id: 'client-' + row.id, 'data-kind': row.kind},
      V.el('td', {class: 'client'}, row.name),
      V.el('td', {class: 'code'}, row.code),
      V.el('td', {class: 'municipality'}, row.municipality),
      V.el('td', {class: 'cases'}, caseLinks(row.cases)))));
    document.getElementById('client-results').hidden = false;
    document.getElementById('clients-empty').hidden = rows.length > 0;
    document.getElementById('previous-page').disabled = page === 0;
    document.getElementById('next-page').disabled = rows.length < PAGE_SIZE;
    V.show(document.getElementById('page-number'), V.t('common.page', page + 1));
    markShown(table);
  }

  /**
   * Says that an answer (rows or a refusal) is on the page, for whoever waits on it (assistive
   * technology, the browser tests): a count of answers shown, never the search text, which may be a
   * personal code.
   */
  function markShown(table) {
    shown += 1;
    table.setAttribute('data-shown', String(shown));
    table.removeAttribute('aria-busy');
  }

  V.start('clients', 'clients.title', async () => {
    document.getElementById('client-search').addEventListener('submit', event => {
      event.preventDefault();
      asked = document.getElementById('client-query').value.trim();
      page = 0;
      load();
    });
    document.getElementById('previous-page').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
    document.getElementById('next-page').addEventListener('click', () => { page += 1; load(); });
    document.getElementById('client-query').focus();
  });
})();
