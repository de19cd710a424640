import { h } from './dom.js';

let region = null;

/**
 * Shows a short notice in the corner: successes fade after 4 s, errors stay 10 s or until closed.
 * @param {string} message
 * @param {'success' | 'error' | 'info'} [kind]
 */
export function toast(message, kind = 'success') {
  if (!region || !region.isConnected) {
    region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }

  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
  const item = h('div', { class: `toast ${kind}` }, h('span', null, message), close);
  const remove = () => item.remove();
  close.addEventListener('click', remove);
  region.append(item);
  setTimeout(remove, kind === 'error' ? 10000 : 4000);
}
