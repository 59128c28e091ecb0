import { MAX_PRODUCT_LINKS, Tx, type ProductLinks } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { refusal } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, gtin } from '../support/demo-parties';
import { registerProduct } from '../support/fixtures';

const LEAFLET = {
  linkType: 'gs1:epil',
  href: 'https://leaflets.example.com/paracetamol/en.pdf',
  title: 'Patient leaflet',
  language: 'en',
  type: 'application/pdf',
};
const PIP = { linkType: 'gs1:pip', href: 'https://maker.example.com/p', title: 'Product' };

describe('product links for the resolver', () => {
  let d: ScenarioLedger;

  beforeEach(async () => {
    d = await startScenario();
    await registerProduct(d);
  });
  afterEach(async () => d.stop());

  it('answers no links for a product whose manufacturer set none', async () => {
    const links = await d.evaluate<ProductLinks>('pharmacy', Tx.GetProductLinks, GTIN);
    expect(links).toMatchObject({ gtin: GTIN, links: [], updatedAt: '' });
  });

  it("lets the product's manufacturer set and replace them, read alike by every role", async () => {
    const set = await d.submit<ProductLinks>(
      'manufacturer',
      Tx.SetProductLinks,
      GTIN,
      JSON.stringify([LEAFLET, { ...PIP, linkType: 'https://gs1.org/voc/pip' }]),
    );
    expect(set.links).toEqual([LEAFLET, PIP]);
    expect(set.updatedAt).not.toBe('');
    for (const role of ['manufacturer', 'distributor', 'pharmacy', 'regulator'] as const) {
      expect((await d.evaluate<ProductLinks>(role, Tx.GetProductLinks, GTIN)).links).toEqual([
        LEAFLET,
        PIP,
      ]);
    }
    await d.submit('manufacturer', Tx.SetProductLinks, GTIN, JSON.stringify([PIP]));
    expect((await d.evaluate<ProductLinks>('pharmacy', Tx.GetProductLinks, GTIN)).links).toEqual([
      PIP,
    ]);
    await d.submit('manufacturer', Tx.SetProductLinks, GTIN, '[]');
    expect((await d.evaluate<ProductLinks>('pharmacy', Tx.GetProductLinks, GTIN)).links).toEqual(
      [],
    );
  });

  it('refuses another manufacturer, and a GTIN that is not registered', async () => {
    const other = await refusal(
      d.submit('manufacturer2', Tx.SetProductLinks, GTIN, JSON.stringify([PIP])),
    );
    expect(other.code).toBe('NOT_PRODUCT_OWNER');
    const unknown = gtin('0950600099999');
    expect((await refusal(d.submit('manufacturer', Tx.SetProductLinks, unknown, '[]'))).code).toBe(
      'PRODUCT_NOT_FOUND',
    );
    expect((await refusal(d.evaluate('pharmacy', Tx.GetProductLinks, unknown))).code).toBe(
      'PRODUCT_NOT_FOUND',
    );
    expect((await refusal(d.submit('pharmacy', Tx.SetProductLinks, GTIN, '[]'))).code).toBe(
      'ROLE_FORBIDDEN',
    );
  });

  it.each([
    ['a link type outside GS1 vocabulary', [{ ...PIP, linkType: 'gs1:madeUp' }], 'linkType'],
    ['a plain http target', [{ ...PIP, href: 'http://maker.example.com/p' }], 'https'],
    ['a target with credentials', [{ ...PIP, href: 'https://u:p@maker.example.com/' }], 'https'],
    ['a missing title', [{ linkType: 'gs1:pip', href: PIP.href }], 'title'],
    ['a language that is not BCP 47', [{ ...LEAFLET, language: 'english!' }], 'BCP 47'],
    ['a media type that is not one', [{ ...LEAFLET, type: 'pdf' }], 'media type'],
    ['an unknown field', [{ ...PIP, colour: 'red' }], 'colour'],
    ['two links alike', [LEAFLET, { ...LEAFLET, title: 'Again' }], 'second gs1:epil'],
    ['not an array', { links: [PIP] }, 'JSON array'],
    [
      'more links than allowed',
      Array.from({ length: MAX_PRODUCT_LINKS + 1 }, (_, i) => ({ ...LEAFLET, language: `x-${i}` })),
      `at most ${MAX_PRODUCT_LINKS}`,
    ],
  ])('refuses %s with INVALID_LINK and keeps the links before', async (_name, links, words) => {
    await d.submit('manufacturer', Tx.SetProductLinks, GTIN, JSON.stringify([PIP]));
    const refused = await refusal(
      d.submit('manufacturer', Tx.SetProductLinks, GTIN, JSON.stringify(links)),
    );
    expect(refused.code).toBe('INVALID_LINK');
    expect(refused.message).toContain(words);
    expect((await d.evaluate<ProductLinks>('pharmacy', Tx.GetProductLinks, GTIN)).links).toEqual([
      PIP,
    ]);
  });
});
