/*
 * VPVKAC pages: what every page shares. Texts in Latvian (default) and English from texts.json, the
 * statuses' and channels' names from /api/labels (the server's bundles), the API called with the
 * session cookie and the X-Requested-With header (decision 83: without it a change is refused, and
 * with it a lost session answers 401 instead of a sign-in page). Data reaches the page only through
 * textContent and attributes, never as markup.
 */
'use strict';

const Vpvkac = (() => {
  const LANGUAGES = ['lv', 'en'];
  const STORE = 'vpvkac.language';
  let texts = {};
  let labels = {statuses: [], channels: [], serviceKinds: []};
  let me = null;

  function language() {
    const asked = new URLSearchParams(window.location.search).get('lang');
    if (LANGUAGES.includes(asked)) {
      try { window.localStorage.setItem(STORE, asked); } catch (e) { /* private mode: the URL still says it */ }
      return asked;
    }
    let kept = null;
    try { kept = window.localStorage.getItem(STORE); } catch (e) { /* none kept */ }
    return LANGUAGES.includes(kept) ? kept : 'lv';
  }

  const lang = language();

  /** The page text of key in the chosen language, {0}, {1}... filled in; the key itself if it is missing. */
  function t(key, ...args) {
    const text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return text.replace(/\{(\d+)\}/g, (whole, n) => (args[n] === undefined || args[n] === null ? '' : String(args[n])));
  }

  /**
   * An element with attributes and children; strings become text nodes, so nothing is ever parsed
   * as markup. Attribute names starting with "on" are refused: handlers go through addEventListener.
   */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name.toLowerCase().startsWith('on')) {
        throw new Error('no inline handlers: ' + name);
      }
      node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) {
        continue;
      }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Replaces what node shows. */
  function show(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  /** A refusal of the API: message is already in the user's language. */
  class ApiError extends Error {
    constructor(status, message, key) {
      super(message);
      this.status = status;
      this.key = key;
    }
  }

  /** Calls the API with the session; resolves to the parsed JSON, rejects with an ApiError. */
  async function api(method, path, body) {
    const headers = {'Accept': 'application/json', 'Accept-Language': lang, 'X-Requested-With': 'XMLHttpRequest'};
    const options = {method, headers, credentials: 'same-origin', redirect: 'manual', cache: 'no-store'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json; charset=UTF-8';
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (e) {
      throw new ApiError(0, t('error.network'), 'network');
    }
    if (response.type === 'opaqueredirect' || response.status === 401) {
      throw new ApiError(401, t('error.session'), 'session');
    }
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') && response.status !== 204 ? await response.json().catch(() => null) : null;
    if (response.ok) {
      return data;
    }
    if (data && typeof data.message === 'string') {
      throw new ApiError(response.status, data.message, data.error);
    }
    if (response.status === 403) {
      throw new ApiError(403, t('error.forbidden'), 'forbidden');
    }
    if (response.status === 404) {
      throw new ApiError(404, t('error.notFound'), 'notFound');
    }
    throw new ApiError(response.status, t('error.server', response.status), 'server');
  }

  /** Shows what went wrong in the page's message area (role=alert, so screen readers say it). */
  function fail(error) {
    const box = document.getElementById('message');
    box.className = 'message error';
    if (error instanceof ApiError && error.key === 'session') {
      const again = el('a', {href: window.location.href, id: 'sign-in-again'}, t('error.signInAgain'));
      show(box, error.message, ' ', again);
    } else {
      show(box, error instanceof ApiError ? error.message : t('error.server', '?'));
    }
    box.hidden = false;
    if (!(error instanceof ApiError)) {
      // not for the user's eyes, for whoever looks into it (and the browser tests' failure message)
      box.setAttribute('data-error', String(error && error.stack ? error.stack : error));
      console.error(error);
    }
  }

  function tell(text) {
    const box = document.getElementById('message');
    box.className = 'message info';
    show(box, text);
    box.hidden = false;
  }

  function quiet() {
    const box = document.getElementById('message');
    box.hidden = true;
    box.replaceChildren();
  }

  /** A role in the caller's own municipality (what reports and administration go by; never lent). */
  function has(role) {
    return me !== null && me.roles.includes(role);
  }

  /**
   * Whether the caller registers and moves cases of municipality: their own with a specialist's or
   * supervisor's role, or one whose trust lends them such a role (/api/me's worksIn, the server's
   * own rule). Pages decide per case and per centre with this, as the API does (decision 92).
   */
  function worksCasesIn(municipality) {
    return me !== null && me.worksIn.includes(municipality);
  }

  /** Whether the caller works cases anywhere: the menu offers registration then. */
  function worksCases() {
    return me !== null && me.worksIn.length > 0;
  }

  function readsReports() {
    return has('vpvkac-supervisor') || has('vpvkac-admin');
  }

  function statuses() {
    return labels.statuses;
  }

  function statusLabel(code) {
    const found = labels.statuses.find(s => s.code === code);
    return found ? found.label : code;
  }

  function status(code) {
    return labels.statuses.find(s => s.code === code);
  }

  function channelLabel(code) {
    const found = labels.channels.find(c => c.code === code);
    return found ? found.label : code;
  }

  function kindLabel(code) {
    const found = labels.serviceKinds.find(k => k.code === code);
    return found ? found.label : code;
  }

  /**
   * How to name the centres of a list from /api/centres: by name alone, or, when the list holds centres
   * of more than one municipality (a trust lends the caller another municipality's queue, decision 86),
   * "name (municipality)", so two municipalities' centres cannot be mistaken for each other.
   */
  function centreNamer(centres) {
    const several = new Set(centres.map(c => c.municipality)).size > 1;
    return centre => (several ? t('centre.ofMunicipality', centre.name, centre.municipality) : centre.name);
  }

  /** A service's name in the chosen language (the Latvian one when the catalogue has no English name). */
  function serviceName(service) {
    return lang === 'en' && service.nameEn ? service.nameEn : service.name;
  }

  const locale = lang === 'lv' ? 'lv-LV' : 'en-GB';
  const RIGA = 'Europe/Riga';

  /** An instant as the API writes it: ISO text, or seconds since 1970 (with a fraction). */
  function instant(value) {
    return typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  }

  function dateTime(value) {
    if (value === null || value === undefined) {
      return t('common.none');
    }
    const when = instant(value);
    return Number.isNaN(when.getTime()) ? String(value)
      : new Intl.DateTimeFormat(locale, {dateStyle: 'short', timeStyle: 'short', timeZone: RIGA}).format(when);
  }

  /** A day as the API writes it: "YYYY-MM-DD" or [year, month, day]. */
  function date(value) {
    if (value === null || value === undefined) {
      return t('common.none');
    }
    const [y, m, d] = Array.isArray(value) ? value.map(Number) : String(value).split('-').map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    return Number.isNaN(day.getTime()) ? String(value) : new Intl.DateTimeFormat(locale, {dateStyle: 'short', timeZone: 'UTC'}).format(day);
  }

  /** Seconds as the largest whole unit that fits: days, hours or minutes. */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return t('common.none');
    }
    if (seconds >= 86400) {
      return t('duration.days', (seconds / 86400).toFixed(1));
    }
    if (seconds >= 3600) {
      return t('duration.hours', (seconds / 3600).toFixed(1));
    }
    return t('duration.minutes', Math.round(seconds / 60));
  }

  function param(name) {
    return new URLSearchParams(window.location.search).get(name);
  }

  /** Every element with data-text gets that text; data-text-label sets aria-label, data-text-placeholder the placeholder. */
  function translate(root) {
    root.querySelectorAll('[data-text]').forEach(node => { node.textContent = t(node.getAttribute('data-text')); });
    root.querySelectorAll('[data-text-label]').forEach(node => node.setAttribute('aria-label', t(node.getAttribute('data-text-label'))));
    root.querySelectorAll('[data-text-placeholder]').forEach(node => node.setAttribute('placeholder', t(node.getAttribute('data-text-placeholder'))));
  }

  function header(current) {
    const items = [['index.html', 'nav.queue', 'queue', true], ['register.html', 'nav.register', 'register', worksCases()],
      ['clients.html', 'nav.clients', 'clients', true], ['reports.html', 'nav.reports', 'reports', readsReports()],
      ['catalogue.html', 'nav.catalogue', 'catalogue', true]];
    const nav = el('nav', {'aria-label': t('nav.label')}, el('ul', {},
      items.filter(item => item[3]).map(([href, key, id]) => el('li', {},
        el('a', {href, id: 'nav-' + id, 'aria-current': id === current ? 'page' : null}, t(key))))));
    const other = lang === 'lv' ? 'en' : 'lv';
    const switchUrl = new URL(window.location.href);
    switchUrl.searchParams.set('lang', other);
    const switcher = el('a', {href: switchUrl.pathname + switchUrl.search, id: 'language-switch', lang: other, hreflang: other,
      'aria-label': t('lang.switchLabel')}, t('lang.switch'));
    const roleNames = names => names.map(r => t('role.' + r)).join(', ');
    const held = me.roles.length > 0 ? [roleNames(me.roles)] : [];
    const lent = Object.entries(me.grants).map(([municipality, granted]) => t('user.lent', municipality, roleNames(granted)));
    const roles = held.concat(lent).join('; ');
    const who = el('p', {id: 'signed-in', class: 'signed-in'}, t('user.signedIn', me.username, roles || t('common.none')));
    show(document.getElementById('top'), el('div', {class: 'bar'}, el('a', {href: 'index.html', class: 'brand'}, t('app.name')), nav,
      el('div', {class: 'account'}, who, switcher)));
  }

  /**
   * Loads the texts, the labels and who is signed in, draws the header and translates the page,
   * then runs the page's own start. Any failure is shown in the message area.
   */
  async function start(current, titleKey, run) {
    document.documentElement.lang = lang;
    try {
      const loaded = await fetch('assets/texts.json', {headers: {'X-Requested-With': 'XMLHttpRequest'}, credentials: 'same-origin',
        redirect: 'manual'});
      if (loaded.type === 'opaqueredirect' || loaded.status === 401) {
        throw new ApiError(401, 'Session ended / Sesija beigusies', 'session');
      }
      texts = (await loaded.json())[lang];
      translate(document);
      [labels, me] = await Promise.all([api('GET', 'api/labels'), api('GET', 'api/me')]);
      header(current);
      document.title = t(titleKey) + ' · ' + t('app.name');
      await run();
      document.body.setAttribute('data-ready', 'true');
    } catch (e) {
      fail(e);
      document.body.setAttribute('data-ready', 'failed');
    }
  }

  return {lang, t, el, show, append, api, ApiError, fail, tell, quiet, has, worksCases, worksCasesIn, readsReports, statuses, status, statusLabel,
    channelLabel, kindLabel, centreNamer, serviceName, dateTime, date, duration, param, translate, start};
})();
