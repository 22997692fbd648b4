/*
 * Signing in to the platform's Keycloak from the browser: OAuth 2.0 authorization code with PKCE
 * (RFC 7636, S256) for the public client that /config.json names. The tokens live in this page's
 * memory only, where no other page and no stored copy can reach them; sessionStorage keeps just
 * what has to survive the trip to Keycloak and back: the PKCE verifier, the state and the address
 * to return to (so a link to a filtered list or a language comes back as it was). An access token
 * about to expire is refreshed; when that fails (the platform session ended), the person signs in
 * again, which the platform's own session usually makes a redirect with no questions.
 */
import {lang} from './i18n.js';

const PENDING = 'provisioning.signIn';
/** Refreshed this long before it runs out, so a call never leaves with a token that expires on the way. */
const MARGIN_MS = 10_000;
/** The API whose roles the token carries (resource_access), the daemon's audience. */
const API_CLIENT = 'provisioning-api';

let provider = null;
let tokens = null;
let refreshing = null;

/** A sign-in that did not work; key names the text to show. */
export class SignInError extends Error {
  constructor(key, detail) {
    super(detail || key);
    this.key = key;
    this.detail = detail;
  }
}

async function json(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new SignInError('signIn.unavailable');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new SignInError('signIn.failed', body && (body.error_description || body.error) || 'HTTP ' + response.status);
  }
  return body;
}

/** Reads the daemon's configuration and the realm's endpoints (OpenID Connect discovery). */
export async function discover() {
  const config = await json('config.json', {cache: 'no-store'});
  const metadata = await json(config.issuer + '/.well-known/openid-configuration');
  if (metadata.issuer !== config.issuer) {
    throw new SignInError('signIn.failed', 'issuer ' + metadata.issuer);
  }
  provider = {clientId: config.clientId, ...metadata};
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(length) {
  return base64url(crypto.getRandomValues(new Uint8Array(length)));
}

/** The page itself: one fixed address, matched by the client's redirect URIs; where to go next travels in sessionStorage. */
function redirectUri() {
  return new URL('/', window.location.href).href;
}

/** Leaves for the platform's sign-in; the returned promise never settles, as the page is going away. */
export async function signIn() {
  const verifier = randomText(32);
  const state = randomText(16);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const here = window.location;
  sessionStorage.setItem(PENDING, JSON.stringify({state, verifier, back: here.pathname + here.search + here.hash}));
  const query = new URLSearchParams({
    response_type: 'code', client_id: provider.clientId, redirect_uri: redirectUri(), scope: 'openid', state,
    code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: 'S256', ui_locales: lang,
  });
  window.location.assign(provider.authorization_endpoint + '?' + query);
  return new Promise(() => {});
}

async function tokenRequest(grant) {
  const asked = Date.now();
  const body = await json(provider.token_endpoint, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({client_id: provider.clientId, ...grant}),
  });
  tokens = {
    access: body.access_token,
    refresh: body.refresh_token || (tokens && tokens.refresh),
    id: body.id_token || (tokens && tokens.id),
    // counted from when it was asked for, by this browser's clock: Keycloak's clock may differ
    expiresAt: asked + body.expires_in * 1000,
  };
}

/**
 * When the address is Keycloak's answer to signIn: checks that it answers this very sign-in (state),
 * comes from the platform's issuer (RFC 9207), exchanges the code with the verifier and puts the
 * address back as it was before the sign-in. False when the address is no such answer.
 */
export async function completeSignIn() {
  const answer = new URLSearchParams(window.location.search);
  if (!answer.has('state') || !(answer.has('code') || answer.has('error'))) {
    return false;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  // the one-time code leaves the address bar and the history at once, whatever follows
  window.history.replaceState(null, '', pending ? pending.back : '/');
  if (!pending || pending.state !== answer.get('state')) {
    throw new SignInError('signIn.stateMismatch');
  }
  if (answer.has('error')) {
    throw new SignInError('signIn.failed', answer.get('error_description') || answer.get('error'));
  }
  if (answer.has('iss') && answer.get('iss') !== provider.issuer) {
    throw new SignInError('signIn.failed', 'iss ' + answer.get('iss'));
  }
  await tokenRequest({grant_type: 'authorization_code', code: answer.get('code'), redirect_uri: redirectUri(),
    code_verifier: pending.verifier});
  return true;
}

/** A usable access token: the one held, a refreshed one, or, when neither can be had, a new sign-in. */
export async function accessToken() {
  if (tokens && Date.now() < tokens.expiresAt - MARGIN_MS) {
    return tokens.access;
  }
  if (tokens && tokens.refresh) {
    // calls made at the same moment share one refresh
    refreshing = refreshing || tokenRequest({grant_type: 'refresh_token', refresh_token: tokens.refresh})
      .finally(() => { refreshing = null; });
    try {
      await refreshing;
      return tokens.access;
    } catch (e) {
      // the platform session ended or the refresh token ran out: sign in again below
    }
  }
  return signIn();
}

/** The API refused the token held (ended early, revoked): the next accessToken() refreshes it. */
export function tokenRefused() {
  if (tokens) {
    tokens.expiresAt = 0;
  }
}

function claims(jwt) {
  const text = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(text), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Who is signed in, as the access token says: read only to decide what the page offers. The API
 * checks the token itself and refuses whatever the roles do not allow.
 */
export function holder() {
  const c = claims(tokens.access);
  const api = (c.resource_access && c.resource_access[API_CLIENT]) || {};
  return {
    username: c.preferred_username,
    municipality: c.municipality || null,
    roles: api.roles || [],
    platformOperator: ((c.realm_access && c.realm_access.roles) || []).includes('platform-operator'),
    grants: c.trust_grants || {},
  };
}

/** Ends the platform session too (RP-initiated logout) and comes back to the page, told it signed out. */
export function signOut() {
  const back = new URL('/', window.location.href);
  back.searchParams.set('signed-out', '1');
  const query = new URLSearchParams({client_id: provider.clientId, post_logout_redirect_uri: back.href});
  if (tokens && tokens.id) {
    // with the ID token, Keycloak knows whose session it is and asks no confirmation
    query.set('id_token_hint', tokens.id);
  }
  tokens = null;
  window.location.assign(provider.end_session_endpoint + '?' + query);
}
