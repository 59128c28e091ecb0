import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type { CommissioningJob as Job } from '../api/openapi-types';
import { field, h, replace, statusLine } from '../ui/dom';
import { parseItemLines } from './item-list';
import { partnerTraceRequests } from './partner-trace-requests';
import { productLinksPanel } from './product-links-panel';
import { shipForm } from './ship-form';

const failureText = (error: unknown, fallback: string) =>
  error instanceof ApiFailure ? error.message : fallback;

/** Products, batches (with progress for large ones), labels, cases, shipping and recalls. */
export function manufacturerView(myGln: string): HTMLElement {
  const gtinShared = h('input', {
    name: 'gtin',
    inputmode: 'numeric',
    required: true,
    value: '09506000134352',
  });

  // Register a product.
  const productName = h('input', { name: 'name', required: true });
  const productForm = h('input', { name: 'form', required: true, value: 'film-coated tablet' });
  const strength = h('input', { name: 'strength', required: true });
  const packSize = h('input', {
    name: 'packSize',
    type: 'number',
    min: '1',
    required: true,
    value: '20',
  });
  const productStatus = statusLine();
  const product = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'product-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        ok(
          client.POST('/api/v1/products', {
            body: {
              gtin: gtinShared.value.trim(),
              name: productName.value.trim(),
              form: productForm.value.trim(),
              strength: strength.value.trim(),
              packSize: Number(packSize.value),
            },
            headers: once(newRequestKey()),
          }),
        )
          .then(() => {
            productStatus.ok(`Product ${gtinShared.value.trim()} registered.`);
            void loadProducts();
          })
          .catch((error: unknown) =>
            productStatus.error(failureText(error, 'Could not register the product.')),
          );
      },
    },
    h('h2', { id: 'product-title' }, 'Register a product'),
    field('GTIN', gtinShared, 'Under a GS1 company prefix you own'),
    field('Name', productName),
    field('Form', productForm),
    field('Strength', strength),
    field('Pack size', packSize),
    h('button', { type: 'submit' }, 'Register product'),
    productStatus.element,
  );

  // The products this manufacturer registered (the first page: a manufacturer has few).
  const products = h(
    'section',
    { class: 'card', 'aria-labelledby': 'products-title' },
    h('h2', { id: 'products-title' }, 'Your products'),
  );
  const loadProducts = async (): Promise<void> => {
    try {
      const page = await ok(
        client.GET('/api/v1/products', { params: { query: { pageSize: 200 } } }),
      );
      replace(
        products,
        h('h2', { id: 'products-title' }, 'Your products'),
        page.items.length === 0
          ? h('p', {}, 'No products registered yet.')
          : h(
              'ul',
              { class: 'products' },
              ...page.items.map((item) =>
                h(
                  'li',
                  {},
                  `${item.gtin}: ${item.name} ${item.strength}, ${item.packSize} per pack`,
                ),
              ),
            ),
        ...(page.bookmark === '' ? [] : [h('p', {}, 'More products than shown here.')]),
      );
    } catch (error) {
      replace(
        products,
        h('h2', { id: 'products-title' }, 'Your products'),
        h('p', { class: 'status error' }, failureText(error, 'Could not list your products.')),
      );
    }
  };
  void loadProducts();

  // Commission a batch, with a progress bar for large batches and a label sheet after.
  const lot = h('input', { name: 'lot', required: true });
  const expiry = h('input', {
    name: 'expiry',
    inputmode: 'numeric',
    required: true,
    placeholder: 'YYMMDD',
  });
  const count = h('input', {
    name: 'count',
    type: 'number',
    min: '1',
    max: '1000000',
    required: true,
    value: '12',
  });
  const progress = h('progress', {
    max: '100',
    value: '0',
    hidden: true,
    'aria-label': 'Commissioning progress',
  });
  const batchStatus = statusLine();
  const sheet = h('div', { class: 'label-sheet', 'aria-live': 'polite' });
  const followJob = async (job: Job): Promise<void> => {
    progress.hidden = false;
    for (
      let current = job;
      ;
      current = await ok(client.GET('/api/v1/jobs/{id}', { params: { path: { id: current.id } } }))
    ) {
      progress.value = Math.round((100 * current.committed) / current.total);
      batchStatus.ok(
        `Commissioning: ${current.committed.toLocaleString()} of ${current.total.toLocaleString()} packs recorded…`,
      );
      if (current.status === 'completed') {
        batchStatus.ok(`Done: ${current.total.toLocaleString()} packs commissioned.`);
        return;
      }
      if (current.status === 'failed') {
        batchStatus.error(
          `Stopped: ${current.error?.message ?? 'unknown error'}. Packs recorded so far are kept; send the same request again to finish.`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const showLabels = async (
    gtin: string,
    serials: readonly string[],
    symbology: 'datamatrix' | 'qr',
  ): Promise<void> => {
    const shown = serials.slice(0, 24);
    replace(
      sheet,
      h('h3', {}, `Labels (${shown.length} of ${serials.length})`),
      h('p', {}, h('button', { type: 'button', onclick: () => window.print() }, 'Print sheet')),
    );
    const grid = h('div', { class: 'labels' });
    sheet.append(grid);
    for (const serial of shown) {
      const label = await ok(
        client.GET('/api/v1/packs/{gtin}/{serial}/label.svg', {
          params: { path: { gtin, serial }, query: { symbology } },
          parseAs: 'blob',
        }),
      );
      const url = URL.createObjectURL(label);
      grid.append(h('figure', {}, h('img', { src: url, alt: `Label for serial ${serial}` })));
    }
  };
  const symbology = h(
    'select',
    { name: 'symbology' },
    h('option', { value: 'datamatrix' }, 'GS1 DataMatrix'),
    h('option', { value: 'qr' }, 'QR code (GS1 Digital Link)'),
  );
  const batch = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'batch-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        batchStatus.clear();
        progress.hidden = true;
        const gtin = gtinShared.value.trim();
        ok(
          client.POST('/api/v1/batches', {
            body: {
              gtin,
              lot: lot.value.trim(),
              expiry: expiry.value.trim(),
              count: Number(count.value),
            },
            headers: once(newRequestKey()),
          }),
        )
          .then(async (result) => {
            if ('job' in result) {
              await followJob(result.job);
            } else {
              batchStatus.ok(`Commissioned ${result.created} packs of lot ${lot.value.trim()}.`);
              await showLabels(
                gtin,
                result.serials,
                symbology.value === 'qr' ? 'qr' : 'datamatrix',
              );
            }
          })
          .catch((error: unknown) =>
            batchStatus.error(failureText(error, 'Could not commission the batch.')),
          );
      },
    },
    h('h2', { id: 'batch-title' }, 'Commission a batch'),
    h('p', {}, 'Uses the GTIN above. Serials are generated at random (EU rule).'),
    field('Lot', lot),
    field('Expiry', expiry, 'YYMMDD; day 00 means the end of the month'),
    field('Number of packs', count, 'Up to 1,000,000; large batches run in the background'),
    field('Labels', symbology),
    h('button', { type: 'submit' }, 'Commission'),
    progress,
    batchStatus.element,
    sheet,
  );

  // Pack into a case.
  const sscc = h('input', { name: 'sscc', inputmode: 'numeric', required: true });
  const children = h('textarea', { name: 'children', rows: '3', required: true });
  const caseStatus = statusLine();
  const aggregate = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'case-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const parsed = parseItemLines(children.value, gtinShared.value.trim());
        if (parsed.errors.length > 0) {
          caseStatus.error(parsed.errors.join('; '));
          return;
        }
        const kind = parsed.items.some((item) => item.type === 'container') ? 'pallet' : 'case';
        ok(
          client.POST('/api/v1/containers', {
            body: { sscc: sscc.value.trim(), kind, children: parsed.items },
            headers: once(newRequestKey()),
          }),
        )
          .then(() =>
            caseStatus.ok(`Sealed ${parsed.items.length} item(s) in ${kind} ${sscc.value.trim()}.`),
          )
          .catch((error: unknown) => caseStatus.error(failureText(error, 'Could not pack.')));
      },
    },
    h('h2', { id: 'case-title' }, 'Pack a case or pallet'),
    field('SSCC', sscc),
    field(
      'Contents, one per line',
      children,
      'Serials of the GTIN above, pack codes, or case SSCCs (makes a pallet)',
    ),
    h('button', { type: 'submit' }, 'Seal'),
    caseStatus.element,
  );

  // Recall.
  const recallLot = h('input', { name: 'recallLot', required: true });
  const reason = h('input', { name: 'reason', required: true });
  const recallStatus = statusLine();
  const recall = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'recall-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        ok(
          client.POST('/api/v1/batches/{gtin}/{lot}/recall', {
            params: { path: { gtin: gtinShared.value.trim(), lot: recallLot.value.trim() } },
            body: { reason: reason.value.trim() },
            headers: once(newRequestKey()),
          }),
        )
          .then(() =>
            recallStatus.ok(
              `Lot ${recallLot.value.trim()} recalled: its packs now fail verification everywhere.`,
            ),
          )
          .catch((error: unknown) => recallStatus.error(failureText(error, 'Could not recall.')));
      },
    },
    h('h2', { id: 'recall-title' }, 'Recall a batch'),
    field('Lot', recallLot),
    field('Reason', reason),
    h('button', { type: 'submit', class: 'danger' }, 'Recall batch'),
    recallStatus.element,
  );

  return h(
    'main',
    { id: 'main', class: 'manufacturer' },
    h('h1', {}, 'Manufacturing'),
    h(
      'div',
      { class: 'columns' },
      products,
      product,
      productLinksPanel(() => gtinShared.value.trim()),
      batch,
      aggregate,
      shipForm(myGln, () => gtinShared.value.trim()),
      recall,
    ),
    partnerTraceRequests(myGln, { ask: false }),
  );
}
