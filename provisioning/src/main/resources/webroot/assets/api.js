/*
 * The daemon's API (openapi.yaml) with the signed-in person's token, asked in the page's language.
 * Every change carries an Idempotency-Key of its own: resent after a refused token it is the same
 * change, so the daemon answers it once.
 */
import {lang, t} from './i18n.js';
import {accessToken, tokenRefused} from './signin.js';

/** A refusal of the API ({"error", "message"}): message is already in the page's language. */
export class ApiError extends Error {
  constructor(status, message, key) {
    super(message);
    this.status = status;
    this.key = key;
  }
}

/** Resolves to the answer's JSON, rejects with an ApiError. */
export async function api(method, path, body) {
  const headers = {'Accept': 'application/json', 'Accept-Language': lang};
  if (method !== 'GET') {
    headers['Idempotency-Key'] = crypto.randomUUID();
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  for (let attempt = 1; ; attempt++) {
    headers['Authorization'] = 'Bearer ' + await accessToken();
    let response;
    try {
      response = await fetch('/api/v1/' + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store'});
    } catch (e) {
      throw new ApiError(0, t('error.network'), 'network');
    }
    if (response.status === 401 && attempt === 1) {
      tokenRefused();
      continue;
    }
    const data = await response.json().catch(() => null);
    if (response.ok) {
      return data;
    }
    throw new ApiError(response.status, data && typeof data.message === 'string' ? data.message : t('error.server', response.status),
      data && data.error);
  }
}
