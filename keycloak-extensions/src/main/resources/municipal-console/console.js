// The municipal LDAP admin console: signs in through the realm (code flow with PKCE, public client
// "municipal-console") and works on /municipal-directories and /municipal-trusts with the admin's
// token. The server decides what the admin may see and do; this page only offers it. Texts are built
// as DOM nodes, never as HTML, so names from directories cannot inject markup.
'use strict';

const REALM_PATH = location.pathname.replace(/\/municipal-console\/.*$/, '');
const OIDC = REALM_PATH + '/protocol/openid-connect';
const CLIENT_ID = 'municipal-console';
const REDIRECT_URI = location.origin + REALM_PATH + '/municipal-console/';
const STATES = ['PROPOSED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'];

const TEXTS = {
  lv: {
    title: 'Pašvaldību LDAP administratora konsole', signOut: 'Iziet', signingIn: 'Notiek pieslēgšanās…',
    otherLanguage: 'English', platformAdmin: 'platformas administrators',
    tabDirectories: 'Direktorijas', tabTrusts: 'Uzticēšanās', tabPending: 'Gaida apstiprinājumu',
    tabPropose: 'Jauns priekšlikums', tabGraph: 'Uzticēšanās grafiks',
    directory: 'Direktorija', municipality: 'Pašvaldība', dialect: 'Tips', servers: 'Serveri', active: 'Aktīva',
    answers: 'atbild', testConnection: 'Pārbaudīt savienojumu', testing: 'Pārbauda…',
    connectionOk: 'Savienojums darbojas ({0} ms)', connectionFailed: 'Savienojums neizdevās: {0}', yes: 'jā', no: 'nē',
    noDirectories: 'Jums nav nevienas direktorijas.', healthNote: 'Stāvoklis atjaunojas ik pēc 30 sekundēm.',
    state: 'Stāvoklis', allStates: 'visi', overdueOnly: 'tikai ar nokavētu pārskatīšanu', trusting: 'Uzticas (lietotnes)',
    trusted: 'Uzticamā direktorija', who: 'Kam', roles: 'Lomas', validity: 'Derīgums', review: 'Pārskatīšana',
    allUsers: 'visi lietotāji', groups: 'grupas: {0}', transitive: 'tranzitīva', overdue: 'nokavēta', actions: 'Darbības',
    noTrusts: 'Nav nevienas uzticēšanās.', noPending: 'Nekas negaida jūsu apstiprinājumu.',
    waitingForOther: 'Gaida otras puses apstiprinājumu',
    approve: 'Apstiprināt', reject: 'Noraidīt', suspend: 'Apturēt', resume: 'Atsākt', revoke: 'Atsaukt',
    reviewAction: 'Pārskatīt', history: 'Vēsture', hideHistory: 'Slēpt vēsturi',
    PROPOSED: 'ierosināta', ACTIVE: 'aktīva', SUSPENDED: 'apturēta', REVOKED: 'atsaukta', EXPIRED: 'beigusies',
    APPROVED: 'apstiprināta', REJECTED: 'noraidīta', RESUMED: 'atsākta', REVIEWED: 'pārskatīta',
    time: 'Laiks', action: 'Darbība', actor: 'Kas', reason: 'Iemesls', cancel: 'Atcelt', confirm: 'Apstiprināt',
    reasonFor: '{0}: iemesls', reasonRequired: 'Norādiet iemeslu.',
    done: 'Uzticēšanās tagad ir: {0}.', proposed: 'Priekšlikums nosūtīts; tas gaida otras puses apstiprinājumu.',
    resourceSide: 'Pašvaldība, kuras lietotnes atver', accountSide: 'Direktorija, kuras darbiniekiem atver',
    groupsField: 'Pieņemtās grupas (ar komatu)', allUsersField: 'Visi šīs direktorijas lietotāji',
    grantedRoles: 'Piešķirtās lomas', validFrom: 'Derīga no', validUntil: 'Derīga līdz, neieskaitot (neobligāti)',
    transitiveField: 'Tranzitīva (tikai ja arī otra uzticēšanās to atļauj)', submit: 'Ierosināt',
    choose: '— izvēlieties —', noClients: 'Šai pašvaldībai nav lietotņu.',
    errNotParty: 'Vienai pusei jābūt jūsu pašvaldībai.', errSameSide: 'Pašvaldība nevar uzticēties pati savai direktorijai.',
    errMunicipality: 'Izvēlieties pašvaldību.', errDirectory: 'Izvēlieties direktoriju.',
    errGroups: 'Norādiet vismaz vienu grupu vai atzīmējiet "visi lietotāji".', errRoles: 'Izvēlieties vismaz vienu lomu.',
    errWindow: 'Beigu datumam jābūt pēc sākuma datuma.', errPlatformAdmin: 'Priekšlikumus iesniedz pašvaldību administratori.',
    graphEmpty: 'Nav uzticēšanos, ko attēlot.', graphNote: 'Bulta no pašvaldības uz direktoriju, kuras darbiniekiem tā atver lietotnes.',
    sessionEnded: 'Sesija beigusies; piesakieties vēlreiz.',
    notAdmin: 'Konsole ir pašvaldību LDAP administratoriem; jūsu kontam šīs lomas nav.', failed: 'Neizdevās: {0}'
  },
  en: {
    title: 'Municipal LDAP admin console', signOut: 'Sign out', signingIn: 'Signing in…',
    otherLanguage: 'Latviski', platformAdmin: 'platform administrator',
    tabDirectories: 'Directories', tabTrusts: 'Trusts', tabPending: 'Pending approval',
    tabPropose: 'New proposal', tabGraph: 'Trust graph',
    directory: 'Directory', municipality: 'Municipality', dialect: 'Type', servers: 'Servers', active: 'Active',
    answers: 'answers', testConnection: 'Test connection', testing: 'Testing…',
    connectionOk: 'Connection works ({0} ms)', connectionFailed: 'Connection failed: {0}', yes: 'yes', no: 'no',
    noDirectories: 'You have no directories.', healthNote: 'Health refreshes every 30 seconds.',
    state: 'State', allStates: 'all', overdueOnly: 'only overdue reviews', trusting: 'Trusting (applications)',
    trusted: 'Trusted directory', who: 'Who', roles: 'Roles', validity: 'Valid', review: 'Review',
    allUsers: 'all users', groups: 'groups: {0}', transitive: 'transitive', overdue: 'overdue', actions: 'Actions',
    noTrusts: 'There are no trusts.', noPending: 'Nothing waits for your approval.',
    waitingForOther: 'Waiting for the other side to approve',
    approve: 'Approve', reject: 'Reject', suspend: 'Suspend', resume: 'Resume', revoke: 'Revoke',
    reviewAction: 'Review', history: 'History', hideHistory: 'Hide history',
    PROPOSED: 'proposed', ACTIVE: 'active', SUSPENDED: 'suspended', REVOKED: 'revoked', EXPIRED: 'expired',
    APPROVED: 'approved', REJECTED: 'rejected', RESUMED: 'resumed', REVIEWED: 'reviewed',
    time: 'Time', action: 'Action', actor: 'Who', reason: 'Reason', cancel: 'Cancel', confirm: 'Confirm',
    reasonFor: '{0}: reason', reasonRequired: 'Give a reason.',
    done: 'The trust is now {0}.', proposed: 'Proposal sent; it waits for the other side to approve.',
    resourceSide: 'Municipality whose applications it opens', accountSide: 'Directory whose employees it admits',
    groupsField: 'Accepted groups (comma-separated)', allUsersField: 'All users of this directory',
    grantedRoles: 'Granted roles', validFrom: 'Valid from', validUntil: 'Valid until, not including (optional)',
    transitiveField: 'Transitive (only where the other trust allows it too)', submit: 'Propose',
    choose: '— choose —', noClients: 'This municipality has no applications.',
    errNotParty: 'One side must be your municipality.', errSameSide: 'A municipality cannot trust its own directory.',
    errMunicipality: 'Choose a municipality.', errDirectory: 'Choose a directory.',
    errGroups: 'Name at least one group, or tick "all users".', errRoles: 'Choose at least one role.',
    errWindow: 'The end date must be after the start date.', errPlatformAdmin: 'Proposals are made by municipal admins.',
    graphEmpty: 'There are no trusts to draw.', graphNote: 'Arrows go from a municipality to the directory whose employees it admits.',
    sessionEnded: 'Your session ended; sign in again.',
    notAdmin: 'The console is for municipal LDAP admins; your account does not have that role.', failed: 'Failed: {0}'
  }
};

let language = localStorage.getItem('console.language') === 'en' ? 'en' : 'lv';
let tokens = null;
let options = null;
let currentTab = 'directories';
let healthTimer = null;
let lastActivity = Date.now();
const IDLE_LIMIT_MS = 15 * 60 * 1000;
['click', 'keydown'].forEach(type => document.addEventListener(type, () => { lastActivity = Date.now(); }, true));

function t(key, ...params) {
  const text = TEXTS[language][key] ?? key;
  return text.replace(/\{(\d)}/g, (_, i) => String(params[Number(i)] ?? ''));
}

/** el('td', {class: 'x'}, 'text', child) → the element; strings become text nodes. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ------------------------------------------------------------------ sign-in (code flow + PKCE)

function randomString() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function signIn() {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem('console.pkce', JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    client_id: CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, state,
    code_challenge: await challengeOf(verifier), code_challenge_method: 'S256', ui_locales: language
  });
  location.assign(OIDC + '/auth?' + query);
}

async function tokenRequest(parameters) {
  const response = await fetch(OIDC + '/token', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...parameters })
  });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error_description || response.statusText);
  tokens = await response.json();
  // renew a little before the access token ends, but only for someone still at work: an open tab
  // alone must not keep the SSO session alive past its idle limit (the next call then signs in again)
  setTimeout(() => {
    if (Date.now() - lastActivity < IDLE_LIMIT_MS) {
      tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).catch(signIn);
    }
  }, Math.max(5, tokens.expires_in - 30) * 1000);
}

async function finishSignIn() {
  const query = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem('console.pkce') || 'null');
  sessionStorage.removeItem('console.pkce');
  history.replaceState(null, '', REDIRECT_URI);
  if (query.has('error')) throw new Error(query.get('error_description') || query.get('error'));
  if (!saved || saved.state !== query.get('state')) throw new Error('state');
  await tokenRequest({ grant_type: 'authorization_code', code: query.get('code'), redirect_uri: REDIRECT_URI, code_verifier: saved.verifier });
}

function signOut() {
  const query = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: REDIRECT_URI });
  if (tokens) query.set('id_token_hint', tokens.id_token);
  tokens = null;
  location.assign(OIDC + '/logout?' + query);
}

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** The server's bilingual "Latvian / English" message, in the page's language. */
function localized(description) {
  const parts = String(description).split(' / ');
  return parts.length >= 2 ? (language === 'lv' ? parts[0] : parts.slice(1).join(' / ')) : String(description);
}

async function api(method, path, body) {
  const response = await fetch(REALM_PATH + path, {
    method,
    headers: { Authorization: 'Bearer ' + tokens.access_token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  });
  if (response.status === 401) {
    notice(t('sessionEnded'), true);
    setTimeout(signIn, 1500);
    throw new ApiError(t('sessionEnded'), 401);
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(localized(json?.error_description || json?.message || response.statusText), response.status);
  return json;
}

function notice(text, isError = false) {
  const box = document.getElementById('notice');
  box.textContent = text;
  box.className = isError ? 'error' : '';
  box.setAttribute('role', isError ? 'alert' : 'status');
  box.hidden = false;
}

function clearNotice() {
  document.getElementById('notice').hidden = true;
}

// ------------------------------------------------------------------ page frame

function municipalityName(id) {
  return options.municipalities.find(m => m.id === id)?.name ?? id;
}

function renderFrame() {
  document.documentElement.lang = language;
  document.title = t('title');
  document.querySelectorAll('[data-text]').forEach(node => { node.textContent = t(node.dataset.text); });
  document.getElementById('language').textContent = t('otherLanguage');
  const me = options.me;
  document.getElementById('who').textContent = me.username + ' · '
    + (me.platformAdmin ? t('platformAdmin') : municipalityName(me.municipality));
  const tabs = document.getElementById('tabs');
  tabs.replaceChildren(...[['directories', 'tabDirectories'], ['trusts', 'tabTrusts'], ['pending', 'tabPending'],
    ['propose', 'tabPropose'], ['graph', 'tabGraph']].map(([id, label]) => el('button', {
    type: 'button', role: 'tab', id: 'tab-' + id, 'aria-selected': String(id === currentTab),
    onclick: () => { clearNotice(); show(id); }
  }, t(label))));
}

async function show(tab) {
  currentTab = tab;
  clearInterval(healthTimer);
  renderFrame();
  const view = document.getElementById('view');
  delete view.dataset.tab; // set again once this tab's content is in place
  try {
    const content = await VIEWS[tab]();
    if (currentTab === tab) {
      view.replaceChildren(...[content].flat());
      view.dataset.tab = tab;
    }
  } catch (e) {
    if (currentTab === tab) view.replaceChildren();
    notice(t('failed', e.message), true);
  }
}

// ------------------------------------------------------------------ directories

async function directoriesView() {
  const table = await directoriesTable();
  clearInterval(healthTimer); // a view shown twice quickly must not leave the first one's poller behind
  healthTimer = setInterval(async () => {
    if (Date.now() - lastActivity > IDLE_LIMIT_MS) return; // nobody is looking: let the session idle out
    const fresh = await directoriesTable().catch(() => null);
    if (fresh && currentTab === 'directories') document.getElementById('directories').replaceWith(fresh);
  }, 30000);
  return [el('h2', {}, t('tabDirectories')), table, el('p', { class: 'muted' }, t('healthNote'))];
}

async function directoriesTable() {
  const directories = await api('GET', '/municipal-directories/directories');
  if (directories.length === 0) return el('p', { id: 'directories' }, t('noDirectories'));
  return el('table', { id: 'directories' },
    el('thead', {}, el('tr', {}, [t('directory'), t('municipality'), t('dialect'), t('servers'), t('active'), ''].map(h => el('th', {}, h)))),
    el('tbody', {}, directories.map(d => {
      const result = el('span', { class: 'test-result', 'data-directory': d.id });
      const button = el('button', { type: 'button', class: 'test', 'data-directory': d.id, onclick: async () => {
        button.disabled = true;
        result.className = 'test-result';
        result.textContent = t('testing');
        try {
          const outcome = await api('POST', '/municipal-directories/directories/' + encodeURIComponent(d.id) + '/test');
          result.className = 'test-result ' + (outcome.ok ? 'ok' : 'bad');
          result.textContent = outcome.ok ? t('connectionOk', outcome.millis) : t('connectionFailed', outcome.error);
        } catch (e) {
          result.className = 'test-result bad';
          result.textContent = t('failed', e.message);
        } finally {
          button.disabled = false;
        }
      } }, t('testConnection'));
      return el('tr', { 'data-directory': d.id },
        el('td', {}, d.id),
        el('td', {}, municipalityName(d.municipality)),
        el('td', {}, d.dialect),
        el('td', {}, Object.entries(d.servers).map(([url, error]) =>
          el('div', { class: error ? 'server bad' : 'server ok' }, url + ': ' + (error || t('answers'))))),
        el('td', {}, d.active ? t('yes') : t('no')),
        el('td', {}, button, el('br'), result));
    })));
}

// ------------------------------------------------------------------ trusts

let trustFilter = { state: '', overdue: false };

async function trustsView() {
  const stateSelect = el('select', { id: 'filter-state', onchange: () => { trustFilter.state = stateSelect.value; show('trusts'); } },
    el('option', { value: '' }, t('allStates')),
    STATES.map(s => el('option', { value: s, selected: s === trustFilter.state }, t(s))));
  const overdue = el('input', { type: 'checkbox', id: 'filter-overdue', checked: trustFilter.overdue,
    onchange: () => { trustFilter.overdue = overdue.checked; show('trusts'); } });
  const query = new URLSearchParams();
  if (trustFilter.state) query.set('state', trustFilter.state);
  if (trustFilter.overdue) query.set('overdue', 'true');
  const trusts = await api('GET', '/municipal-trusts' + (query.size ? '?' + query : ''));
  return [el('h2', {}, t('tabTrusts')),
    el('div', { class: 'filters' },
      el('label', {}, t('state'), el('br'), stateSelect),
      el('label', {}, overdue, t('overdueOnly'))),
    trustTable(trusts, t('noTrusts'))];
}

async function pendingView() {
  const mine = options.me.municipality;
  // a platform admin approves nothing: consent stays with the two municipalities
  const trusts = options.me.platformAdmin ? []
    : (await api('GET', '/municipal-trusts?state=PROPOSED')).filter(tr => tr.proposedBy !== mine);
  return [el('h2', {}, t('tabPending')), trustTable(trusts, t('noPending'))];
}

function validity(trust) {
  const day = iso => new Date(iso).toLocaleDateString(language === 'lv' ? 'lv-LV' : 'en-GB');
  return day(trust.validFrom) + ' – ' + (trust.validUntil ? day(trust.validUntil) : '∞');
}

function trustTable(trusts, emptyText) {
  if (trusts.length === 0) return el('p', { class: 'empty' }, emptyText);
  return el('table', { class: 'trusts' },
    el('thead', {}, el('tr', {}, [t('trusting'), t('trusted'), t('who'), t('roles'), t('validity'), t('state'), t('review'), t('actions')]
      .map(h => el('th', {}, h)))),
    el('tbody', {}, trusts.flatMap(trust => {
      const historyRow = el('tr', { class: 'history', hidden: true }, el('td', { colspan: '8' }));
      const row = el('tr', { 'data-trust': trust.id },
        el('td', {}, municipalityName(trust.trustingMunicipality)),
        el('td', {}, trust.trustedDirectory + ' (' + municipalityName(trust.trustedMunicipality) + ')'),
        el('td', {}, trust.allUsers ? t('allUsers') : t('groups', trust.acceptedGroups.join(', ')),
          trust.transitive ? el('div', {}, t('transitive')) : null),
        el('td', {}, Object.entries(trust.grantedRoles).map(([client, roles]) => el('div', {}, client + ': ' + roles.join(', ')))),
        el('td', {}, validity(trust)),
        el('td', {}, el('span', { class: 'state ' + trust.state }, t(trust.state))),
        el('td', {}, trust.nextReview ? new Date(trust.nextReview).toLocaleDateString(language === 'lv' ? 'lv-LV' : 'en-GB') : '',
          trust.reviewOverdue ? el('div', { class: 'bad overdue' }, t('overdue')) : null),
        el('td', {}, actionsFor(trust), el('button', { type: 'button', class: 'plain history-toggle', onclick: async event => {
          if (!historyRow.hidden) { historyRow.hidden = true; event.target.textContent = t('history'); return; }
          const full = await api('GET', '/municipal-trusts/' + encodeURIComponent(trust.id));
          historyRow.firstChild.replaceChildren(historyTable(full.history));
          historyRow.hidden = false;
          event.target.textContent = t('hideHistory');
        } }, t('history'))));
      return [row, historyRow];
    })));
}

function eventTime(at) {
  return new Date(at).toLocaleString(language === 'lv' ? 'lv-LV' : 'en-GB');
}

function historyTable(history) {
  return el('table', { class: 'history-table' },
    el('thead', {}, el('tr', {}, [t('time'), t('action'), t('actor'), t('reason')].map(h => el('th', {}, h)))),
    el('tbody', {}, history.map(h => el('tr', {},
      el('td', {}, eventTime(h.at)),
      el('td', {}, t(h.action)),
      el('td', {}, h.actorUsername + (h.actorMunicipality ? ' (' + municipalityName(h.actorMunicipality) + ')' : '')),
      el('td', {}, h.reason ?? '')))));
}

/** The steps the rules allow this admin; the server checks them again. */
function actionsFor(trust) {
  const me = options.me;
  const mine = me.municipality;
  const party = me.platformAdmin || trust.trustingMunicipality === mine || trust.trustedMunicipality === mine;
  const buttons = [];
  if (me.readOnly) return buttons; // a reader (view-realm) sees, the server refuses every change
  const button = (action, needsReason) => el('button', { type: 'button', class: 'act', 'data-action': action,
    onclick: () => needsReason ? askReason(trust, action) : act(trust, action, null) }, t(action === 'review' ? 'reviewAction' : action));
  if (!party) return buttons;
  if (trust.state === 'PROPOSED') {
    if (!me.platformAdmin && trust.proposedBy !== mine) buttons.push(button('approve', false), button('reject', true));
    else buttons.push(el('div', { class: 'warn' }, t('waitingForOther')), button('revoke', true));
  } else if (trust.state === 'ACTIVE') {
    buttons.push(button('suspend', true), button('revoke', true));
    if (trust.trustingMunicipality === mine) buttons.push(button('review', false));
  } else if (trust.state === 'SUSPENDED') {
    if (me.platformAdmin || trust.suspendedBy === mine) buttons.push(button('resume', true));
    buttons.push(button('revoke', true));
  }
  return buttons;
}

function askReason(trust, action) {
  const dialog = document.getElementById('reason-dialog');
  const text = document.getElementById('reason-text');
  const error = document.getElementById('reason-error');
  document.getElementById('reason-title').textContent = t('reasonFor', t(action));
  text.value = '';
  error.hidden = true;
  document.getElementById('reason-cancel').onclick = () => dialog.close();
  document.getElementById('reason-form').onsubmit = event => {
    event.preventDefault();
    if (!text.value.trim()) {
      error.textContent = t('reasonRequired');
      error.hidden = false;
      return;
    }
    dialog.close();
    act(trust, action, text.value.trim());
  };
  dialog.showModal();
  text.focus();
}

async function act(trust, action, reason) {
  try {
    const changed = await api('POST', '/municipal-trusts/' + encodeURIComponent(trust.id) + '/' + action, reason ? { reason } : {});
    await show(currentTab);
    notice(t('done', t(changed.state)));
  } catch (e) {
    notice(t('failed', e.message), true);
  }
}

// ------------------------------------------------------------------ proposal

function proposeView() {
  const me = options.me;
  const field = (label, input) => el('label', {}, label, el('br'), input);
  const municipality = el('select', { id: 'p-municipality', name: 'trustingMunicipality' }, el('option', { value: '' }, t('choose')),
    options.municipalities.map(m => el('option', { value: m.id, selected: m.id === me.municipality }, m.name)));
  const directory = el('select', { id: 'p-directory', name: 'trustedDirectory' }, el('option', { value: '' }, t('choose')),
    options.directories.map(d => el('option', { value: d.id }, d.id + ' (' + municipalityName(d.municipality) + ')')));
  const allUsers = el('input', { type: 'checkbox', id: 'p-all-users' });
  const groups = el('input', { type: 'text', id: 'p-groups', maxlength: '1000', size: '50' });
  const roles = el('fieldset', { id: 'p-roles' });
  const today = new Date();
  const localToday = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, '0'), String(today.getDate()).padStart(2, '0')].join('-');
  const from = el('input', { type: 'date', id: 'p-valid-from', value: localToday });
  const until = el('input', { type: 'date', id: 'p-valid-until' });
  const transitive = el('input', { type: 'checkbox', id: 'p-transitive' });
  const errors = el('ul', { class: 'errors error', id: 'proposal-errors' });

  const showRoles = () => {
    // the resource side's own clients, and the platform-wide ones where it grants on its own data (VPVKAC)
    const clients = options.clients.filter(c => c.municipality === municipality.value).concat(options.sharedClients || []);
    const choices = clients.length === 0 ? [el('p', {}, t('noClients'))]
      : clients.map(c => el('div', {}, el('strong', {}, c.clientId + ': '), c.roles.map(r =>
        el('label', { class: 'inline' }, el('input', { type: 'checkbox', class: 'role', 'data-client': c.clientId, value: r }), r))));
    roles.replaceChildren(el('legend', {}, t('grantedRoles')), ...choices);
  };
  municipality.addEventListener('change', showRoles);
  allUsers.addEventListener('change', () => { groups.disabled = allUsers.checked; });
  showRoles();

  const form = el('form', { class: 'proposal', id: 'proposal', novalidate: true },
    field(t('resourceSide'), municipality), field(t('accountSide'), directory),
    el('label', {}, allUsers, t('allUsersField')), field(t('groupsField'), groups), roles,
    field(t('validFrom'), from), field(t('validUntil'), until), el('label', {}, transitive, t('transitiveField')),
    errors, el('div', {}, el('button', { type: 'submit', id: 'p-submit' }, t('submit'))));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const grantedRoles = {};
    form.querySelectorAll('input.role:checked').forEach(box => { (grantedRoles[box.dataset.client] ??= []).push(box.value); });
    const acceptedGroups = groups.value.split(',').map(g => g.trim()).filter(Boolean);
    const trustedMunicipality = options.directories.find(d => d.id === directory.value)?.municipality;
    const problems = [];
    if (me.platformAdmin) problems.push(t('errPlatformAdmin'));
    if (!municipality.value) problems.push(t('errMunicipality'));
    if (!directory.value) problems.push(t('errDirectory'));
    if (municipality.value && trustedMunicipality === municipality.value) problems.push(t('errSameSide'));
    else if (!me.platformAdmin && municipality.value && trustedMunicipality
      && municipality.value !== me.municipality && trustedMunicipality !== me.municipality) problems.push(t('errNotParty'));
    if (!allUsers.checked && acceptedGroups.length === 0) problems.push(t('errGroups'));
    if (Object.keys(grantedRoles).length === 0) problems.push(t('errRoles'));
    if (until.value && from.value && until.value <= from.value) problems.push(t('errWindow'));
    errors.replaceChildren(...problems.map(p => el('li', {}, p)));
    if (problems.length) return;
    try {
      await api('POST', '/municipal-trusts', {
        trustingMunicipality: municipality.value, trustedDirectory: directory.value, allUsers: allUsers.checked,
        acceptedGroups: allUsers.checked ? [] : acceptedGroups, grantedRoles, transitive: transitive.checked,
        // dates are the admin's local midnight: valid from the start of the first day until the start of the last
        validFrom: from.value ? new Date(from.value + 'T00:00').toISOString() : null,
        validUntil: until.value ? new Date(until.value + 'T00:00').toISOString() : null
      });
      trustFilter = { state: '', overdue: false };
      await show('trusts');
      notice(t('proposed'));
    } catch (e) {
      errors.replaceChildren(el('li', {}, e.message));
    }
  });
  return [el('h2', {}, t('tabPropose')), form];
}

// ------------------------------------------------------------------ graph

const SVG = 'http://www.w3.org/2000/svg';
const EDGE_COLOURS = { ACTIVE: '#1f7a3a', PROPOSED: '#a86400', SUSPENDED: '#b3261e', REVOKED: '#9aa3ad', EXPIRED: '#9aa3ad' };

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text != null) node.textContent = text;
  return node;
}

/** Municipalities on the left, directories on the right, one arrow per trust coloured by its state. */
async function graphView() {
  const graph = await api('GET', '/municipal-trusts/graph');
  if (graph.edges.length === 0) return [el('h2', {}, t('tabGraph')), el('p', { class: 'empty' }, t('graphEmpty'))];
  const left = graph.nodes.filter(n => n.type === 'municipality');
  const right = graph.nodes.filter(n => n.type === 'directory');
  const rowHeight = 76, width = 860, boxWidth = 290, boxHeight = 48;
  const height = Math.max(left.length, right.length) * rowHeight + 40;
  const position = new Map();
  left.forEach((n, i) => position.set(n.id, { x: 20, y: 30 + i * rowHeight }));
  right.forEach((n, i) => position.set(n.id, { x: width - boxWidth - 20, y: 30 + i * rowHeight }));
  const picture = svg('svg', { id: 'trust-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('tabGraph') });
  const defs = svg('defs', {});
  Object.entries(EDGE_COLOURS).forEach(([state, colour]) => {
    const marker = svg('marker', { id: 'arrow-' + state, viewBox: '0 0 10 10', refX: '10', refY: '5', markerUnits: 'userSpaceOnUse',
      markerWidth: '12', markerHeight: '12', orient: 'auto' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
    defs.append(marker);
  });
  picture.append(defs);
  // parallel trusts between the same pair are fanned out so each stays visible
  const seen = new Map();
  graph.edges.forEach(edge => {
    const a = position.get(edge.from), b = position.get(edge.to);
    const key = edge.from + '>' + edge.to;
    const offset = (seen.get(key) ?? 0) * 8;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const x1 = a.x + boxWidth, y1 = a.y + boxHeight / 2 + offset, x2 = b.x, y2 = b.y + boxHeight / 2 + offset;
    const colour = EDGE_COLOURS[edge.state] ?? '#5b6675';
    picture.append(svg('line', { class: 'edge', 'data-trust': edge.trust, 'data-state': edge.state, x1, y1, x2, y2, stroke: colour,
      'stroke-width': edge.state === 'ACTIVE' ? '3' : '2', 'stroke-dasharray': edge.state === 'ACTIVE' ? '' : '6 4',
      'marker-end': `url(#arrow-${edge.state})` }));
    const label = svg('text', { class: 'edge-label', x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle' },
      t(edge.state) + (edge.transitive ? ' · ' + t('transitive') : ''));
    label.style.fill = colour;
    picture.append(label);
  });
  graph.nodes.forEach(n => {
    const p = position.get(n.id);
    picture.append(svg('rect', { class: 'node', 'data-node': n.id, x: p.x, y: p.y, width: boxWidth, height: boxHeight, rx: '6',
      fill: n.type === 'municipality' ? '#f3e6e7' : '#e6eef6', stroke: '#5b6675' }));
    if (n.type === 'municipality') {
      picture.append(svg('text', { x: p.x + boxWidth / 2, y: p.y + boxHeight / 2 + 5, 'text-anchor': 'middle' }, municipalityName(n.municipality)));
    } else {
      picture.append(svg('text', { class: 'directory-id', x: p.x + boxWidth / 2, y: p.y + 20, 'text-anchor': 'middle' }, n.directory));
      picture.append(svg('text', { x: p.x + boxWidth / 2, y: p.y + 38, 'text-anchor': 'middle' }, municipalityName(n.municipality)));
    }
  });
  const legend = el('p', { class: 'legend' }, Object.entries(EDGE_COLOURS).slice(0, 4).map(([state, colour]) => {
    const key = el('span', {}, '■ ' + t(state));
    key.style.color = colour; // through the DOM: the page's policy forbids inline style attributes
    return key;
  }));
  return [el('h2', {}, t('tabGraph')), picture, el('p', {}, t('graphNote')), legend];
}

const VIEWS = { directories: directoriesView, trusts: trustsView, pending: pendingView, propose: proposeView, graph: graphView };

// ------------------------------------------------------------------ start

document.getElementById('language').addEventListener('click', () => {
  language = language === 'lv' ? 'en' : 'lv';
  localStorage.setItem('console.language', language);
  show(currentTab);
});
document.getElementById('sign-out').addEventListener('click', signOut);

(async function start() {
  try {
    if (new URLSearchParams(location.search).has('state')) await finishSignIn();
    if (!tokens) return signIn();
    options = await api('GET', '/municipal-trusts/options');
    await show('directories');
  } catch (e) {
    // an admin who signed in without a second factor is told the server's reason (set one up, sign in again)
    const secondFactor = e instanceof ApiError && /otro faktoru|second factor/.test(e.message);
    notice(e instanceof ApiError && e.status === 403 ? (secondFactor ? e.message : t('notAdmin')) : t('failed', e.message || e), true);
  }
})();
