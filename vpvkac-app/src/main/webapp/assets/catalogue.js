/* The service catalogue, searchable, with a "register a case" link per service for those who work cases. */
'use strict';

(() => {
  const V = Vpvkac;
  let services = [];

  function render() {
    const filter = document.getElementById('catalogue-filter').value.trim().toLocaleLowerCase(V.lang);
    const shown = services.filter(s => filter === '' || [s.code, s.name, s.nameEn || '', s.institutionCode]
      .some(text => text.toLocaleLowerCase(V.lang).includes(filter)));
    V.show(document.getElementById('catalogue-rows'), shown.map(s => V.el('tr', {id: 'service-' + s.code},
      V.el('td', {}, s.code),
      V.el('td', {}, V.serviceName(s)),
      V.el('td', {}, s.institutionCode),
      V.el('td', {class: 'number'}, String(s.deadlineWorkingDays)),
      V.el('td', {}, s.channels.map(V.channelLabel).join(', ')),
      V.el('td', {}, V.kindLabel(s.kind)),
      V.el('td', {}, V.worksCases() ? V.el('a', {href: 'register.html?service=' + encodeURIComponent(s.code), class: 'register-link',
        'aria-label': V.t('catalogue.registerFor', V.serviceName(s))}, V.t('catalogue.register')) : null))));
  }

  V.start('catalogue', 'catalogue.title', async () => {
    services = await V.api('GET', 'api/services');
    document.getElementById('catalogue-filter').addEventListener('input', render);
    render();
  });
})();
