// The web UI's session and its access to the HTTP API (docs/API.md): the signed-in user's token,
// kept in localStorage; every request with it as the bearer; a development session's token
// renewed when it expires.

import {describeError} from './text.js';

export const SESSION_KEY = 'cruddur.session';

// The session: {token, handle, name, dev}, or null when signed out. Read-only for importers.
export let session = loadSession();

function loadSession() {
  try {
    const saved = JSON.parse(localStorage.getItem(SESSION_KEY));
    return saved && typeof saved.token === 'string' ? saved : null;
  } catch {
    return null;
  }
}

export function saveSession(value) {
  session = value;
  if (value) localStorage.setItem(SESSION_KEY, JSON.stringify(value));
  else localStorage.removeItem(SESSION_KEY);
}

// The token's claims, unverified: only to name the user on the page (the server verifies).
export function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch {
    return {};
  }
}

export class ApiError extends Error {
  constructor(status, body) {
    super(describeError(status, body));
    this.status = status;
    this.body = body;
  }
}

// One request; `token` (if any) as the bearer. Throws ApiError(0) when the server is unreachable.
export async function exchange(path, {method = 'GET', body, token}) {
  const headers = {Accept: 'application/json'};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return {response, data};
}

let signingIn = false;  // a refused token then means "wrong token", not "session over"
let sessionEnded = () => {};

// Reads the session saved by another tab.
export function reloadSession() {
  session = loadSession();
}

// While signing in, a refused token is the user's mistake, not the end of a session.
export function setSigningIn(value) {
  signingIn = value;
}

// `handler(reason)` runs when the server refuses the session's token for good.
export function onSessionEnded(handler) {
  sessionEnded = handler;
}
let renewing = null;

// A development session outlives its hour-long tokens: the dev issuer signs a new one.
function renewDevToken() {
  renewing ??= exchange('/api/dev/sign_in', {method: 'POST', body: {handle: session.handle}})
    .then(({response, data}) => {
      if (!response.ok || typeof data?.access_token !== 'string' || !session) return false;
      saveSession({...session, token: data.access_token});
      return true;
    })
    .catch(() => false)
    .finally(() => (renewing = null));
  return renewing;
}

export async function api(path, options = {}) {
  let {response, data} = await exchange(path, {...options, token: session?.token});
  if (response.status === 401 && session && !signingIn) {
    if (session.dev && await renewDevToken()) {
      ({response, data} = await exchange(path, {...options, token: session.token}));
    }
    if (response.status === 401) sessionEnded('Your session has ended. Sign in again.');
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return {data, cursor: response.headers.get('X-Next-Cursor') || ''};
}

export const withCursor = (path, cursor) => (cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path);
