/* The queue: a centre's cases, oldest first, personal codes masked. */
'use strict';

(() => {
  const V = Vpvkac;
  const PAGE_SIZE = 50;
  let page = Number(V.param('page') || 0);
  let services = new Map();

  async function load() {
    const centre = document.getElementById('centre').value;
    const status = document.getElementById('status').value;
    const query = new URLSearchParams({page: String(page), size: String(PAGE_SIZE)});
    if (centre) {
      query.set('centre', centre);
    }
    if (status) {
      query.set('status', status);
    }
    V.quiet();
    const table = document.getElementById('queue');
    table.setAttribute('aria-busy', 'true');
    let rows;
    try {
      rows = await V.api('GET', 'api/cases?' + query);
    } catch (e) {
      table.removeAttribute('aria-busy');
      V.fail(e);
      return;
    }
    const body = document.getElementById('queue-rows');
    V.show(body, rows.map(row => V.el('tr', {id: 'case-row-' + row.id, class: row.overdue ? 'overdue' : null},
      V.el('td', {class: 'number'}, V.el('a', {href: 'case.html?id=' + encodeURIComponent(row.id)}, String(row.id))),
      V.el('td', {}, V.dateTime(row.receivedAt)),
      V.el('td', {}, services.has(row.serviceCode) ? V.serviceName(services.get(row.serviceCode)) : row.serviceCode),
      V.el('td', {class: 'client'}, row.clientName),
      V.el('td', {}, row.clientCode),
      V.el('td', {}, V.channelLabel(row.channel)),
      V.el('td', {class: 'status'}, V.statusLabel(row.status)),
      V.el('td', {}, V.date(row.due), row.overdue ? [' ', V.el('span', {class: 'badge'}, V.t('queue.overdue'))] : null),
      V.el('td', {}, row.assignee || V.t('common.none')))));
    document.getElementById('queue-empty').hidden = rows.length > 0;
    document.getElementById('previous-page').disabled = page === 0;
    document.getElementById('next-page').disabled = rows.length < PAGE_SIZE;
    V.show(document.getElementById('page-number'), V.t('common.page', page + 1));
    // what the table now shows, for whoever waits on it (assistive technology, the browser tests)
    table.setAttribute('data-shown', query.toString());
    table.removeAttribute('aria-busy');
  }

  V.start('queue', 'queue.title', async () => {
    const [centres, catalogue] = await Promise.all([V.api('GET', 'api/centres'), V.api('GET', 'api/services')]);
    services = new Map(catalogue.map(s => [s.code, s]));
    const centre = document.getElementById('centre');
    const centreName = V.centreNamer(centres);
    centres.forEach(c => centre.append(V.el('option', {value: c.id, 'data-municipality': c.municipality}, centreName(c))));
    const status = document.getElementById('status');
    for (const s of V.statuses()) {
      status.append(V.el('option', {value: s.code}, s.label));
    }
    document.getElementById('queue-filter').addEventListener('submit', event => {
      event.preventDefault();
      page = 0;
      load();
    });
    document.getElementById('previous-page').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
    document.getElementById('next-page').addEventListener('click', () => { page += 1; load(); });
    await load();
  });
})();
