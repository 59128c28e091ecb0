import { CSET82_CHARACTERS, expiryToIsoDate } from '@packtrace/gs1';
import type { Response } from 'superagent';
import {
  EXPIRY,
  as,
  startGateway,
  registerProduct,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const DAY_00 = `${EXPIRY.slice(0, 4)}00`;

/** Reads a response body as text whatever its content type (supertest's parser hook). */
function asText(res: Response, done: (error: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('latin1');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

/** The serials a print-run PDF carries, in print order (from its `SN:` text lines). */
function printedSerials(pdf: string): string[] {
  return [...pdf.matchAll(/\(SN: ((?:\\.|[^\\)])*)\) Tj/g)].map((m) =>
    (m[1] ?? '').replace(/\\(.)/g, '$1'),
  );
}

/** Checks the cross-reference table: every offset points at its object. */
function expectConsistentPdf(pdf: string): void {
  expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
  expect(pdf.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
  expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
  const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)];
  expect(entries.length).toBeGreaterThan(3);
  entries.forEach((entry, index) => {
    expect(pdf.slice(Number(entry[1]), Number(entry[1]) + 10)).toMatch(
      new RegExp(`^${index + 1} 0 obj`),
    );
  });
}

describe('printable labels', () => {
  let gw: TestGateway;
  const many = Array.from({ length: 230 }, (_, i) => `P${String(i).padStart(4, '0')}`);

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    const manufacturer = as(gw, 'manufacturer');
    await manufacturer
      .post('/batches', { gtin: GTIN, lot: 'L<1>', expiry: DAY_00, serials: ['A&B"1'] })
      .expect(201);
    await manufacturer
      .post('/batches', {
        gtin: GTIN,
        lot: 'LOT/42(A)',
        expiry: EXPIRY,
        serials: ['(21)X', CSET82_CHARACTERS.slice(0, 20)],
      })
      .expect(201);
    await manufacturer
      .post('/batches', { gtin: GTIN, lot: 'RUN-1', expiry: EXPIRY, serials: many })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  async function label(serial: string, symbology = 'datamatrix'): Promise<string> {
    const response = await as(gw, 'manufacturer')
      .get(`/packs/${GTIN}/${encodeURIComponent(serial)}/label.svg?symbology=${symbology}`)
      .buffer(true)
      .parse(asText)
      .expect(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
    return response.body as string;
  }

  it.each(['datamatrix', 'qr'])(
    'draws a %s label at its printed size with the EU text, safely escaped',
    async (symbology) => {
      const svg = await label('A&B"1', symbology);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="[\d.]+mm"/);
      expect(svg).toContain('<path');
      expect(svg).toContain(`PC: ${GTIN}`);
      expect(svg).toContain('SN: A&#38;B&#34;1');
      expect(svg).toContain('Lot: L&#60;1&#62;');
      // Day 00: the month only, as encoded.
      expect(svg).toContain(`EXP: ${expiryToIsoDate(DAY_00).slice(0, 7)}<`);
      expect(svg).not.toMatch(/A&B|L<1>/);
    },
  );

  it('draws different symbols for DataMatrix and QR', async () => {
    expect(await label('A&B"1')).not.toEqual(await label('A&B"1', 'qr'));
  });

  it.each(['datamatrix', 'qr'])(
    'draws a %s label for a lot and serial with parentheses (no 500)',
    async (symbology) => {
      const svg = await label('(21)X', symbology);
      expect(svg).toContain('Lot: LOT/42(A)');
      expect(svg).toContain('SN: (21)X');
    },
  );

  it('refuses an unknown symbology and a party that never held the pack', async () => {
    const serial = encodeURIComponent('A&B"1');
    expect(
      (await as(gw, 'manufacturer').get(`/packs/${GTIN}/${serial}/label.svg?symbology=aztec`))
        .status,
    ).toBe(400);
    expect((await as(gw, 'pharmacist').get(`/packs/${GTIN}/${serial}/label.svg`)).status).toBe(403);
  });

  describe('print run', () => {
    async function printRun(user: string, lot: string, query = ''): Promise<Response> {
      return as(gw, user)
        .get(`/batches/${GTIN}/${encodeURIComponent(lot)}/labels${query}`)
        .buffer(true)
        .parse(asText);
    }

    it('prints a whole batch on A4 sheets, paging through more than one page of serials', async () => {
      const response = await printRun('manufacturer', 'RUN-1');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="labels-${GTIN}-RUN-1-datamatrix-a4.pdf"`,
      );
      const pdf = response.body as string;
      expectConsistentPdf(pdf);
      // Every serial once, in the order the ledger lists the batch (not sorted).
      expect([...printedSerials(pdf)].sort()).toEqual([...many].sort());
      expect(printedSerials(pdf)).toHaveLength(many.length);
      const pages = pdf.match(/\/Type \/Page /g) ?? [];
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.length).toBeLessThan(many.length / 10);
      expect(pdf).toContain('/MediaBox [0 0 595.276 841.89]');
    });

    it('prints a range of serials on a roll, one label per page, for the regulator too', async () => {
      const response = await printRun(
        'regulator',
        'RUN-1',
        '?layout=roll&symbology=qr&from=P0198&to=P0203',
      );
      expect(response.status).toBe(200);
      const pdf = response.body as string;
      expectConsistentPdf(pdf);
      expect([...printedSerials(pdf)].sort()).toEqual([
        'P0198',
        'P0199',
        'P0200',
        'P0201',
        'P0202',
        'P0203',
      ]);
      expect(pdf.match(/\/Type \/Page /g)).toHaveLength(6);
    });

    it('prints serials and lots with parentheses intact', async () => {
      const pdf = (await printRun('manufacturer', 'LOT/42(A)')).body as string;
      expectConsistentPdf(pdf);
      expect(printedSerials(pdf).sort()).toEqual(['(21)X', CSET82_CHARACTERS.slice(0, 20)].sort());
      expect(pdf).toContain('(Lot: LOT/42\\(A\\)) Tj');
    });

    it('refuses other roles, a range out of order, an unknown batch and unknown options', async () => {
      expect((await printRun('pharmacist', 'RUN-1')).status).toBe(403);
      expect((await printRun('distributor', 'RUN-1')).status).toBe(403);
      const reversed = await printRun('manufacturer', 'RUN-1', '?from=P0009&to=P0001');
      expect(reversed.status).toBe(400);
      expect(JSON.parse(reversed.body as string).error.code).toBe('VALIDATION_FAILED');
      expect((await printRun('manufacturer', 'NO-SUCH-LOT')).status).toBe(404);
      expect((await printRun('manufacturer', 'RUN-1', '?layout=letter')).status).toBe(400);
      expect((await printRun('manufacturer', 'RUN-1', '?from=has%20space')).status).toBe(400);
    });

    it('is in the OpenAPI document with its query options', async () => {
      const document = JSON.parse(
        (await as(gw, 'manufacturer').get('/openapi.json').buffer(true).parse(asText))
          .body as string,
      );
      const operation = document.paths['/api/v1/batches/{gtin}/{lot}/labels'].get;
      expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['gtin', 'lot', 'symbology', 'layout', 'from', 'to']),
      );
    });

    it('refuses another manufacturer’s batch before sending any of the document', async () => {
      const response = await printRun('manufacturer2', 'RUN-1');
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toContain('application/json');
    });
  });
});
