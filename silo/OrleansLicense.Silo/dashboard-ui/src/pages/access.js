import { api, describeError } from '../api.js';
import { h, replace } from '../dom.js';
import { toast } from '../toast.js';
import { emptyState, errorLine, pageHeader, panel } from '../ui.js';

/**
 * Access: the grid's admin access rules (R-SEC-1; the first rule matching the caller and its address decides, no
 * match allows) and the named admins, each with a token of their own.
 */
export function mount(root) {
  const rulesBody = h('tbody');
  const rulesEmpty = h('div');
  const effect = h('select', { id: 'access-effect', name: 'effect' }, h('option', { value: 'allow' }, 'allow'), h('option', { value: 'deny' }, 'deny'));
  const who = h('input', { id: 'access-who', name: 'who', value: 'everyone', required: true, autocomplete: 'off' });
  const where = h('input', { id: 'access-where', name: 'where', placeholder: 'any, this-computer, 10.0.0.0/8, host', required: true, autocomplete: 'off' });
  const position = h('input', { id: 'access-position', name: 'position', type: 'number', min: 1, step: 1, inputmode: 'numeric', placeholder: 'last' });
  const force = h('input', { id: 'access-force', name: 'force', type: 'checkbox' });
  const addError = errorLine();
  const addForm = h('form', { class: 'access-add', novalidate: true },
    h('div', { class: 'input-row' },
      h('label', { for: 'access-effect' }, 'Effect'), effect,
      h('label', { for: 'access-who' }, 'Who'), who,
      h('label', { for: 'access-where' }, 'Where'), where,
      h('label', { for: 'access-position' }, 'Position'), position),
    h('p', { class: 'hint' }, 'Who: everyone, token (holders of admin.token) or admin:NAME. Where: any, this-computer, an address, a CIDR block or a host name.'),
    h('div', { class: 'input-row' }, force, h('label', { for: 'access-force' }, 'Even if it would deny my own calls')),
    addError.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Add rule')));

  const adminsList = h('ul', { class: 'admins' });
  const adminName = h('input', { id: 'admin-name', name: 'name', required: true, autocomplete: 'off', placeholder: 'ann' });
  const adminError = errorLine();
  const tokenLine = h('p', { class: 'token', hidden: true });
  const adminForm = h('form', { class: 'admin-add', novalidate: true },
    h('div', { class: 'input-row' }, h('label', { for: 'admin-name' }, 'Name'), adminName,
      h('button', { type: 'submit', class: 'button secondary' }, 'Add admin')),
    adminError.element,
    tokenLine);
  const loadError = errorLine();

  replace(root,
    pageHeader('Access', 'Who may administer the grid, and from where. The first matching rule decides; when none matches, the call is allowed.'),
    loadError.element,
    panel('Rules',
      h('div', { class: 'table-wrap' },
        h('table', { class: 'table access-rules' },
          h('thead', null, h('tr', null, ['#', 'Effect', 'Who', 'Where', ''].map(c => h('th', { scope: 'col' }, c)))),
          rulesBody)),
      rulesEmpty,
      addForm),
    panel('Named admins', h('p', { class: 'muted' }, 'Each named admin has a token of their own, so that the logs say who did what.'), adminsList, adminForm));

  function show(list) {
    replace(rulesBody, list.rules.map((rule, index) => h('tr', { dataset: { rule: String(rule.id) } },
      h('td', null, String(index + 1)),
      h('td', null, rule.effect),
      h('td', null, rule.who),
      h('td', null, rule.where),
      h('td', null, h('button', { type: 'button', class: 'button secondary small', onclick: () => removeRule(rule) }, `Remove rule ${rule.id}`)))));
    replace(rulesEmpty, list.rules.length ? null : emptyState('No rules: every admin token is accepted over HTTPS or from this computer.'));
    replace(adminsList, list.admins.map(name => h('li', null, h('span', null, name), ' ',
      h('button', { type: 'button', class: 'button secondary small', onclick: () => removeAdmin(name) }, `Remove ${name}`))));
  }

  async function load() {
    loadError.hide();
    try {
      show(await api('/admin/access'));
    } catch (e) {
      loadError.show(`Cannot read the access rules: ${describeError(e)}`);
    }
  }

  async function removeRule(rule) {
    try {
      show(await api(`/admin/access/rules/${rule.id}${force.checked ? '?force=true' : ''}`, { method: 'DELETE' }));
      toast(`Rule ${rule.id} removed.`);
    } catch (e) {
      addError.show(describeError(e));
    }
  }

  async function removeAdmin(name) {
    try {
      show(await api(`/admin/access/admins/${encodeURIComponent(name)}`, { method: 'DELETE' }));
      toast(`${name} removed.`);
    } catch (e) {
      adminError.show(describeError(e));
    }
  }

  addForm.addEventListener('submit', async event => {
    event.preventDefault();
    addError.hide();
    if (!where.value.trim() || !who.value.trim()) {
      addError.show('Who and where are both needed.');
      return;
    }

    const json = { effect: effect.value, who: who.value.trim(), where: where.value.trim(), force: force.checked };
    if (position.value.trim()) json.position = Number(position.value);
    try {
      show(await api('/admin/access/rules', { method: 'POST', json }));
      where.value = '';
      position.value = '';
      force.checked = false;
      toast('Rule added.');
    } catch (e) {
      addError.show(describeError(e));
    }
  });

  adminForm.addEventListener('submit', async event => {
    event.preventDefault();
    adminError.hide();
    tokenLine.hidden = true;
    try {
      const created = await api('/admin/access/admins', { method: 'POST', json: { name: adminName.value.trim() } });
      replace(tokenLine, `${created.name}'s token (shown once): `, h('code', null, created.token));
      tokenLine.hidden = false;
      adminName.value = '';
      await load();
    } catch (e) {
      adminError.show(describeError(e));
    }
  });

  load();
  return () => {};
}
