import { api } from './api.js';
import { poll } from './poll.js';

/** Samples kept for the usage chart: five minutes at one a second. */
export const historySeconds = 300;

/**
 * Polls the license views once a second while signed in and keeps a rolling history of the
 * seats in use per feature, so the Usage page has the last minutes even when opened late.
 * Pages subscribe to get each new list.
 */
export function createLicenseStore() {
  /** @type {any[] | null} */
  let licenses = null;
  let error = null;
  /** @type {{t: number, inUse: Map<string, number>}[]} */
  const history = [];
  const listeners = new Set();

  const poller = poll(async signal => {
    try {
      licenses = await api('/admin/licenses', { signal });
      error = null;
      record(licenses);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      error = e;
    }
    for (const listener of listeners) listener(state());
  }, 1000);

  function record(list) {
    const inUse = new Map();
    for (const license of list) {
      for (const feature of license.features) {
        inUse.set(featureKey(license, feature), feature.used + feature.borrowed);
      }
    }
    history.push({ t: Date.now(), inUse });
    const oldest = Date.now() - historySeconds * 1000;
    while (history.length && history[0].t < oldest) history.shift();
  }

  const state = () => ({ licenses, error, history });

  return {
    /** Calls listener with each new state (and at once when there is one); returns the unsubscribe function. */
    subscribe(listener) {
      listeners.add(listener);
      if (licenses || error) listener(state());
      return () => listeners.delete(listener);
    },
    /** Polls now, e.g. after an import. */
    refresh: () => poller.refresh(),
    stop: () => poller.stop(),
  };
}

/** The key of a feature of a license in the history. */
export function featureKey(license, feature) {
  return `${license.id}\u0000${feature.name}`;
}
