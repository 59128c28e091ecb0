import { Gs1Error, parseItemCode } from '@packtrace/gs1';
import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type { Shipment } from '../api/openapi-types';
import { CameraScanner } from '../scan/camera-scanner';
import { announce, field, h, replace, statusLine } from '../ui/dom';
import { itemKey, parseItemLines, type ItemRef } from './item-list';
import { shipForm } from './ship-form';
import { partnerTraceRequests } from './partner-trace-requests';

/** Receiving what arrived (by scanning, discrepancies shown before confirming) and shipping onward. */
export function distributorView(myGln: string): { element: HTMLElement; dispose: () => void } {
  const incoming = h(
    'section',
    { class: 'card', 'aria-labelledby': 'incoming-title' },
    h('h2', { id: 'incoming-title' }, 'Incoming shipments'),
  );
  const receiving = h('div', {});
  let scanner: CameraScanner | undefined;

  const load = async (): Promise<void> => {
    // Filtered by the ledger before paging: every shipment on a page is in transit to us, or
    // received in part by our own system's EPCIS receiving events and still open.
    const [page, partly] = await Promise.all(
      (['in_transit', 'partially_received'] as const).map((status) =>
        ok(
          client.GET('/api/v1/shipments', {
            params: { query: { direction: 'in', status, pageSize: 50 } },
          }),
        ),
      ),
    );
    const open = page?.items ?? [];
    const begun = partly?.items ?? [];
    replace(
      incoming,
      h('h2', { id: 'incoming-title' }, 'Incoming shipments'),
      open.length + begun.length === 0
        ? h('p', {}, 'Nothing in transit to you.')
        : h(
            'ul',
            { class: 'shipments' },
            ...open.map((shipment) =>
              h(
                'li',
                {},
                `${shipment.items.length} item(s) from ${shipment.from}, shipped ${new Date(shipment.shippedAt).toLocaleString()} `,
                h('button', { type: 'button', onclick: () => openReceipt(shipment) }, 'Receive…'),
              ),
            ),
            ...begun.map((shipment) =>
              h(
                'li',
                {},
                `${shipment.received?.length ?? 0} of ${shipment.items.length} item(s) received from ${shipment.from} `,
                h('button', { type: 'button', onclick: () => openClose(shipment) }, 'Close…'),
              ),
            ),
          ),
    );
  };

  /** Closing a shipment received in part: what has not arrived becomes a discrepancy. */
  const openClose = (shipment: Shipment): void => {
    scanner?.stop();
    const status = statusLine();
    const missing = shipment.items.length - (shipment.received?.length ?? 0);
    replace(
      receiving,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'close-title' },
        h('h2', { id: 'close-title' }, `Close shipment ${shipment.id.slice(0, 12)}…`),
        h(
          'p',
          {},
          `${missing} item(s) have not been received. Closing reports them missing and alerts the regulator; nothing more can be received on this shipment.`,
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: () => {
              ok(
                client.POST('/api/v1/shipments/{id}/close', {
                  params: { path: { id: shipment.id } },
                  body: { note: '' },
                  headers: once(newRequestKey()),
                }),
              )
                .then(() => {
                  replace(
                    receiving,
                    h(
                      'p',
                      { class: 'status ok', role: 'status' },
                      'Closed: the missing items are reported to the regulator.',
                    ),
                  );
                  void load();
                })
                .catch((error: unknown) =>
                  status.error(
                    error instanceof ApiFailure ? error.message : 'Could not close the shipment.',
                  ),
                );
            },
          },
          'Close shipment',
        ),
        status.element,
      ),
    );
  };

  const openReceipt = (shipment: Shipment): void => {
    const arrived = new Map<string, ItemRef>();
    const list = h('div', { class: 'discrepancy', 'aria-live': 'polite' });
    const typed = h('textarea', { name: 'arrived', rows: '3' });
    const status = statusLine();
    const expected = new Map(shipment.items.map((item) => [itemKey(item), item]));
    const render = (): void => {
      const missing = [...expected.keys()].filter((key) => !arrived.has(key));
      const extra = [...arrived.keys()].filter((key) => !expected.has(key));
      replace(
        list,
        h(
          'p',
          {},
          `${arrived.size - extra.length} of ${expected.size} expected item(s) checked in.`,
        ),
        h(
          'ul',
          {},
          ...[...expected.keys()].map((key) =>
            h(
              'li',
              { class: arrived.has(key) ? 'ok' : 'missing' },
              arrived.has(key) ? '✓ ' : '… ',
              key,
            ),
          ),
        ),
        missing.length === 0 && extra.length === 0
          ? h('p', { class: 'status ok' }, 'Everything expected has arrived.')
          : h(
              'p',
              { class: 'status warn' },
              `Discrepancy: ${missing.length} missing (${missing.join(', ') || 'none'}), ${extra.length} extra (${extra.join(', ') || 'none'}). Confirming will raise an alert.`,
            ),
      );
    };
    const add = (item: ItemRef): void => {
      arrived.set(itemKey(item), item);
      render();
      announce(`Checked in ${itemKey(item)}.`);
    };
    scanner?.stop();
    scanner = new CameraScanner(
      (code) => {
        try {
          const item = parseItemCode(code);
          add(
            item.kind === 'container'
              ? { type: 'container', sscc: item.sscc }
              : { type: 'pack', gtin: item.gtin, serial: item.serial },
          );
        } catch (error) {
          status.error(error instanceof Gs1Error ? error.message : 'Not a GS1 code.');
        }
        window.setTimeout(() => scanner?.resume(), 800);
      },
      () => status.error('No camera: type or paste the codes instead.'),
    );
    replace(
      receiving,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'receive-title' },
        h('h2', { id: 'receive-title' }, `Receive shipment ${shipment.id.slice(0, 12)}…`),
        scanner.element,
        h(
          'form',
          {
            onsubmit: (event: Event) => {
              event.preventDefault();
              const parsed = parseItemLines(typed.value);
              parsed.items.forEach(add);
              typed.value = '';
              if (parsed.errors.length > 0) status.error(parsed.errors.join('; '));
            },
          },
          field('Or type what arrived, one per line', typed),
          h('button', { type: 'submit', class: 'secondary' }, 'Add'),
        ),
        list,
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: () => {
              ok(
                client.POST('/api/v1/shipments/{id}/receive', {
                  params: { path: { id: shipment.id } },
                  body: { received: [...arrived.values()] },
                  headers: once(newRequestKey()),
                }),
              )
                .then((result) => {
                  scanner?.stop();
                  replace(
                    receiving,
                    h(
                      'p',
                      { class: 'status ok', role: 'status' },
                      result.status === 'received'
                        ? 'Received: custody is now yours.'
                        : 'Received with a discrepancy: the regulator has been alerted.',
                    ),
                  );
                  void load();
                })
                .catch((error: unknown) =>
                  status.error(
                    error instanceof ApiFailure ? error.message : 'Could not confirm receipt.',
                  ),
                );
            },
          },
          'Confirm receipt',
        ),
        status.element,
      ),
    );
    render();
    void scanner.start();
  };

  void load();
  return {
    element: h(
      'main',
      { id: 'main', class: 'distributor' },
      h('h1', {}, 'Goods in and out'),
      incoming,
      receiving,
      shipForm(myGln, () => undefined),
      partnerTraceRequests(myGln),
    ),
    dispose: () => scanner?.stop(),
  };
}
