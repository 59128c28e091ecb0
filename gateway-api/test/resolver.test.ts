/**
 * Issue 26: the consortium's GS1 Digital Link resolver, tested as GS1's conformance criteria for
 * a resolver list them (linkset shape and media type, redirect status with Location and Link,
 * linkType handling, language choice, the well-known description, 404 and 400), and the
 * manufacturer's registration of links through the API. On whichever ledger LEDGER selects.
 */
import { packCodeFromFields } from '@packtrace/gs1';
import request from 'supertest';
import { packLabelSvg } from '../src/labels/pack-label';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const UNKNOWN_GTIN = '09506000134369';
const LEAFLET_EN = {
  linkType: 'gs1:epil',
  href: 'https://leaflets.example.com/p/en.pdf',
  title: 'Patient leaflet',
  language: 'en',
  type: 'application/pdf',
};
const LEAFLET_FR = { ...LEAFLET_EN, href: 'https://leaflets.example.com/p/fr.pdf', language: 'fr' };
const PIP = {
  linkType: 'gs1:pip',
  href: 'https://maker.example.com/p',
  title: 'Product information',
  type: 'text/html',
};
/** Where the suite's requests say they are sent (Host): with no RESOLVER_BASE_URL, the base. */
const HOST = 'resolver.example.org';
const BASE = `http://${HOST}`;

describe("the consortium's GS1 Digital Link resolver", () => {
  let gw: TestGateway;
  const get = (path: string) => request(gw.app).get(path).set('Host', HOST);

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post(`/products/${GTIN}/links`, { links: [LEAFLET_EN, LEAFLET_FR, PIP] })
      .expect(200);
  });
  afterAll(async () => gw.stop());

  it('lets the manufacturer read back the links it set, and refuses others and bad links', async () => {
    const read = await as(gw, 'pharmacist').get(`/products/${GTIN}/links`).expect(200);
    expect(read.body).toMatchObject({ gtin: GTIN, links: [LEAFLET_EN, LEAFLET_FR, PIP] });
    const refused = await as(gw, 'pharmacist')
      .post(`/products/${GTIN}/links`, { links: [] })
      .expect(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('ROLE_FORBIDDEN');
    const http = await as(gw, 'manufacturer')
      .post(`/products/${GTIN}/links`, { links: [{ ...PIP, href: 'http://maker.example.com/p' }] })
      .expect(400);
    expect((http.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const unknownType = await as(gw, 'manufacturer')
      .post(`/products/${GTIN}/links`, { links: [{ ...PIP, linkType: 'gs1:madeUp' }] })
      .expect(400);
    expect((unknownType.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const twice = await as(gw, 'manufacturer')
      .post(`/products/${GTIN}/links`, { links: [LEAFLET_EN, LEAFLET_EN] })
      .expect(400);
    expect((twice.body as { error: { code: string } }).error.code).toBe('INVALID_LINK');
    // Nothing changed.
    const after = await as(gw, 'manufacturer').get(`/products/${GTIN}/links`).expect(200);
    expect((after.body as { links: unknown[] }).links).toHaveLength(3);
  });

  it('answers linkType=all with an RFC 9264 linkset in GS1 shape, full relation URIs', async () => {
    const res = await get(`/01/${GTIN}?linkType=all`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/linkset\+json/);
    const body = JSON.parse(res.text) as { linkset: Record<string, unknown>[] };
    expect(body.linkset).toHaveLength(1);
    const context = body.linkset[0] ?? {};
    expect(context['anchor']).toBe(`${BASE}/01/${GTIN}`);
    expect(context['https://gs1.org/voc/epil']).toEqual([
      { href: LEAFLET_EN.href, title: LEAFLET_EN.title, hreflang: ['en'], type: 'application/pdf' },
      { href: LEAFLET_FR.href, title: LEAFLET_FR.title, hreflang: ['fr'], type: 'application/pdf' },
    ]);
    expect(context['https://gs1.org/voc/pip']).toEqual([
      { href: PIP.href, title: PIP.title, type: 'text/html' },
    ]);
    expect(context['https://gs1.org/voc/verificationService']).toEqual([
      expect.objectContaining({ href: `${BASE}/api/v1/vrs` }),
    ]);
    for (const relation of Object.keys(context).filter((name) => name !== 'anchor')) {
      expect(relation).toMatch(/^https:\/\/gs1\.org\/voc\/[A-Za-z]+$/);
    }
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toMatch(/public/);
  });

  it('answers Accept: application/linkset+json with the same linkset', async () => {
    const all = await get(`/01/${GTIN}?linkType=all`).expect(200);
    const accepted = await get(`/01/${GTIN}`).set('Accept', 'application/linkset+json').expect(200);
    expect(accepted.headers['content-type']).toMatch(/^application\/linkset\+json/);
    expect(accepted.text).toBe(all.text);
  });

  it('redirects a link type with 307, Location and a Link header naming every link', async () => {
    const res = await get(`/01/${GTIN}?linkType=gs1:pip`).expect(307);
    expect(res.headers['location']).toBe(PIP.href);
    const link = res.headers['link'] as string;
    expect(link).toContain(`<${PIP.href}>; rel="https://gs1.org/voc/pip"`);
    expect(link).toContain(`<${LEAFLET_FR.href}>; rel="https://gs1.org/voc/epil"`);
    expect(link).toContain(`<${BASE}/01/${GTIN}?linkType=all>; rel="linkset"`);
    const full = await get(`/01/${GTIN}?linkType=${encodeURIComponent('https://gs1.org/voc/pip')}`);
    expect(full.status).toBe(307);
    expect(full.headers['location']).toBe(PIP.href);
  });

  it('chooses the leaflet in the language the client prefers', async () => {
    const fr = await get(`/01/${GTIN}/10/L1/21/S1?linkType=gs1:epil`)
      .set('Accept-Language', 'fr-BE, en;q=0.5')
      .expect(307);
    expect(fr.headers['location']).toBe(LEAFLET_FR.href);
    const en = await get(`/01/${GTIN}?linkType=gs1:epil`)
      .set('Accept-Language', 'de, en;q=0.8, fr;q=0.2')
      .expect(307);
    expect(en.headers['location']).toBe(LEAFLET_EN.href);
    expect(en.headers['vary']).toMatch(/Accept-Language/);
  });

  it("sends a pack's code without linkType to the patient check page on the same base URL", async () => {
    const withLot = await get(`/01/${GTIN}/10/L%2F1/21/S1`).set('Accept', 'text/html').expect(307);
    expect(withLot.headers['location']).toBe(`${BASE}/check/01/${GTIN}/21/S1?lot=L%2F1`);
    const bare = await get(`/01/${GTIN}/21/S1`).set('Accept', 'text/html').expect(307);
    expect(bare.headers['location']).toBe(`${BASE}/check/01/${GTIN}/21/S1`);
  });

  it("sends a product's code without linkType to its product information page", async () => {
    const res = await get(`/01/${GTIN}`).set('Accept', 'text/html').expect(307);
    expect(res.headers['location']).toBe(PIP.href);
  });

  it('answers a link type the product lacks, or one outside the vocabulary, with the default link', async () => {
    const lacking = await get(`/01/${GTIN}/21/S1?linkType=gs1:recallStatus`).expect(307);
    expect(lacking.headers['location']).toBe(`${BASE}/check/01/${GTIN}/21/S1`);
    const unknown = await get(`/01/${GTIN}?linkType=gs1:noSuchThing`).expect(307);
    expect(unknown.headers['location']).toBe(PIP.href);
  });

  it('points gs1:verificationService at the VRS responder for a pack', async () => {
    const res = await get(`/01/${GTIN}/10/L1/21/S1?linkType=gs1:verificationService`).expect(307);
    expect(res.headers['location']).toBe(`${BASE}/api/v1/vrs/01/${GTIN}/10/L1/21/S1`);
  });

  it('answers a compressed Digital Link where it is, naming its uncompressed form', async () => {
    // (01) 09506000134352 (21) 72292641703, compressed as GS1's Digital Link standard does.
    const compressed = 'ARFKk4XBoEIXDU-iun';
    const pack = await get(`/${compressed}`).set('Accept', 'text/html').expect(307);
    expect(pack.headers['location']).toBe(`${BASE}/check/01/${GTIN}/21/72292641703`);
    expect(pack.headers['link']).toContain(`<${BASE}/01/${GTIN}/21/72292641703>; rel="owl:sameAs"`);
    const leaflet = await get(`/${compressed}?linkType=gs1:epil`)
      .set('Accept-Language', 'fr')
      .expect(307);
    expect(leaflet.headers['location']).toBe(LEAFLET_FR.href);
    // An optimisation code, which this resolver does not read, is no resolver path.
    await get('/EEarwSOABgwEj9s0bAmQ').expect(404);
  });

  it('answers an unknown GTIN with 404 and a clear body, a malformed one with 400', async () => {
    const unknown = await get(`/01/${UNKNOWN_GTIN}/21/S1`).expect(404);
    expect(unknown.body).toEqual({
      error: {
        code: 'PRODUCT_NOT_FOUND',
        message: `no product with GTIN ${UNKNOWN_GTIN} is registered on this consortium's ledger`,
      },
    });
    expect(unknown.headers['location']).toBeUndefined();
    const malformed = await get(`/01/09506000134353`).expect(400);
    expect((malformed.body as { error: { code: string } }).error.code).toBe('INVALID_CODE');
  });

  it('answers CORS preflights and serves the resolver description', async () => {
    const preflight = await request(gw.app).options(`/01/${GTIN}`).set('Host', HOST).expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const res = await get('/.well-known/gs1resolver').expect(200);
    expect(res.body).toMatchObject({
      resolverRoot: BASE,
      supportedPrimaryKeys: ['01'],
      supportedLinkType: [{ namespace: 'https://gs1.org/voc/', prefix: 'gs1:' }],
      linkTypeDefaultCanBeLinkset: true,
    });
  });

  it("prints QR labels whose Digital Link names this gateway's resolver, not GS1's", async () => {
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'LOT-R1', expiry: EXPIRY, serials: ['R1'] })
      .expect(201);
    const res = await as(gw, 'manufacturer')
      .get(`/packs/${GTIN}/R1/label.svg?symbology=qr`)
      .set('Host', HOST)
      .buffer(true)
      .parse((response, done) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => done(null, body));
      })
      .expect(200);
    const code = packCodeFromFields({ gtin: GTIN, lot: 'LOT-R1', serial: 'R1', expiry: EXPIRY });
    expect(res.body).toBe(packLabelSvg(code, 'qr', BASE));
    expect(res.body).not.toBe(packLabelSvg(code, 'qr'));
  });
});

/** How many times the gateway has asked the ledger for products' links, from its /metrics. */
async function linkReads(gw: TestGateway): Promise<number> {
  const metrics = await request(gw.operations).get('/metrics').expect(200);
  return metrics.text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('packtrace_ledger_call_duration_seconds_count{') &&
        line.includes('GetProductLinks') &&
        line.includes('kind="evaluate"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

describe("the resolver's copy of products' links (RESOLVER_CACHE_SECONDS)", () => {
  const resolve = (gw: TestGateway) =>
    request(gw.app).get(`/01/${GTIN}?linkType=all`).set('Host', HOST).expect(200);
  const hrefs = (text: string): string[] =>
    Object.values(
      (JSON.parse(text) as { linkset: Record<string, unknown>[] }).linkset[0] ?? {},
    ).flatMap((value) =>
      Array.isArray(value) ? value.map((link) => (link as { href: string }).href) : [],
    );

  it('reads a product once for many scans, and answers the links its manufacturer sets at once', async () => {
    let gw = await startGateway(undefined, { resolverCacheSeconds: 300 });
    try {
      await registerProduct(gw);
      await as(gw, 'manufacturer')
        .post(`/products/${GTIN}/links`, { links: [PIP] })
        .expect(200);
      // A gateway that has not read the product yet: scans arriving together share one read.
      gw = await gw.restart();
      const before = await linkReads(gw);
      const answers = await Promise.all([resolve(gw), resolve(gw), resolve(gw)]);
      await resolve(gw);
      await request(gw.app).get(`/01/${GTIN}/21/S1?linkType=gs1:pip`).set('Host', HOST).expect(307);
      expect(await linkReads(gw)).toBe(before + 1);
      for (const answer of answers) expect(hrefs(answer.text)).toContain(PIP.href);
      // Links the manufacturer sets through this gateway are its resolver's answer at once.
      await as(gw, 'manufacturer')
        .post(`/products/${GTIN}/links`, { links: [LEAFLET_EN] })
        .expect(200);
      const updated = hrefs((await resolve(gw)).text);
      expect(updated).toContain(LEAFLET_EN.href);
      expect(updated).not.toContain(PIP.href);
      expect(await linkReads(gw)).toBe(before + 1);
    } finally {
      await gw.stop();
    }
  });

  it('reads the ledger on every scan when set to 0', async () => {
    const gw = await startGateway(undefined, { resolverCacheSeconds: 0 });
    try {
      await registerProduct(gw);
      await as(gw, 'manufacturer')
        .post(`/products/${GTIN}/links`, { links: [PIP] })
        .expect(200);
      const before = await linkReads(gw);
      await resolve(gw);
      await resolve(gw);
      expect(await linkReads(gw)).toBe(before + 2);
    } finally {
      await gw.stop();
    }
  });
});
