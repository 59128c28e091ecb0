import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type { ProductLinkInput } from '../api/openapi-types';
import { field, h, replace, statusLine } from '../ui/dom';

/** The link types a manufacturer of medicines sets most; the API takes GS1's whole vocabulary. */
const COMMON_LINK_TYPES: ReadonlyArray<readonly [ProductLinkInput['linkType'], string]> = [
  ['gs1:epil', 'Electronic patient leaflet'],
  ['gs1:pip', 'Product information page'],
  ['gs1:smpc', 'Summary of product characteristics'],
  ['gs1:recallStatus', 'Recall status'],
  ['gs1:safetyInfo', 'Safety information'],
  ['gs1:defaultLink', 'Default link (product level)'],
];

const failureText = (error: unknown, fallback: string) =>
  error instanceof ApiFailure ? error.message : fallback;

/**
 * The manufacturer's section for a product's resolver links (issue 26): what the consortium's
 * resolver answers when a pack's QR code is scanned. Every change sends the whole list.
 */
export function productLinksPanel(gtinOf: () => string): HTMLElement {
  let links: ProductLinkInput[] = [];
  const status = statusLine();
  const list = h('ul', { class: 'product-links' });
  const linkType = h(
    'select',
    { name: 'linkType' },
    ...COMMON_LINK_TYPES.map(([value, text]) => h('option', { value }, text)),
  );
  const href = h('input', { name: 'href', type: 'url', placeholder: 'https://…' });
  const title = h('input', { name: 'title' });
  const language = h('input', { name: 'language', placeholder: 'en' });
  const mediaType = h('input', { name: 'type', placeholder: 'text/html' });

  const show = (): void => {
    replace(
      list,
      ...(links.length === 0
        ? [h('li', {}, 'No links: the resolver answers with the patient check only.')]
        : links.map((link, index) =>
            h(
              'li',
              {},
              `${link.linkType}${link.language === undefined ? '' : ` (${link.language})`}: ${link.title} → ${link.href} `,
              h(
                'button',
                {
                  type: 'button',
                  'aria-label': `Remove ${link.title}`,
                  onclick: () =>
                    void save(
                      links.filter((_, i) => i !== index),
                      'Link removed.',
                    ),
                },
                'Remove',
              ),
            ),
          )),
    );
  };
  const save = async (next: ProductLinkInput[], done: string): Promise<void> => {
    try {
      const saved = await ok(
        client.POST('/api/v1/products/{gtin}/links', {
          params: { path: { gtin: gtinOf() } },
          body: { links: next },
          headers: once(newRequestKey()),
        }),
      );
      links = saved.links.map((link) => ({ ...link }));
      show();
      status.ok(done);
    } catch (error) {
      status.error(failureText(error, 'Could not save the links.'));
    }
  };
  const load = async (): Promise<void> => {
    try {
      const read = await ok(
        client.GET('/api/v1/products/{gtin}/links', { params: { path: { gtin: gtinOf() } } }),
      );
      links = read.links.map((link) => ({ ...link }));
      show();
      status.ok(`Links of ${read.gtin} loaded.`);
    } catch (error) {
      status.error(failureText(error, 'Could not read the links.'));
    }
  };
  show();

  return h(
    'form',
    {
      class: 'card product-links-form',
      'aria-labelledby': 'links-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const link: ProductLinkInput = {
          linkType: linkType.value as ProductLinkInput['linkType'],
          href: href.value.trim(),
          title: title.value.trim(),
          ...(language.value.trim() === '' ? {} : { language: language.value.trim() }),
          ...(mediaType.value.trim() === '' ? {} : { type: mediaType.value.trim() }),
        };
        void save([...links, link], `Link added: ${link.title}.`);
      },
    },
    h('h2', { id: 'links-title' }, 'Resolver links'),
    h(
      'p',
      {},
      'What a phone reaches from a pack’s QR code, for the GTIN above. ',
      h('button', { type: 'button', onclick: () => void load() }, 'Show links'),
    ),
    list,
    field('Link type', linkType),
    field('Address', href, 'https only'),
    field('Title', title),
    field('Language', language, 'e.g. en or fr-BE; empty for any'),
    field('Media type', mediaType, 'e.g. application/pdf'),
    h('button', { type: 'submit' }, 'Add link'),
    status.element,
  );
}
