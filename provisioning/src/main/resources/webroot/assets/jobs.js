/*
 * Jobs the page started, with their progress: a change is accepted at once and done by a job
 * (decision 98), so the page asks after the job until it has succeeded or failed.
 */
import {api} from './api.js';
import {byId, el} from './dom.js';
import {t} from './i18n.js';

const POLL_MS = 500;
const SHOWN = 10;
const FINISHED = ['SUCCEEDED', 'FAILED'];

function line(job, serverName) {
  const state = [t('job.state.' + job.state), t('job.percent', job.progress)];
  if (job.step && !FINISHED.includes(job.state)) {
    state.push(t('step.' + job.step));
  }
  return el('li', {id: 'job-' + job.id, class: 'job', 'data-state': job.state, 'data-kind': job.kind, 'data-server': serverName},
    el('span', {class: 'job-what'}, t('job.what', t('job.kind.' + job.kind), serverName)),
    el('progress', {max: 100, value: job.progress, 'aria-label': t('job.progress')}),
    el('span', {class: 'job-state'}, state.join(' · ')),
    job.state === 'FAILED' && job.error ? el('span', {class: 'job-error'}, t('job.failed', job.error)) : null);
}

/** Shows the job at the top of the list and follows it; resolves to the job once it has finished. */
export async function follow(job, serverName) {
  const list = byId('job-list');
  let shown = line(job, serverName);
  list.prepend(shown);
  while (list.children.length > SHOWN) {
    list.lastElementChild.remove();
  }
  byId('jobs').hidden = false;
  while (!FINISHED.includes(job.state)) {
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
    job = await api('GET', 'jobs/' + encodeURIComponent(job.id));
    const now = line(job, serverName);
    shown.replaceWith(now);
    shown = now;
  }
  return job;
}
