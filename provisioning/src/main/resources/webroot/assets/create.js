/*
 * Creating a server from a template, offered to whoever operates a municipality (their own, or one a
 * trust lends them an operator's role in). Whether the name is valid, free and within the quota, the
 * daemon says, in the page's language.
 */
import {api} from './api.js';
import {byId, el, fill} from './dom.js';
import {follow} from './jobs.js';
import {number, t} from './i18n.js';
import {fail, quiet} from './message.js';
import {operated} from './roles.js';

async function create(changed) {
  quiet();
  const submit = byId('create-submit');
  const name = byId('create-name').value.trim();
  const body = {name, template: byId('create-template').value, municipality: byId('create-municipality').value,
    start: byId('create-start').checked};
  submit.disabled = true;
  try {
    const accepted = await api('POST', 'servers', body);
    byId('create-name').value = '';
    await changed();
    await follow(accepted.job, name);
  } catch (e) {
    fail(e);
  } finally {
    submit.disabled = false;
    await changed();
  }
}

/** Shows the form when the caller operates some municipality, with the templates in the page's language. */
export async function startCreate(who, changed) {
  const municipalities = operated(who);
  if (municipalities.length === 0) {
    return;
  }
  const {templates} = await api('GET', 'templates');
  fill(byId('create-template'), templates.map(template => el('option', {value: template.id},
    t('template.option', template.name, t('size', number(template.vcpus), number(template.memoryMib / 1024), number(template.diskGib))))));
  fill(byId('create-municipality'), municipalities.map(m => el('option', {value: m}, m)));
  byId('create-municipality-field').hidden = municipalities.length === 1;
  byId('create-form').addEventListener('submit', e => {
    e.preventDefault();
    create(changed);
  });
  byId('create').hidden = false;
}
