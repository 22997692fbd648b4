/* A case: details, the moves the workflow allows, the audited "show personal code", the history. */
'use strict';

(() => {
  const V = Vpvkac;
  const id = V.param('id');
  let current = null;
  let services = new Map();

  function render(c) {
    current = c;
    V.show(document.getElementById('title'), V.t('case.title', c.id));
    document.title = V.t('case.title', c.id) + ' · ' + V.t('app.name');
    V.show(document.getElementById('client-name'), c.clientName);
    V.show(document.getElementById('client-code'), c.clientCode);
    const service = services.get(c.serviceCode);
    V.show(document.getElementById('case-service'), service ? V.serviceName(service) + ' (' + c.serviceCode + ')' : c.serviceCode);
    V.show(document.getElementById('case-institution'), c.institutionCode);
    V.show(document.getElementById('case-centre'), c.centreName);
    V.show(document.getElementById('case-channel'), V.channelLabel(c.channel));
    const status = document.getElementById('case-status');
    V.show(status, V.statusLabel(c.status));
    status.setAttribute('data-status', c.status);
    V.show(document.getElementById('case-received'), V.dateTime(c.receivedAt));
    V.show(document.getElementById('case-due'), V.date(c.due), c.overdue ? [' ', V.el('span', {class: 'badge'}, V.t('case.overdue'))] : null);
    V.show(document.getElementById('case-assignee'), c.assignee || V.t('common.none'));
    V.show(document.getElementById('case-notes'), c.notes || V.t('common.none'));

    const next = V.status(c.status) ? V.status(c.status).next : [];
    // the case's own municipality decides, as on the server: a trust may lend its queue to the caller
    const works = V.worksCasesIn(c.municipality);
    const canMove = works && next.length > 0;
    V.show(document.getElementById('move-buttons'), canMove ? next.map(to => {
      const button = V.el('button', {type: 'button', id: 'move-' + to, 'data-status': to,
        class: to === 'REJECTED' || to === 'WITHDRAWN' ? 'secondary' : null}, V.t('case.moveTo', V.statusLabel(to)));
      button.addEventListener('click', () => move(to));
      return button;
    }) : []);
    document.getElementById('move-note').disabled = !canMove;
    document.getElementById('move-note').closest('.field').hidden = !canMove;
    document.getElementById('move-final').hidden = next.length > 0;
    document.getElementById('show-code').hidden = !works;

    V.show(document.getElementById('history-rows'), c.history.map(h => V.el('tr', {},
      V.el('td', {}, V.dateTime(h.at)),
      V.el('td', {}, h.from ? V.statusLabel(h.from) : V.t('common.none')),
      V.el('td', {}, V.statusLabel(h.to)),
      V.el('td', {}, h.actor),
      V.el('td', {class: 'notes'}, h.note || ''))));
    document.getElementById('case').hidden = false;
  }

  async function move(to) {
    const buttons = document.querySelectorAll('#move-buttons button');
    buttons.forEach(b => { b.disabled = true; });
    const note = document.getElementById('move-note').value.trim();
    try {
      const moved = await V.api('POST', 'api/cases/' + encodeURIComponent(id) + '/status',
        {status: to, version: current.version, note: note === '' ? null : note});
      document.getElementById('move-note').value = '';
      render(moved);
      V.tell(V.t('case.moved', V.statusLabel(moved.status)));
      const first = document.querySelector('#move-buttons button');
      (first || document.getElementById('case-status')).focus({preventScroll: false});
    } catch (e) {
      buttons.forEach(b => { b.disabled = false; });
      V.fail(e);
    }
  }

  async function showCode() {
    const button = document.getElementById('show-code');
    button.disabled = true;
    try {
      const shown = await V.api('POST', 'api/cases/' + encodeURIComponent(id) + '/personal-code');
      V.show(document.getElementById('client-code'), shown.personalCode);
      button.hidden = true;
      const note = document.getElementById('code-note');
      note.textContent = V.t('case.codeShownNote');
      note.hidden = false;
    } catch (e) {
      button.disabled = false;
      V.fail(e);
    }
  }

  V.start('queue', 'queue.title', async () => {
    if (!id || !/^\d+$/.test(id)) {
      throw new V.ApiError(404, V.t('error.notFound'), 'notFound');
    }
    const [c, catalogue] = await Promise.all([V.api('GET', 'api/cases/' + id), V.api('GET', 'api/services')]);
    services = new Map(catalogue.map(s => [s.code, s]));
    document.getElementById('show-code').addEventListener('click', showCode);
    render(c);
  });
})();
