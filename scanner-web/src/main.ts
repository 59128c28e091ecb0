import { client, ok, session } from './api/api-client';
import type { Me } from './api/openapi-types';
import { h, replace } from './ui/dom';
import { adminView } from './views/admin-view';
import { alertCasesPanel } from './views/alert-cases-panel';
import { distributorView } from './views/distributor-view';
import { manufacturerView } from './views/manufacturer-view';
import { pharmacistView } from './views/pharmacist-view';
import { regulatorView } from './views/regulator-view';
import { signInView } from './views/sign-in-view';

const root = document.getElementById('app');
let dispose: (() => void) | undefined;

function show(view: HTMLElement, header?: HTMLElement): void {
  dispose?.();
  dispose = undefined;
  if (root !== null) replace(root, header, view);
}

/** Each user sees only their role's view; the page never offers what the role may not do. */
async function start(): Promise<void> {
  if (session.token() === null) {
    show(signInView(() => void start()));
    return;
  }
  let me: Me;
  try {
    me = await ok(client.GET('/api/v1/me'));
  } catch {
    session.clear();
    show(signInView(() => void start()));
    return;
  }
  const header = h(
    'header',
    { class: 'top' },
    h('span', { class: 'brand' }, 'packtrace'),
    h('span', { class: 'who' }, `${me.party.name} · ${me.username}`),
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: () => {
          session.clear();
          void start();
        },
      },
      'Sign out',
    ),
  );
  if (me.admin) {
    // An administrator's page is its organisation's users; its party's work is its users'.
    show(
      adminView(me, () => void start()),
      header,
    );
  } else {
    switch (me.role) {
      case 'pharmacy': {
        const view = pharmacistView();
        show(view.element, header);
        dispose = view.dispose;
        break;
      }
      case 'manufacturer':
        show(manufacturerView(me.gln), header);
        break;
      case 'distributor': {
        const view = distributorView(me.gln);
        show(view.element, header);
        dispose = view.dispose;
        break;
      }
      case 'regulator': {
        const view = regulatorView();
        show(view.element, header);
        dispose = view.dispose;
        break;
      }
    }
  }
  if (!me.admin) {
    // Every role works on its alert cases (issue 25), below its own page.
    document.getElementById('main')?.append(alertCasesPanel(me));
  }
  document.getElementById('main')?.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
}

void start();
