import { ApiFailure, client, ok, session } from '../api/api-client';
import type { Party, UserSummary as Account } from '../api/openapi-types';
import { announce, field, h, replace, statusLine } from '../ui/dom';

function failureText(error: unknown, fallback: string): string {
  return error instanceof ApiFailure ? error.message : fallback;
}

/**
 * The company administrator's page: its company's (party's) users, adding one for the company,
 * setting a new password, disabling and enabling. Every change ends the
 * user's sign-ins at once; the page says so before it is made.
 */
export function adminView(
  me: { username: string; mspId: string; gln: string },
  onSignedOut: () => void,
): HTMLElement {
  const parties = new Map<string, Party>();
  const list = h('ul', { class: 'accounts', 'aria-live': 'polite' });
  const status = statusLine();
  const partyName = (gln: string) => parties.get(gln)?.name ?? gln;

  const load = async (): Promise<void> => {
    const page = await ok(client.GET('/api/v1/users'));
    replace(list, ...page.items.map(row));
  };
  const reload = (message: string): void => {
    status.ok(message);
    load().catch((error: unknown) => status.error(failureText(error, 'Could not list users.')));
  };

  const row = (account: Account): HTMLElement => {
    // No class of its own: `.actions` would override `hidden` with its display.
    const passwordForm = h('div', { hidden: true });
    const item = h(
      'li',
      { 'data-username': account.username },
      h('strong', {}, account.username),
      ` · ${partyName(account.gln)} (${account.role}, ${account.gln})`,
      account.admin ? ' · administrator' : '',
      h(
        'span',
        { class: account.disabled ? 'bad' : 'good' },
        account.disabled ? ' · disabled' : ' · active',
      ),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `Reset password of ${account.username}`,
            onclick: () => {
              passwordForm.hidden = !passwordForm.hidden;
              passwordForm.querySelector('input')?.focus();
            },
          },
          'Reset password…',
        ),
        account.username === me.username
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: account.disabled ? 'secondary' : 'danger',
                'aria-label': `${account.disabled ? 'Enable' : 'Disable'} ${account.username}`,
                onclick: () => {
                  const action = account.disabled ? 'enable' : 'disable';
                  const user = { params: { path: { username: account.username } } };
                  ok(
                    account.disabled
                      ? client.POST('/api/v1/users/{username}/enable', user)
                      : client.POST('/api/v1/users/{username}/disable', user),
                  )
                    .then(() =>
                      reload(
                        account.disabled
                          ? `${account.username} is enabled again and can sign in.`
                          : `${account.username} is disabled: signed out everywhere, and cannot sign in.`,
                      ),
                    )
                    .catch((error: unknown) =>
                      status.error(failureText(error, `Could not ${action} ${account.username}.`)),
                    );
                },
              },
              account.disabled ? 'Enable' : 'Disable',
            ),
      ),
      passwordForm,
    );
    const newPassword = h('input', {
      type: 'password',
      name: 'new-password',
      autocomplete: 'new-password',
      minlength: 8,
      required: true,
    });
    replace(
      passwordForm,
      h(
        'div',
        { class: 'actions' },
        field(`New password for ${account.username}`, newPassword, 'At least 8 characters'),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              ok(
                client.POST('/api/v1/users/{username}/password', {
                  params: { path: { username: account.username } },
                  body: { password: newPassword.value },
                }),
              )
                .then(() => {
                  if (account.username === me.username) {
                    // Your own sign-in ended with the reset too: sign in with the new password.
                    session.clear();
                    onSignedOut();
                    return;
                  }
                  reload(`New password set for ${account.username}: signed out everywhere.`);
                })
                .catch((error: unknown) =>
                  status.error(failureText(error, 'Could not set the password.')),
                );
            },
          },
          'Set password',
        ),
      ),
    );
    return item;
  };

  const username = h('input', {
    name: 'username',
    autocomplete: 'off',
    autocapitalize: 'none',
    required: true,
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'new-password',
    minlength: 8,
    required: true,
  });
  const party = h(
    'select',
    { name: 'party', required: true },
    h('option', { value: '' }, 'Loading parties…'),
  );
  const addStatus = statusLine();
  const addForm = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'add-user-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        addStatus.clear();
        ok(
          client.POST('/api/v1/users', {
            body: { username: username.value.trim(), password: password.value, gln: party.value },
          }),
        )
          .then((added) => {
            addStatus.ok(
              `${added.username} added for ${partyName(added.gln)}: enrolled by your organisation's CA and ready to sign in.`,
            );
            announce(`${added.username} added.`);
            username.value = '';
            password.value = '';
            return load();
          })
          .catch((error: unknown) =>
            addStatus.error(failureText(error, 'Could not add the user.')),
          );
      },
    },
    h('h2', { id: 'add-user-title' }, 'Add a user'),
    h(
      'div',
      { class: 'grid' },
      field('New username', username, '3-64 lowercase letters, digits, . _ - @'),
      field('Initial password', password, 'At least 8 characters'),
      field('Acts for', party),
    ),
    h('button', { type: 'submit' }, 'Add user'),
    addStatus.element,
  );

  void ok(client.GET('/api/v1/parties', { params: { query: { pageSize: 200 } } }))
    .then((page) => {
      page.items.forEach((item) => parties.set(item.gln, item));
      party.replaceChildren(
        h('option', { value: '' }, 'Choose a party'),
        ...page.items
          // A company administrator adds users for its own company (party) only.
          .filter((item) => item.gln === me.gln)
          .map((item) => h('option', { value: item.gln }, `${item.name} (${item.gln})`)),
      );
    })
    .then(load)
    .catch((error: unknown) => status.error(failureText(error, 'Could not list users.')));

  return h(
    'main',
    { id: 'main', class: 'admin' },
    h('h1', {}, 'Your company’s users'),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'users-title' },
      h('h2', { id: 'users-title' }, 'Users'),
      list,
      status.element,
    ),
    addForm,
  );
}
