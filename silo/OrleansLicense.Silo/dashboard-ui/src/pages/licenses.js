import { api, describeError } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, icon, replace } from '../dom.js';
import { formatDate } from '../format.js';
import { icons } from '../icons.js';
import { toast } from '../toast.js';
import { badge, emptyState, errorLine, pageHeader } from '../ui.js';

const flagNames = [
  ['borrowable', 'Borrowable'],
  ['distributable', 'Distributable'],
  ['usageStatistics', 'Usage statistics'],
  ['peakUpload', 'Peak upload'],
  ['localOnly', 'Local only'],
];

/** Largest license file accepted here; the server's own limit (1 MiB by default) still applies. */
const maxFileBytes = 1024 * 1024;

/** Licenses: import by drag-and-drop or file picker, seats per feature as bars, deactivate. */
export function mount(root, { store }) {
  const fileInput = h('input', { type: 'file', accept: '.lic,.json,application/json', class: 'visually-hidden', id: 'license-file' });
  const importError = errorLine();
  const dropZone = h('div', { class: 'drop-zone', tabindex: '0', dataset: { testid: 'drop-zone' } },
    icon(icons.upload, 'icon large'),
    h('div', null,
      h('p', { class: 'strong' }, 'Import a license'),
      h('p', { class: 'muted' }, 'Drop the signed license file issued by the vendor here, or ',
        h('label', { for: 'license-file', class: 'link' }, 'choose a file'), '.')),
    fileInput);
  const list = h('div', { class: 'license-list', 'aria-live': 'polite' }, emptyState('Loading licenses…'));
  const listError = errorLine('page-error');

  replace(root,
    pageHeader('Licenses', 'Seats per feature: used by sessions, borrowed, and free.'),
    dropZone,
    importError.element,
    listError.element,
    list);

  fileInput.addEventListener('change', () => {
    if (fileInput.files?.length) importFile(fileInput.files[0]);
    fileInput.value = '';
  });
  dropZone.addEventListener('keydown', event => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      fileInput.click();
    }
  });
  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, event => {
      event.preventDefault();
      dropZone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    dropZone.addEventListener(type, () => dropZone.classList.remove('dragging'));
  }
  dropZone.addEventListener('drop', event => {
    event.preventDefault();
    const file = event.dataTransfer?.files?.[0];
    if (file) importFile(file);
  });

  async function importFile(file) {
    importError.hide();
    if (file.size > maxFileBytes) {
      importError.show(`${file.name} is ${Math.round(file.size / 1024)} KB: a license file is a few KB at most.`);
      return;
    }
    dropZone.classList.add('busy');
    try {
      const view = await api('/admin/licenses', { method: 'POST', text: await file.text() });
      toast(`Imported license ${view.id} (${view.product}).`);
      store.refresh();
    } catch (e) {
      importError.show(`${file.name} was not imported: ${describeError(e)}`);
    } finally {
      dropZone.classList.remove('busy');
    }
  }

  /** The card shown per license id, with the JSON it was drawn from. */
  const cards = new Map();
  const unsubscribe = store.subscribe(({ licenses, error }) => {
    if (error) listError.show(`Cannot read the licenses: ${describeError(error)}`);
    else listError.hide();
    if (!licenses) return;
    if (!licenses.length) {
      cards.clear();
      replace(list, emptyState('No license imported yet. Drop a license file above.'));
      return;
    }

    // A card is redrawn only when its license changed, so a button keeps its focus (and a click
    // in progress) across the once-a-second refresh.
    const wanted = licenses.map(license => {
      const key = JSON.stringify(license);
      let card = cards.get(license.id);
      if (!card || card.key !== key) {
        card = { key, element: licenseCard(license) };
        cards.set(license.id, card);
      }
      return card.element;
    });
    const current = [...list.children];
    if (current.length !== wanted.length || current.some((element, i) => element !== wanted[i])) list.replaceChildren(...wanted);
  });

  return () => unsubscribe();

  function licenseCard(license) {
    const active = license.status === 'active';
    const expired = license.expires && Date.parse(license.expires) < Date.now();
    const deactivate = active
      ? h('button', { type: 'button', class: 'button danger-outline small' }, 'Deactivate')
      : null;
    deactivate?.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Deactivate ${license.id}?`,
        message: `No new seats of ${license.product} are granted from this license. Seats held now stay until they are returned.`,
        confirmText: 'Deactivate',
        danger: true,
      });
      if (!ok) return;
      try {
        await api(`/admin/licenses/${encodeURIComponent(license.id)}`, { method: 'DELETE' });
        toast(`License ${license.id} deactivated.`);
        store.refresh();
      } catch (e) {
        toast(`${license.id} was not deactivated: ${describeError(e)}`, 'error');
      }
    });

    const flags = flagNames.filter(([key]) => license.flags?.[key]);
    return h('article', { class: `panel license ${active ? '' : 'inactive'}`, dataset: { licenseId: license.id } },
      h('header', { class: 'license-head' },
        h('div', null,
          h('h2', null, license.product),
          h('p', { class: 'mono small muted' }, license.id)),
        h('div', { class: 'license-badges' },
          badge(license.edition, license.edition === 'enterprise' ? 'info' : 'neutral'),
          badge(license.status, active ? 'ok' : 'neutral'),
          deactivate)),
      h('dl', { class: 'license-meta' },
        h('div', null, h('dt', null, 'Expires'), h('dd', { class: expired ? 'danger-text' : '' }, license.expires ? formatDate(license.expires) : 'Never')),
        h('div', null, h('dt', null, 'Flags'), h('dd', { class: 'chips' }, flags.length ? flags.map(([, name]) => h('span', { class: 'chip' }, name)) : h('span', { class: 'muted' }, 'None')))),
      h('div', { class: 'features' }, license.features.map(featureBar)));
  }
}

/** One feature: its seats as a used / borrowed / free bar with the numbers beside it. */
export function featureBar(feature) {
  const total = Math.max(feature.seats, 1);
  const label = `${feature.name}: ${feature.used} used, ${feature.borrowed} borrowed, ${feature.free} free of ${feature.seats}`;
  return h('div', { class: `feature ${feature.enabled === false ? 'disabled' : ''}`, dataset: { feature: feature.name } },
    h('div', { class: 'feature-head' },
      h('span', { class: 'feature-name' }, feature.name, feature.enabled === false ? h('span', { class: 'muted small' }, ' (disabled)') : null),
      h('span', { class: 'feature-numbers', dataset: { testid: 'seat-numbers' } },
        h('span', { class: 'legend used' }, `${feature.used} used`), ' · ',
        h('span', { class: 'legend borrowed' }, `${feature.borrowed} borrowed`), ' · ',
        h('span', { class: 'legend free' }, `${feature.free} free`),
        h('span', { class: 'muted' }, ` of ${feature.seats}`))),
    h('div', {
      class: 'seat-bar',
      role: 'meter',
      'aria-label': label,
      'aria-valuemin': '0',
      'aria-valuemax': String(feature.seats),
      'aria-valuenow': String(feature.used + feature.borrowed),
      'aria-valuetext': label,
      dataset: { used: feature.used, borrowed: feature.borrowed, free: feature.free },
    },
    h('span', { class: 'seg used', style: { width: `${(100 * feature.used) / total}%` } }),
    h('span', { class: 'seg borrowed', style: { width: `${(100 * feature.borrowed) / total}%` } })),
    h('div', { class: 'feature-foot muted small' }, `Peak today: ${feature.peakToday}`));
}
