/*
 * The page for municipal IT staff: signs in (signin.js), then shows the quota of the caller's
 * municipality, the create form and the servers. body[data-ready] says when it has loaded ("true"),
 * or could not ("failed", with the reason in the message area), or stands signed out ("signed-out").
 */
import {byId} from './dom.js';
import {loadTexts, pointLanguageSwitch, t} from './i18n.js';
import {fail, tell} from './message.js';
import {showQuota} from './quota.js';
import {views} from './roles.js';
import {SignInError, completeSignIn, discover, holder, signIn, signOut} from './signin.js';
import {loadServers, startServers} from './servers.js';
import {startCreate} from './create.js';

function rolesText(who) {
  const named = roles => roles.map(r => t('role.' + r)).join(', ');
  const parts = [];
  if (who.platformOperator) {
    parts.push(t('role.platform-operator'));
  }
  if (who.roles.length > 0) {
    parts.push(t('signIn.rolesIn', who.municipality, named(who.roles)));
  }
  Object.entries(who.grants).forEach(([municipality, roles]) => parts.push(t('signIn.rolesIn', municipality, named(roles))));
  return parts.length > 0 ? parts.join('; ') : t('signIn.noRoles');
}

/** After signing out, or when a sign-in went wrong: a link to this page afresh, which starts a new sign-in. */
function offerSignIn() {
  const address = new URL(window.location.href);
  address.searchParams.delete('signed-out');
  byId('sign-in').setAttribute('href', address.pathname + address.search + address.hash);
  byId('sign-in-again').hidden = false;
}

async function main() {
  await loadTexts();
  document.title = t('page.title');
  await discover();
  if (new URLSearchParams(window.location.search).has('signed-out')) {
    tell(t('signIn.signedOut'));
    offerSignIn();
    return 'signed-out';
  }
  if (!await completeSignIn()) {
    await signIn(); // the page leaves for the platform's sign-in and is loaded again with its answer
  }
  const who = holder();
  byId('signed-in').textContent = t('signIn.as', who.username, rolesText(who));
  const out = byId('sign-out');
  out.hidden = false;
  out.addEventListener('click', signOut);
  byId('content').hidden = false;
  const quota = who.municipality && views(who, who.municipality) ? () => showQuota(who.municipality) : () => null;
  const changed = () => Promise.all([loadServers(), quota()]).catch(fail);
  await Promise.all([quota(), startServers(who, changed), startCreate(who, changed)]);
  return 'true';
}

main().then(outcome => {
  pointLanguageSwitch();
  document.body.setAttribute('data-ready', outcome);
}, e => {
  fail(e);
  if (e instanceof SignInError) {
    offerSignIn();
  }
  pointLanguageSwitch();
  document.body.setAttribute('data-ready', 'failed');
});
