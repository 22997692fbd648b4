/*
 * The municipality's quota against what its servers use, as bars in inline SVG (no script or style
 * from elsewhere, nothing the Content-Security-Policy would stop). Usage is what the daemon sums
 * from the servers (decision 95), so the chart is as fresh as the last answer.
 */
import {api} from './api.js';
import {byId, fill, svg} from './dom.js';
import {number, t} from './i18n.js';

const DIMENSIONS = [
  {key: 'vcpus', label: 'quota.vcpus', amount: n => number(n)},
  {key: 'memoryMib', label: 'quota.memory', amount: mib => t('unit.gib', number(mib / 1024))},
  {key: 'diskGib', label: 'quota.disk', amount: gib => t('unit.gib', number(gib))},
  {key: 'servers', label: 'quota.servers', amount: n => number(n)},
];
const ROW = 40;
const BAR_X = 130;
const BAR_WIDTH = 300;

function bar(dimension, used, limit, top) {
  // a lowered quota can leave more in use than allowed (shrinking is always allowed): the bar is full and marked
  const share = limit > 0 ? used / limit : (used > 0 ? 2 : 0);
  const described = t('quota.value', dimension.amount(used), dimension.amount(limit));
  return svg('g', {'data-dimension': dimension.key, 'data-used': used, 'data-limit': limit, class: share > 1 ? 'over' : null},
    svg('text', {x: 0, y: top + 25, class: 'label'}, t(dimension.label)),
    svg('rect', {x: BAR_X, y: top + 8, width: BAR_WIDTH, height: 24, class: 'track'}),
    svg('rect', {x: BAR_X, y: top + 8, width: Math.round(BAR_WIDTH * Math.min(share, 1)), height: 24, class: 'used'}),
    svg('text', {x: BAR_X + BAR_WIDTH + 12, y: top + 25, class: 'value'}, described));
}

/** Loads and draws the quota of municipality. */
export async function showQuota(municipality) {
  const quota = await api('GET', 'quotas/' + encodeURIComponent(municipality));
  fill(byId('quota-title'), t('quota.title', municipality));
  const bars = DIMENSIONS.map((d, i) => bar(d, quota.used[d.key], quota.limit[d.key], i * ROW));
  const summary = DIMENSIONS.map(d => t(d.label) + ': ' + t('quota.value', d.amount(quota.used[d.key]), d.amount(quota.limit[d.key])))
    .join('; ');
  fill(byId('quota-chart'), svg('svg', {viewBox: `0 0 620 ${DIMENSIONS.length * ROW}`, role: 'img', 'aria-labelledby': 'quota-summary'},
    svg('title', {id: 'quota-summary'}, summary), bars));
  byId('quota').hidden = false;
}
