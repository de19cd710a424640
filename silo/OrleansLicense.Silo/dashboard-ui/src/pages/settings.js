import { api, ApiError, describeError } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDuration } from '../format.js';
import { toast } from '../toast.js';
import { errorLine, pageHeader } from '../ui.js';

// The server's limits (R-SESS-3, borrow rules): checked here first for a quick answer, and again
// by the server, whose 400 problem detail is shown when it refuses.
const minTimeout = 60;
const maxTimeout = 48 * 3600;
const maxHeartbeat = 600;
const maxBorrowHours = 4320;

/** Settings: the client timeout and the borrow rules per product. */
export function mount(root, { store }) {
  const timeout = h('input', { id: 'client-timeout', name: 'clientTimeoutSeconds', type: 'number', inputmode: 'numeric', min: minTimeout, max: maxTimeout, step: 1, required: true, 'aria-describedby': 'client-timeout-hint client-timeout-error' });
  const timeoutHint = h('p', { id: 'client-timeout-hint', class: 'hint' });
  const timeoutError = errorLine('field-error');
  timeoutError.element.id = 'client-timeout-error';
  const rulesBody = h('tbody');
  const rulesError = errorLine('field-error');
  const products = h('datalist', { id: 'products' });
  const addRule = h('button', { type: 'button', class: 'button secondary small' }, 'Add rule');
  const save = h('button', { type: 'submit', class: 'button primary' }, 'Save settings');
  const reset = h('button', { type: 'button', class: 'button secondary' }, 'Discard changes');
  const serverError = errorLine('form-error');
  const form = h('form', { class: 'settings', novalidate: true },
    h('section', { class: 'panel' },
      h('h2', { class: 'panel-title' }, 'Client timeout'),
      h('p', { class: 'muted' }, 'A client that sends no heartbeat for this long is kicked and its seats return to the pool.'),
      h('label', { for: 'client-timeout' }, 'Client timeout (seconds)'),
      h('div', { class: 'input-row' }, timeout, h('span', { class: 'muted' }, '60 to 172800')),
      timeoutHint,
      timeoutError.element),
    h('section', { class: 'panel' },
      h('h2', { class: 'panel-title' }, 'Borrow rules'),
      h('p', { class: 'muted' }, `The longest a client may borrow seats of a product, in hours (1 to ${maxBorrowHours}, which is 180 days). Products without a rule allow 30 days (720 hours).`),
      h('div', { class: 'table-wrap' },
        h('table', { class: 'table rules' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col' }, 'Max hours'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
          rulesBody)),
      products,
      addRule,
      rulesError.element),
    serverError.element,
    h('div', { class: 'form-actions' }, reset, save));

  replace(root, pageHeader('Settings', 'Cluster-wide settings, stored by the settings grain and effective at once.'), form);

  timeout.addEventListener('input', () => {
    describeTimeout();
    timeoutError.hide();
  });
  addRule.addEventListener('click', () => {
    const row = ruleRow('', '');
    rulesBody.append(row);
    row.querySelector('input')?.focus();
  });
  reset.addEventListener('click', () => load());

  function describeTimeout() {
    const seconds = Number(timeout.value);
    if (Number.isInteger(seconds) && seconds >= minTimeout && seconds <= maxTimeout) {
      replace(timeoutHint, `${formatDuration(seconds)}; clients heartbeat every ${formatDuration(Math.min(Math.floor(seconds / 2), maxHeartbeat))}.`);
    } else {
      replace(timeoutHint, '');
    }
  }

  function ruleRow(product, hours) {
    const productInput = h('input', { type: 'text', value: product, list: 'products', 'aria-label': 'Product', placeholder: 'product id', autocomplete: 'off' });
    const hoursInput = h('input', { type: 'number', value: hours, min: 1, max: maxBorrowHours, step: 1, inputmode: 'numeric', 'aria-label': 'Max hours' });
    const remove = h('button', { type: 'button', class: 'button danger-outline small', 'aria-label': 'Remove rule' }, 'Remove');
    const row = h('tr', { class: 'rule' },
      h('td', { 'data-label': 'Product' }, productInput),
      h('td', { 'data-label': 'Max hours' }, hoursInput),
      h('td', null, remove));
    remove.addEventListener('click', () => row.remove());
    return row;
  }

  async function load() {
    serverError.hide();
    timeoutError.hide();
    rulesError.hide();
    try {
      const settings = await api('/admin/settings');
      timeout.value = String(settings.clientTimeoutSeconds);
      describeTimeout();
      replace(rulesBody, Object.entries(settings.borrowRules ?? {}).map(([product, rule]) => ruleRow(product, String(rule.maxHours))));
    } catch (e) {
      serverError.show(`Cannot read the settings: ${describeError(e)}`);
    }
  }

  /** The settings in the form, or null after showing what is wrong. */
  function validate() {
    let ok = true;
    const seconds = Number(timeout.value);
    if (timeout.value.trim() === '' || !Number.isInteger(seconds) || seconds < minTimeout || seconds > maxTimeout) {
      timeoutError.show(`The client timeout must be a whole number of seconds from ${minTimeout} (1 minute) to ${maxTimeout} (48 hours).`);
      timeout.setAttribute('aria-invalid', 'true');
      ok = false;
    } else {
      timeoutError.hide();
      timeout.removeAttribute('aria-invalid');
    }

    const rules = {};
    const problems = [];
    for (const row of rulesBody.querySelectorAll('tr')) {
      const [productInput, hoursInput] = row.querySelectorAll('input');
      const product = productInput.value.trim();
      const hours = Number(hoursInput.value);
      if (!product && hoursInput.value.trim() === '') continue; // an empty new row is ignored
      if (!product) problems.push('Every borrow rule needs a product.');
      else if (product in rules) problems.push(`There are two rules for ${product}.`);
      if (hoursInput.value.trim() === '' || !Number.isInteger(hours) || hours < 1 || hours > maxBorrowHours) {
        problems.push(`Max hours${product ? ` for ${product}` : ''} must be a whole number from 1 to ${maxBorrowHours}.`);
      }
      if (product) rules[product] = { maxHours: hours };
    }
    if (problems.length) {
      rulesError.show(problems.join(' '));
      ok = false;
    } else {
      rulesError.hide();
    }

    return ok ? { clientTimeoutSeconds: seconds, borrowRules: rules } : null;
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    serverError.hide();
    const values = validate();
    if (!values) return;
    save.disabled = true;
    try {
      // PUT replaces every setting: the maintenance mode is read just before so it is kept as it is now.
      const current = await api('/admin/settings');
      await api('/admin/settings', { method: 'PUT', json: { ...values, maintenance: current.maintenance } });
      toast('Settings saved.');
      await load();
    } catch (e) {
      serverError.show(e instanceof ApiError && e.title ? `${e.title}: ${describeError(e)}` : `The settings were not saved: ${describeError(e)}`);
    } finally {
      save.disabled = false;
    }
  });

  const unsubscribe = store.subscribe(({ licenses }) => {
    const names = [...new Set((licenses ?? []).map(l => l.product))].sort();
    if (products.childElementCount !== names.length) replace(products, names.map(name => h('option', { value: name })));
  });

  load();
  return () => unsubscribe();
}
