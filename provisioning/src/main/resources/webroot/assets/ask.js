/*
 * A question in the page's own dialog rather than window.prompt/confirm: in the page's language and
 * style, its field checked by the browser before it closes.
 */
import {byId, fill} from './dom.js';

/**
 * Asks question; with field ({label, value, pattern}) also for a value. Resolves to the value
 * (empty without a field), or to null when the person cancels.
 */
export function ask(question, field) {
  const dialog = byId('ask');
  const input = byId('ask-value');
  fill(byId('ask-text'), question);
  byId('ask-field').hidden = !field;
  input.required = Boolean(field);
  input.value = field ? field.value : '';
  if (field) {
    fill(byId('ask-label'), field.label);
    input.setAttribute('pattern', field.pattern);
  } else {
    input.removeAttribute('pattern');
  }
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? input.value.trim() : null), {once: true});
    dialog.returnValue = '';
    dialog.showModal();
  });
}
