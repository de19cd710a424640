import { api, ApiError, describeError } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, replace } from '../dom.js';
import { toast } from '../toast.js';
import { errorLine, panel } from '../ui.js';

const roles = ['primary', 'secondary', 'tertiary'];
const title = role => `${role[0].toUpperCase()}${role.slice(1)}`;

/** A refusal as the console shows it: the problem's stable code, then its detail (R-TRI-3: each refusal has its own code). */
export function problemText(error) {
  return error instanceof ApiError && error.code ? `${error.code}: ${describeError(error)}` : describeError(error);
}

/**
 * The triad's actions on the Redundancy page (R-TRI-3): create when the grid is no triad; change roles, replace a dead
 * node and dissolve when it is one. Each change is confirmed in a dialog, and a refusal is shown with its code and
 * detail. The forms are built once per state and only their choices are refreshed by update(), so the page's poll
 * never wipes what the administrator is typing.
 * @param {{onChanged: () => void}} options onChanged: the triad changed here, read it again now
 * @returns {{element: HTMLElement, update: (triad: object | null) => void}}
 */
export function triadActions({ onChanged }) {
  const element = h('div', { class: 'triad-actions' });
  let state = null;

  return {
    element,
    update(triad) {
      const wanted = triad ? `triad:${triad.id}:${triad.servers.map(s => `${s.role}=${s.addresses[0]}`).join(',')}` : 'none';
      if (wanted !== state?.key) {
        state = { key: wanted, ...(triad ? manageForms(triad, onChanged) : createForm(onChanged)) };
        replace(element, state.element);
      }
      state.refresh(triad);
    },
  };
}

/** The grid's active silos as GET /admin/status lists them, with the triad address (host:port) each is known by. */
async function activeSilos() {
  const status = await api('/admin/status');
  return status.silos.filter(s => s.status === 'active').map(s => ({ name: s.name, address: s.address.split('@')[0] }));
}

/** Sets a select's options, keeping its choice while that is still offered. */
function setOptions(select, options, placeholder) {
  const key = JSON.stringify(options);
  if (select.dataset.options === key) return;
  const chosen = select.value;
  select.dataset.options = key;
  replace(select, placeholder ? h('option', { value: '' }, placeholder) : null,
    options.map(o => h('option', { value: o.value }, o.label)));
  if (options.some(o => o.value === chosen)) select.value = chosen;
}

function field(id, label, control) {
  return h('div', { class: 'triad-field' }, h('label', { for: id }, label), control);
}

/** Runs a change after its dialog: true when it was done; a refusal goes to the form's error line. */
async function confirmed(dialog, errors, change) {
  errors.hide();
  if (!await confirmDialog(dialog)) return false;
  try {
    await change();
    return true;
  } catch (e) {
    errors.show(problemText(e));
    return false;
  }
}

function createForm(onChanged) {
  const name = h('input', { id: 'triad-name', name: 'name', required: true, autocomplete: 'off', maxlength: 100, placeholder: 'plant-7' });
  const id = h('input', { id: 'triad-id', name: 'id', autocomplete: 'off', maxlength: 64, placeholder: 'the name' });
  const selects = Object.fromEntries(roles.map(role => [role, h('select', { id: `triad-create-${role}`, name: role, required: true })]));
  const files = h('input', { id: 'triad-licenses', name: 'licenses', type: 'file', multiple: true, accept: '.lic,.json,application/json' });
  const errors = errorLine();
  const form = h('form', { class: 'triad-create', novalidate: true, dataset: { testid: 'triad-create' } },
    h('p', { class: 'muted' }, 'Three active silos of this grid, one per role, and the licenses issued for the triad (--bind triad:ID; at least one enterprise license).'),
    h('div', { class: 'input-row' }, field('triad-name', 'Name', name), field('triad-id', 'Id (licenses are bound to it)', id)),
    h('div', { class: 'input-row' }, roles.map(role => field(`triad-create-${role}`, title(role), selects[role]))),
    h('div', { class: 'input-row' }, field('triad-licenses', 'License files', files)),
    errors.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Create triad')));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    errors.hide();
    const chosen = roles.map(role => selects[role].value);
    if (!name.value.trim() || chosen.some(c => !c)) {
      errors.show('Give the triad a name and choose a silo for each role.');
      return;
    }

    // The license files are spliced in byte for byte: their signatures cover them.
    const licenses = [];
    for (const file of files.files ?? []) {
      const text = await file.text();
      try {
        JSON.parse(text);
      } catch {
        errors.show(`${file.name} is not a license file (JSON).`);
        return;
      }
      licenses.push(text);
    }

    const fields = JSON.stringify({ name: name.value.trim(), id: id.value.trim() || undefined, primary: chosen[0], secondary: chosen[1], tertiary: chosen[2] });
    const body = `${fields.slice(0, -1)},"licenses":[${licenses.join(',')}]}`;
    const done = await confirmed({
      title: `Create the triad ${name.value.trim()}?`,
      message: `${chosen.join(', ')} become its primary, secondary and tertiary, with ${licenses.length} license file(s). From then on a silo serves only while it sees two of the three.`,
      confirmText: 'Create triad',
    }, errors, () => api('/admin/triad', { method: 'POST', text: body }));
    if (done) {
      toast(`Triad ${name.value.trim()} created.`);
      onChanged();
    }
  });

  let asked = 0;
  return {
    element: panel('Create a triad', form),
    async refresh() {
      // The silos change rarely: read them every few polls, not on every one.
      if (asked++ % 5) return;
      try {
        const silos = (await activeSilos()).map(s => ({ value: s.address, label: `${s.name} (${s.address})` }));
        for (const role of roles) setOptions(selects[role], silos, 'Choose a silo');
      } catch (e) {
        errors.show(`Cannot list the silos: ${problemText(e)}`);
      }
    },
  };
}

function manageForms(triad, onChanged) {
  const members = triad.servers.map(s => ({ value: s.addresses[0], label: `${s.silo} (${s.addresses[0]})` }));

  // Change roles: each role's member, preset to the current one.
  const roleSelects = Object.fromEntries(roles.map(role => [role, h('select', { id: `triad-role-${role}`, name: role })]));
  for (const role of roles) {
    setOptions(roleSelects[role], members);
    roleSelects[role].value = triad.servers.find(s => s.role === role)?.addresses[0] ?? '';
  }
  const rolesErrors = errorLine();
  const rolesForm = h('form', { class: 'triad-roles', novalidate: true, dataset: { testid: 'triad-roles' } },
    h('div', { class: 'input-row' }, roles.map(role => field(`triad-role-${role}`, title(role), roleSelects[role]))),
    rolesErrors.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Change roles')));
  rolesForm.addEventListener('submit', async event => {
    event.preventDefault();
    const json = Object.fromEntries(roles.map(role => [role, roleSelects[role].value]));
    const done = await confirmed({
      title: 'Change the roles?',
      message: `Primary ${json.primary}, secondary ${json.secondary}, tertiary ${json.tertiary}. The active server may change, and the license grains move to it.`,
      confirmText: 'Change roles',
    }, rolesErrors, () => api('/admin/triad/roles', { method: 'PUT', json }));
    if (done) {
      toast('Roles changed.');
      onChanged();
    }
  });

  // Replace a dead node by an active silo of the grid outside the triad.
  const node = h('select', { id: 'triad-replace-node', name: 'node' });
  setOptions(node, triad.servers.map(s => ({ value: s.addresses[0], label: `${s.role}: ${s.silo} (${s.status})` })));
  node.value = triad.servers.find(s => s.status !== 'active')?.addresses[0] ?? node.value;
  const replacement = h('select', { id: 'triad-replace-with', name: 'with' });
  const replaceErrors = errorLine();
  const replaceForm = h('form', { class: 'triad-replace', novalidate: true, dataset: { testid: 'triad-replace' } },
    h('p', { class: 'muted' }, 'A silo of this grid outside the triad takes a dead node\'s role; the licenses stay bound to the triad, with no re-import.'),
    h('div', { class: 'input-row' }, field('triad-replace-node', 'Dead node', node), field('triad-replace-with', 'New silo', replacement)),
    replaceErrors.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Replace node')));
  replaceForm.addEventListener('submit', async event => {
    event.preventDefault();
    // An empty choice goes to the server too, whose refusal names what is missing.
    const json = { node: node.value, with: replacement.value };
    const done = await confirmed({
      title: `Replace ${json.node}?`,
      message: `${json.with} takes its role in the triad ${triad.name}. Only a node that is down can be replaced.`,
      confirmText: 'Replace node',
      danger: true,
    }, replaceErrors, () => api('/admin/triad/replace', { method: 'POST', json }));
    if (done) {
      toast(`${json.node} replaced by ${json.with}.`);
      onChanged();
    }
  });

  // Dissolve: the licenses kept on the remaining grid, moved to another server, or deactivated.
  const mode = h('select', { id: 'triad-dissolve-licenses', name: 'licenses' },
    h('option', { value: 'keep' }, 'keep: the remaining grid serves them'),
    h('option', { value: 'move' }, 'move: to another server, then deactivated here'),
    h('option', { value: 'deactivate' }, 'deactivate them'));
  const to = h('input', { id: 'triad-move-to', name: 'to', type: 'url', autocomplete: 'off', placeholder: 'https://host:8276' });
  const toToken = h('input', { id: 'triad-move-token', name: 'toToken', type: 'password', autocomplete: 'off' });
  const moveFields = h('div', { class: 'input-row', hidden: true }, field('triad-move-to', 'Target server URL', to), field('triad-move-token', 'Target admin token', toToken));
  mode.addEventListener('change', () => { moveFields.hidden = mode.value !== 'move'; });
  const dissolveErrors = errorLine();
  const dissolveForm = h('form', { class: 'triad-dissolve', novalidate: true, dataset: { testid: 'triad-dissolve' } },
    h('p', { class: 'muted' }, 'Works with one or two nodes down. The silos stay a grid.'),
    h('div', { class: 'input-row' }, field('triad-dissolve-licenses', 'Licenses', mode)),
    moveFields,
    dissolveErrors.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button danger' }, 'Dissolve triad')));
  dissolveForm.addEventListener('submit', async event => {
    event.preventDefault();
    const licenses = mode.value;
    if (licenses === 'move' && (!to.value.trim() || !toToken.value)) {
      dissolveErrors.show('Moving the licenses needs the target server\'s URL and its admin token.');
      return;
    }
    const what = { keep: 'The licenses stay, served by the remaining grid.', move: `Each license is imported on ${to.value.trim()} and only then deactivated here.`, deactivate: 'Every license of the triad is deactivated.' }[licenses];
    let answer = null;
    const done = await confirmed({
      title: `Dissolve the triad ${triad.name}?`,
      message: `${what} The silos stop acting as a triad.`,
      confirmText: 'Dissolve triad',
      danger: true,
    }, dissolveErrors, async () => {
      answer = await api(`/admin/triad?licenses=${licenses}`, { method: 'DELETE', json: licenses === 'move' ? { to: to.value.trim(), toToken: toToken.value } : undefined });
    });
    if (done) {
      const affected = answer?.affected?.length ? ` (${licenses === 'move' ? 'moved' : 'deactivated'}: ${answer.affected.join(', ')})` : '';
      toast(`Triad ${triad.name} dissolved; licenses: ${licenses}${affected}.`);
      onChanged();
    }
  });

  return {
    element: h('div', null,
      panel('Change roles', rolesForm),
      panel('Replace a dead node', replaceForm),
      panel('Dissolve', dissolveForm)),
    async refresh(latest) {
      try {
        const inTriad = new Set(latest.servers.map(s => s.addresses[0]));
        const spare = (await activeSilos()).filter(s => !inTriad.has(s.address)).map(s => ({ value: s.address, label: `${s.name} (${s.address})` }));
        setOptions(replacement, spare, spare.length ? 'Choose a silo' : 'No active silo outside the triad');
      } catch (e) {
        replaceErrors.show(`Cannot list the silos: ${problemText(e)}`);
      }
    },
  };
}
