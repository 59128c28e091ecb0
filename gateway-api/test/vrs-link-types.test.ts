/**
 * GS1 Digital Link lets a requestor name the verification link type in any of its spellings: the
 * bare term, the `gs1:` compact URI, or the GS1 Web Vocabulary URI, on the vocabulary's hosts
 * (`gs1.org`, `www.gs1.org`, `ref.gs1.org`) and schemes (the vocabulary's IRIs are https; GS1's
 * reference resolver declared the namespace as http). Each is the same request.
 */
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-LINK';
const SERIAL = 'LT1';

const SPELLINGS = [
  'verificationService',
  'gs1:verificationService',
  'https://gs1.org/voc/verificationService',
  'https://ref.gs1.org/voc/verificationService',
  'https://www.gs1.org/voc/verificationService',
  'http://gs1.org/voc/verificationService',
  'http://ref.gs1.org/voc/verificationService',
  'http://www.gs1.org/voc/verificationService',
];

/** Other link types, the term in another case, and look-alike namespaces. */
const NOT_VERIFICATION = [
  'pip',
  'gs1:pip',
  'https://gs1.org/voc/pip',
  'verificationservice',
  'gs1:VerificationService',
  'schema:verificationService',
  'https://example.com/voc/verificationService',
  'https://gs1.org.example.com/voc/verificationService',
  'https://gs1.org/voc/verificationService/',
  'ftp://gs1.org/voc/verificationService',
  '',
];

describe('a VRS request names the verification link type in any spelling GS1 Digital Link allows', () => {
  let gw: TestGateway;
  let reqGLN: string;

  beforeAll(async () => {
    gw = await startGateway();
    reqGLN = gw.gln['distributor'] ?? '';
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: [SERIAL] })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  const query = (linkType: string, expiryKey: '17' | 'exp') =>
    new URLSearchParams({
      [expiryKey]: EXPIRY,
      linkType,
      context: 'dscsaSaleableReturn',
      reqGLN,
      corrUUID: '21ec2020-3aea-4069-a2dd-08002b30309d',
    }).toString();

  it.each(SPELLINGS)('answers linkType=%s with the verification response', async (linkType) => {
    for (const path of [
      `/vrs/01/${GTIN}/10/${LOT}/21/${SERIAL}?${query(linkType, '17')}`,
      `/vrs/gtin/${GTIN}/lot/${LOT}/ser/${SERIAL}?${query(linkType, 'exp')}`,
    ]) {
      const answer = await as(gw, 'distributor').get(path).expect(200);
      expect(answer.body).toMatchObject({
        corrUUID: '21ec2020-3aea-4069-a2dd-08002b30309d',
        data: { verified: true },
      });
    }
  });

  it('takes the URI form unencoded in the query too, as a requestor may send it', async () => {
    const path =
      `/vrs/01/${GTIN}/10/${LOT}/21/${SERIAL}?17=${EXPIRY}` +
      `&linkType=https://ref.gs1.org/voc/verificationService&context=dscsaSaleableReturn` +
      `&reqGLN=${reqGLN}&corrUUID=21ec2020-3aea-4069-a2dd-08002b30309d`;
    const answer = await as(gw, 'distributor').get(path).expect(200);
    expect(answer.body).toMatchObject({ data: { verified: true } });
  });

  it.each(NOT_VERIFICATION)('refuses linkType=%p with 400, recording nothing', async (linkType) => {
    const height = await gw.height();
    const refused = await as(gw, 'distributor')
      .get(`/vrs/01/${GTIN}/10/${LOT}/21/${SERIAL}?${query(linkType, '17')}`)
      .expect(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details.issues).toContainEqual(
      expect.objectContaining({ where: 'query', path: 'linkType' }),
    );
    expect(await gw.height()).toBe(height);
  });
});
