// The admin token lives in sessionStorage: it survives reloads of this tab but not closing it, and
// other tabs (or other sites) never see it. It is sent only as "Authorization: Bearer", never in a URL.
const key = 'orleanslicense.adminToken';

/** The token this tab signed in with, or null. */
export function getToken() {
  return sessionStorage.getItem(key);
}

/** Remembers the token for this tab. */
export function setToken(token) {
  sessionStorage.setItem(key, token);
}

/** Forgets the token (sign out, or the server refused it). */
export function clearToken() {
  sessionStorage.removeItem(key);
}
