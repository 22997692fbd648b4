/* Registering a case for a client: a service from the catalogue, a centre the caller works (their own municipality's, or one a trust lends), a channel the service offers. */
'use strict';

(() => {
  const V = Vpvkac;
  let services = new Map();

  function value(id) {
    const text = document.getElementById(id).value.trim();
    return text === '' ? null : text;
  }

  function kind() {
    return document.querySelector('input[name="kind"]:checked').value;
  }

  function showKind() {
    const person = kind() === 'person';
    document.getElementById('person-fields').hidden = !person;
    document.getElementById('organisation-fields').hidden = person;
  }

  function offerChannels() {
    const channel = document.getElementById('channel');
    const chosen = channel.value;
    const service = services.get(document.getElementById('service').value);
    const offered = service ? service.channels : [];
    V.show(channel, offered.map(code => V.el('option', {value: code, selected: code === chosen}, V.channelLabel(code))));
  }

  async function register(event) {
    event.preventDefault();
    const submit = document.getElementById('register-submit');
    submit.disabled = true;
    V.quiet();
    const person = kind() === 'person';
    const centre = value('centre');
    const body = {
      personalCode: person ? value('personalCode') : null,
      givenName: person ? value('givenName') : null,
      surname: person ? value('surname') : null,
      registrationNumber: person ? null : value('registrationNumber'),
      organisationName: person ? null : value('organisationName'),
      email: value('email'),
      phone: value('phone'),
      serviceCode: value('service'),
      centreId: centre === null ? null : Number(centre),
      channel: value('channel'),
      note: value('note')
    };
    try {
      const created = await V.api('POST', 'api/cases', body);
      window.location.assign('case.html?id=' + encodeURIComponent(created.id));
    } catch (e) {
      submit.disabled = false;
      V.fail(e);
      document.getElementById('message').scrollIntoView();
    }
  }

  V.start('register', 'register.title', async () => {
    if (!V.worksCases()) {
      document.getElementById('register-form').hidden = true;
      throw new V.ApiError(403, V.t('error.forbidden'), 'forbidden');
    }
    const [catalogue, centres] = await Promise.all([V.api('GET', 'api/services'), V.api('GET', 'api/centres')]);
    services = new Map(catalogue.map(s => [s.code, s]));
    const service = document.getElementById('service');
    catalogue.forEach(s => service.append(V.el('option', {value: s.code}, V.serviceName(s) + ' (' + s.code + ')')));
    const asked = V.param('service');
    if (asked && services.has(asked)) {
      service.value = asked;
    }
    // only centres whose cases the caller works: one they only see (an admin's own, say) is no place to register
    const workable = centres.filter(c => V.worksCasesIn(c.municipality));
    const centre = document.getElementById('centre');
    const centreName = V.centreNamer(workable);
    workable.forEach(c => centre.append(V.el('option', {value: c.id, 'data-municipality': c.municipality}, centreName(c))));
    offerChannels();
    service.addEventListener('change', offerChannels);
    document.querySelectorAll('input[name="kind"]').forEach(radio => radio.addEventListener('change', showKind));
    document.getElementById('register-form').addEventListener('submit', register);
  });
})();
