/*
 * The servers the caller may see, newest first, a page at a time (the API's next cursor), with a
 * name filter kept in the address so that a link opens the same list. Each row offers start, stop,
 * snapshot and delete where the caller operates the server's municipality; the change is followed
 * as a job and the list and quota are read again once it has finished.
 */
import {api} from './api.js';
import {ask} from './ask.js';
import {byId, el, fill} from './dom.js';
import {follow} from './jobs.js';
import {number, pointLanguageSwitch, t} from './i18n.js';
import {fail, quiet} from './message.js';
import {operates} from './roles.js';

const PAGE_SIZE = 20;
const SNAPSHOT_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]*';
/** When each action makes sense: the daemon's Operation phases, so a button is not offered just to be refused (409). */
const ACTIONS = [
  {name: 'start', offered: s => s.power === 'STOPPED', phases: ['READY']},
  {name: 'stop', offered: s => s.power === 'RUNNING', phases: ['READY']},
  {name: 'snapshot', offered: () => true, phases: ['READY']},
  {name: 'delete', offered: () => true, phases: ['CREATING', 'READY', 'FAILED']},
];

let who = null;
let changed = null;
/** The cursor of each page turned to so far (the first page has none): "previous" goes back along it. */
let cursors = [null];
let next = null;
let shown = 0;
/** Servers with a job this page follows: their buttons wait for it. */
const busy = new Set();

function filterName() {
  return new URLSearchParams(window.location.search).get('name') || '';
}

function state(s) {
  const phase = t('phase.' + s.phase);
  if (s.actualPower === s.power) {
    return t('state.same', phase, t('power.' + s.power));
  }
  return t('state.differs', phase, t('power.' + s.power), s.actualPower ? t('power.' + s.actualPower) : t('power.unknown'));
}

function buttons(s) {
  return ACTIONS.filter(a => a.offered(s)).map(a => {
    const button = el('button', {type: 'button', class: 'action', 'data-action': a.name,
      'aria-label': t('action.for', t('action.' + a.name), s.name), disabled: busy.has(s.id) || !a.phases.includes(s.phase)},
    t('action.' + a.name));
    button.addEventListener('click', () => act(a.name, s));
    return button;
  });
}

function row(s) {
  return el('tr', {id: 'server-' + s.id, 'data-name': s.name, 'data-phase': s.phase, 'data-power': s.power,
    'data-actual-power': s.actualPower},
  el('th', {scope: 'row'}, s.name),
  el('td', {}, s.municipality),
  el('td', {class: 'state'}, state(s)),
  el('td', {}, t('size', number(s.vcpus), number(s.memoryMib / 1024), number(s.diskGib))),
  el('td', {}, s.host),
  el('td', {class: 'actions'}, operates(who, s.municipality) ? buttons(s) : []));
}

/** Reads the current page again and shows it. */
export async function loadServers() {
  const query = new URLSearchParams({limit: PAGE_SIZE});
  if (filterName()) {
    query.set('name', filterName());
  }
  if (cursors[cursors.length - 1]) {
    query.set('cursor', cursors[cursors.length - 1]);
  }
  const page = await api('GET', 'servers?' + query);
  next = page.next;
  fill(byId('server-rows'), page.servers.map(row));
  byId('servers-empty').hidden = page.servers.length > 0;
  byId('previous-page').disabled = cursors.length === 1;
  byId('next-page').disabled = !next;
  fill(byId('page-number'), t('pager.page', cursors.length));
  // counts the answers shown, so whoever waits for the list (a browser test) can tell a new one from the last
  byId('server-table').setAttribute('data-shown', String(++shown));
}

function defaultSnapshotName() {
  const now = new Date();
  const two = n => String(n).padStart(2, '0');
  return `snap-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}`;
}

/** What the API is asked for action on server s: method, path and body; null when the person changed their mind. */
async function request(action, s) {
  const path = 'servers/' + encodeURIComponent(s.id);
  if (action === 'snapshot') {
    const name = await ask(t('ask.snapshot', s.name), {label: t('ask.snapshotName'), value: defaultSnapshotName(),
      pattern: SNAPSHOT_PATTERN});
    return name === null ? null : ['POST', path + '/snapshots', {name}];
  }
  if (action === 'delete') {
    return await ask(t('ask.delete', s.name)) === null ? null : ['DELETE', path, undefined];
  }
  return ['POST', path + '/' + action, undefined];
}

async function act(action, s) {
  quiet();
  const asked = await request(action, s);
  if (asked === null) {
    return;
  }
  busy.add(s.id);
  try {
    const accepted = await api(...asked);
    await loadServers();
    await follow(accepted.job, s.name);
  } catch (e) {
    fail(e);
  } finally {
    busy.delete(s.id);
    await changed();
  }
}

function turn(cursorsNow) {
  cursors = cursorsNow;
  loadServers().catch(fail);
}

/** Wires the filter and the pager, then shows the first page; changedNow reads list and quota again after a change. */
export function startServers(holder, changedNow) {
  who = holder;
  changed = changedNow;
  byId('filter-name').value = filterName();
  byId('filter-form').addEventListener('submit', e => {
    e.preventDefault();
    const address = new URL(window.location.href);
    const name = byId('filter-name').value.trim();
    if (name) {
      address.searchParams.set('name', name);
    } else {
      address.searchParams.delete('name');
    }
    window.history.replaceState(null, '', address.pathname + address.search + address.hash);
    pointLanguageSwitch();
    turn([null]);
  });
  byId('servers-refresh').addEventListener('click', () => turn(cursors));
  byId('next-page').addEventListener('click', () => turn([...cursors, next]));
  byId('previous-page').addEventListener('click', () => turn(cursors.slice(0, -1)));
  return loadServers();
}
