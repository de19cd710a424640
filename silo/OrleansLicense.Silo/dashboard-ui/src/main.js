import './styles.css';
import { api, connectionEvent, describeError, unauthorizedEvent, ApiError } from './api.js';
import { clearToken, getToken, setToken } from './auth.js';
import { h, icon, replace } from './dom.js';
import { icons } from './icons.js';
import { createLicenseStore } from './licenseStore.js';
import * as access from './pages/access.js';
import * as agents from './pages/agents.js';
import * as borrows from './pages/borrows.js';
import * as grains from './pages/grains.js';
import * as licenses from './pages/licenses.js';
import * as logs from './pages/logs.js';
import * as overview from './pages/overview.js';
import * as redundancy from './pages/redundancy.js';
import * as sessions from './pages/sessions.js';
import * as settings from './pages/settings.js';
import * as usage from './pages/usage.js';

const pages = [
  { id: 'overview', title: 'Overview', icon: icons.overview, module: overview },
  { id: 'licenses', title: 'Licenses', icon: icons.licenses, module: licenses },
  { id: 'sessions', title: 'Sessions', icon: icons.sessions, module: sessions },
  { id: 'borrows', title: 'Borrows', icon: icons.borrows, module: borrows },
  { id: 'grains', title: 'Grains', icon: icons.grains, module: grains },
  { id: 'redundancy', title: 'Redundancy', icon: icons.overview, module: redundancy },
  { id: 'usage', title: 'Usage', icon: icons.usage, module: usage },
  { id: 'settings', title: 'Settings', icon: icons.settings, module: settings },
  { id: 'access', title: 'Access', icon: icons.access, module: access },
  { id: 'agents', title: 'Agents', icon: agents.icon, module: agents },
  { id: 'logs', title: 'Logs', icon: icons.logs, module: logs },
];

const app = document.getElementById('app');

/** Where every silo serves the Orleans Dashboard (behind the admin credentials). */
const orleansDashboard = '/dashboard/orleans/';

/** The Orleans Dashboard cookie lasts an hour; a signed-in console renews it well before. */
const orleansDashboardRenewal = 20 * 60 * 1000;

/** What exists while signed in: the shell, the license poller, the page shown. */
let signedIn = null;

// Several polls may be refused at once; only the first one signs out.
window.addEventListener(unauthorizedEvent, () => signedIn && signOut('The server did not accept the token any more. Sign in again.'));
window.addEventListener('hashchange', () => signedIn && showPage());

if (getToken()) showShell();
else showLogin();

function showLogin(message) {
  document.title = 'Sign in · OrleansLicense';
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    placeholder: 'Paste the admin token',
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: !message }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'button primary wide' }, 'Sign in');
  const form = h('form', { class: 'login-card', novalidate: true },
    h('div', { class: 'brand login-brand' }, h('img', { src: '/dashboard/favicon.svg', alt: '', width: 36, height: 36 }), h('span', null, 'OrleansLicense')),
    h('h1', null, 'Sign in to the dashboard'),
    h('p', { class: 'muted' }, 'Use the silo’s admin token. It is in the file ', h('code', null, 'admin.token'),
      ' of the silo’s data folder (', h('code', null, 'data/admin.token'), ' by default); the silo prints its path when it starts.'),
    h('label', { for: 'token' }, 'Admin token'),
    input,
    error,
    submit);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      showError('Enter the admin token.');
      return;
    }
    submit.disabled = true;
    try {
      // Any admin call proves the token; status is cheap.
      await api('/admin/status', { token });
      setToken(token);
      if (!location.hash) history.replaceState(null, '', '#/overview');
      showShell();
    } catch (e) {
      showError(e instanceof ApiError && e.status === 401 ? 'The token was not accepted. Check data/admin.token of this silo.' : describeError(e));
    } finally {
      submit.disabled = false;
    }
  });

  function showError(text) {
    replace(error, text);
    error.hidden = false;
    input.focus();
  }

  replace(app, h('main', { class: 'login' }, form));
  input.focus();
}

function showShell() {
  const store = createLicenseStore();
  const nav = h('nav', { id: 'nav', class: 'nav', 'aria-label': 'Dashboard pages' },
    pages.map(page => h('a', { href: `#/${page.id}`, class: 'nav-link', dataset: { page: page.id } }, icon(page.icon), h('span', null, page.title))));
  // A link cannot send the Authorization header, so the silo sets a short-lived HttpOnly cookie for the Orleans
  // Dashboard's path while the console is signed in (it opens nothing else).
  const orleansLink = h('a', { class: 'nav-link', href: orleansDashboard, target: '_blank', rel: 'noopener' },
    icon(icons.external), h('span', null, 'Orleans Dashboard'));
  const connection = h('span', { class: 'connection ok' }, 'Live');
  const signOutButton = h('button', { type: 'button', class: 'nav-link sign-out' }, icon(icons.signOut), h('span', null, 'Sign out'));
  signOutButton.addEventListener('click', () => signOut());
  const body = h('div', { class: 'sidebar-body', id: 'sidebar-body' }, nav, h('div', { class: 'sidebar-foot' }, orleansLink, connection, signOutButton));
  const menu = h('button', { type: 'button', class: 'menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'sidebar-body', 'aria-label': 'Menu' }, icon(icons.menu));
  const sidebar = h('aside', { class: 'sidebar' },
    h('div', { class: 'sidebar-head' },
      h('a', { class: 'brand', href: '#/overview' }, h('img', { src: '/dashboard/favicon.svg', alt: '', width: 28, height: 28 }), h('span', null, 'OrleansLicense')),
      menu),
    body);
  const content = h('main', { class: 'content', id: 'content', tabindex: '-1' });

  menu.addEventListener('click', () => setMenu(!sidebar.classList.contains('open')));
  // Also when the link is the page already shown, which changes no hash.
  nav.addEventListener('click', event => {
    if (event.target instanceof Element && event.target.closest('a')) setMenu(false);
  });
  function setMenu(open) {
    sidebar.classList.toggle('open', open);
    menu.setAttribute('aria-expanded', String(open));
    replace(menu, icon(open ? icons.close : icons.menu));
  }

  const onConnection = event => {
    connection.className = `connection ${event.detail ? 'ok' : 'down'}`;
    replace(connection, event.detail ? 'Live' : 'Server unreachable');
  };
  window.addEventListener(connectionEvent, onConnection);
  openOrleansDashboard();
  const renewal = setInterval(openOrleansDashboard, orleansDashboardRenewal);

  signedIn = {
    store,
    content,
    nav,
    closeMenu: () => setMenu(false),
    unmount: null,
    dispose() {
      this.unmount?.();
      clearInterval(renewal);
      store.stop();
      window.removeEventListener(connectionEvent, onConnection);
    },
  };
  replace(app, h('div', { class: 'shell' }, sidebar, content));
  showPage();
}

function showPage() {
  const id = location.hash.replace(/^#\/?/, '').split('/')[0];
  const page = pages.find(p => p.id === id) ?? pages[0];
  const current = signedIn;
  current.unmount?.();
  current.unmount = null;
  current.closeMenu();
  for (const link of current.nav.querySelectorAll('a')) {
    if (link.dataset.page === page.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  document.title = `${page.title} · OrleansLicense`;
  const root = h('div', { class: `page page-${page.id}` });
  replace(current.content, root);
  current.content.scrollTop = 0;
  window.scrollTo(0, 0);
  current.unmount = page.module.mount(root, { store: current.store });
}

/** Asks the silo for the Orleans Dashboard's cookie (HttpOnly: this script never sees it). */
function openOrleansDashboard() {
  api('/admin/dashboard/session', { method: 'POST' }).catch(() => {});
}

function signOut(message) {
  // Closes the Orleans Dashboard to this browser too; the silo drops the cookie even for a token it refused.
  api('/admin/dashboard/session', { method: 'DELETE', token: getToken() ?? '' }).catch(() => {});
  clearToken();
  signedIn?.dispose();
  signedIn = null;
  showLogin(message);
}
