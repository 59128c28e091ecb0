import type { Ledger, LedgerSession } from '@packtrace/ledger';

/** What stands in for a session's `submit`: it gets the real session to call through. */
export type SubmitInterceptor = (
  session: LedgerSession,
  ...call: Parameters<LedgerSession['submit']>
) => ReturnType<LedgerSession['submit']>;

/**
 * The ledger as it is, but every session it opens submits through `intercept`: how a test makes
 * the network slow or deaf for one transaction while the real ledger still commits it.
 */
export function interceptSubmits(ledger: Ledger, intercept: SubmitInterceptor): Ledger {
  const intercepted = (session: LedgerSession): LedgerSession =>
    new Proxy(session, {
      get(target, property, receiver) {
        if (property === 'submit') {
          const submit: LedgerSession['submit'] = (...call) => intercept(target, ...call);
          return submit;
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  return {
    kind: ledger.kind,
    session: (identity) => intercepted(ledger.session(identity)),
    ready: () => ledger.ready(),
    close: () => ledger.close(),
  };
}
