import { ApiFailure, client, ok, session } from '../api/api-client';
import { field, h, statusLine } from '../ui/dom';

/** The sign-in form; calls `onSignedIn` once a token is held. */
export function signInView(onSignedIn: () => void): HTMLElement {
  const username = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'none',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const status = statusLine();
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: (event: Event) => {
        event.preventDefault();
        status.clear();
        ok(
          client.POST('/api/v1/auth/token', {
            body: { username: username.value.trim(), password: password.value },
          }),
        )
          .then((result) => {
            session.set(result.token);
            onSignedIn();
          })
          .catch((error: unknown) =>
            status.error(
              error instanceof ApiFailure
                ? error.status === 401
                  ? 'Unknown username or wrong password.'
                  : error.message
                : 'Sign-in failed.',
            ),
          );
      },
    },
    h('h1', {}, 'Sign in'),
    field('Username', username),
    field('Password', password),
    h('button', { type: 'submit' }, 'Sign in'),
    status.element,
  );
  return h('main', { id: 'main' }, form);
}
