import { getToken } from './auth.js';

/** An answer other than 2xx, carrying the server's RFC 9457 problem details when it sent them. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{title?: string, detail?: string, code?: string} | null} problem
   */
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem?.code ?? null;
    this.title = problem?.title ?? null;
    this.detail = problem?.detail ?? null;
  }
}

/** Raised on window when the server refuses the token, so the shell can go back to the login form. */
export const unauthorizedEvent = 'olic:unauthorized';

/** Raised on window with detail true/false when the server becomes reachable or not. */
export const connectionEvent = 'olic:connection';

/**
 * Calls the silo's HTTP API under /api/v1 with the admin token.
 * @param {string} path e.g. "/admin/licenses"
 * @param {{method?: string, json?: unknown, text?: string, signal?: AbortSignal, token?: string}} [options]
 * @returns {Promise<any>} the parsed JSON body, or null for 204
 */
export async function api(path, { method = 'GET', json, text, signal, token } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token ?? getToken() ?? ''}` };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (text !== undefined) {
    // License files are JSON documents; they are posted byte for byte because the signature covers them.
    headers['Content-Type'] = 'application/json';
    body = text;
  }

  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body, signal, cache: 'no-store' });
  } catch (error) {
    if (error?.name !== 'AbortError') window.dispatchEvent(new CustomEvent(connectionEvent, { detail: false }));
    throw error;
  }

  window.dispatchEvent(new CustomEvent(connectionEvent, { detail: true }));
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && token === undefined) window.dispatchEvent(new CustomEvent(unauthorizedEvent));
    throw new ApiError(response.status, problem);
  }

  if (response.status === 204) return null;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

async function readProblem(response) {
  try {
    const type = response.headers.get('content-type') ?? '';
    return type.includes('json') ? await response.json() : null;
  } catch {
    return null;
  }
}

/** A one-line message for an error from api(): the problem's detail when there is one. */
export function describeError(error) {
  if (error instanceof ApiError) return error.detail || error.title || error.message;
  if (error?.name === 'TypeError') return 'The server cannot be reached.';
  return error?.message ?? String(error);
}
