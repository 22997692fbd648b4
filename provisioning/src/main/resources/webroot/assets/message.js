/* The page's one message area (role=alert, so a screen reader says what went wrong). */
import {byId, fill} from './dom.js';
import {t} from './i18n.js';
import {ApiError} from './api.js';
import {SignInError} from './signin.js';

function box(kind, text) {
  const node = byId('message');
  node.className = 'message ' + kind;
  fill(node, text);
  node.hidden = false;
  return node;
}

/** Shows what went wrong: the API's own words, a sign-in problem, or (unforeseen) a general text. */
export function fail(error) {
  if (error instanceof ApiError) {
    box('error', error.message).setAttribute('data-error', error.key || String(error.status));
  } else if (error instanceof SignInError) {
    box('error', t(error.key, error.detail)).setAttribute('data-error', error.key);
  } else {
    // the details are for whoever looks into it (and a browser test's failure message), not for the reader
    box('error', t('error.server', '?')).setAttribute('data-error', String(error && error.stack ? error.stack : error));
    console.error(error);
  }
}

export function tell(text) {
  box('info', text).removeAttribute('data-error');
}

export function quiet() {
  const node = byId('message');
  node.hidden = true;
  node.removeAttribute('data-error');
  node.replaceChildren();
}
