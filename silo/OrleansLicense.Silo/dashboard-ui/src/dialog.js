import { h } from './dom.js';

/**
 * Asks for confirmation in a modal <dialog>: resolves true when the user confirms, false on
 * cancel, Escape or a click outside.
 * @param {{title: string, message: string, confirmText?: string, danger?: boolean}} options
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, message, confirmText = 'Confirm', danger = false }) {
  return new Promise(resolve => {
    const titleId = `dialog-title-${crypto.randomUUID()}`;
    const cancel = h('button', { type: 'button', class: 'button secondary', value: 'cancel' }, 'Cancel');
    const confirm = h('button', { type: 'submit', class: `button ${danger ? 'danger' : 'primary'}`, value: 'confirm' }, confirmText);
    const form = h('form', { method: 'dialog' },
      h('h2', { id: titleId }, title),
      h('p', null, message),
      h('div', { class: 'dialog-actions' }, cancel, confirm));
    const dialog = h('dialog', { class: 'modal', 'aria-labelledby': titleId }, form);

    cancel.addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('click', event => {
      // A click on the backdrop lands on the dialog element itself.
      if (event.target === dialog) dialog.close('cancel');
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    }, { once: true });

    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
