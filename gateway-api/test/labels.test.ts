import { expiryToIsoDate } from '@packtrace/gs1';
import type { Response } from 'superagent';
import {
  EXPIRY,
  as,
  startGateway,
  registerProduct,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/** Reads a response body as text whatever its content type (supertest's parser hook). */
function asText(res: Response, done: (error: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

describe('printable labels', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', {
        gtin: GTIN,
        lot: 'L<1>',
        expiry: `${EXPIRY.slice(0, 4)}00`,
        serials: ['A&B"1'],
      })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  it.each(['datamatrix', 'qr'])(
    'draws a %s label with the human-readable text, safely escaped',
    async (symbology) => {
      const serial = encodeURIComponent('A&B"1');
      const response = await as(gw, 'manufacturer')
        .get(`/packs/${GTIN}/${serial}/label.svg?symbology=${symbology}`)
        .buffer(true)
        .parse(asText)
        .expect(200);
      expect(response.headers['content-type']).toContain('image/svg+xml');
      const svg = response.body as string;
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain('<path');
      expect(svg).toContain('SN A&#38;B&#34;1');
      expect(svg).toContain('LOT L&#60;1&#62;');
      expect(svg).toContain(`EXP ${expiryToIsoDate(`${EXPIRY.slice(0, 4)}00`)}`);
      expect(svg).not.toMatch(/A&B|L<1>/);
    },
  );

  it('draws different symbols for DataMatrix and QR', async () => {
    const serial = encodeURIComponent('A&B"1');
    const dm = (
      await as(gw, 'manufacturer')
        .get(`/packs/${GTIN}/${serial}/label.svg`)
        .buffer(true)
        .parse(asText)
        .expect(200)
    ).body as string;
    const qr = (
      await as(gw, 'manufacturer')
        .get(`/packs/${GTIN}/${serial}/label.svg?symbology=qr`)
        .buffer(true)
        .parse(asText)
        .expect(200)
    ).body as string;
    expect(dm).toContain('<path');
    expect(dm).not.toEqual(qr);
  });

  it('refuses an unknown symbology and a party that never held the pack', async () => {
    const serial = encodeURIComponent('A&B"1');
    expect(
      (await as(gw, 'manufacturer').get(`/packs/${GTIN}/${serial}/label.svg?symbology=aztec`))
        .status,
    ).toBe(400);
    expect((await as(gw, 'pharmacist').get(`/packs/${GTIN}/${serial}/label.svg`)).status).toBe(403);
  });
});
