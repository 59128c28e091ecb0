import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '@packtrace/gateway-api';
import { randomBytes } from 'node:crypto';
import {
  pageTokenKeyFrom,
  readPageToken,
  signPageToken,
  type PageToken,
} from '../src/epcis/page-token';

const POSITION: PageToken = {
  after: { blockNumber: 7, transactionId: 'ab'.repeat(32) },
  endBlock: 9,
};
const SCOPE = { username: 'distributor', filter: { bizStep: ['shipping'] } };

describe('EPCIS page tokens across gateways', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'packtrace-page-token-'));
    await TokenService.open(join(dataDir, 'token-key'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('are read by every gateway sharing the token key file, and after a restart', async () => {
    const issuing = await pageTokenKeyFrom(join(dataDir, 'token-key'));
    const other = await pageTokenKeyFrom(join(dataDir, 'token-key'));
    const token = signPageToken(issuing, SCOPE, POSITION);
    expect(readPageToken(other, SCOPE, token, 10)).toEqual(POSITION);
  });

  it('are signed with a key of their own, not the bearer-token key', async () => {
    const key = await pageTokenKeyFrom(join(dataDir, 'token-key'));
    const bearerKey = Buffer.from(await readFile(join(dataDir, 'token-key'), 'utf8'), 'base64');
    expect(key.equals(bearerKey)).toBe(false);
    expect(key).toHaveLength(32);
  });

  it('are refused by a gateway with another key, and name no block past the ledger’s height', async () => {
    const key = await pageTokenKeyFrom(join(dataDir, 'token-key'));
    const token = signPageToken(key, SCOPE, POSITION);
    const elsewhere = randomBytes(32);
    expect(() => readPageToken(elsewhere, SCOPE, token, 10)).toThrow(
      expect.objectContaining({ status: 400, code: 'PAGE_TOKEN_INVALID' }),
    );
    // A ledger reset under the same data folder: the token's snapshot ends past the height.
    expect(() => readPageToken(key, SCOPE, token, 8)).toThrow(
      expect.objectContaining({ status: 400, code: 'PAGE_TOKEN_INVALID' }),
    );
  });

  it('name an offset into an ordered answer, bound like the others to its user and query', async () => {
    const key = await pageTokenKeyFrom(join(dataDir, 'token-key'));
    const offset: PageToken = { offset: 30, endBlock: 9 };
    const token = signPageToken(key, SCOPE, offset);
    expect(readPageToken(key, SCOPE, token, 10)).toEqual(offset);
    const refused = expect.objectContaining({ status: 400, code: 'PAGE_TOKEN_INVALID' });
    expect(() => readPageToken(key, { ...SCOPE, username: 'pharmacist' }, token, 10)).toThrow(
      refused,
    );
    expect(() => readPageToken(key, SCOPE, token.replace(/^o30\./, 'o60.'), 10)).toThrow(refused);
    expect(() => readPageToken(key, SCOPE, token, 8)).toThrow(refused);
  });

  it('name a place inside a transaction a page divided, from the log’s start too', async () => {
    const key = await pageTokenKeyFrom(join(dataDir, 'token-key'));
    const inside: PageToken = { ...POSITION, skip: 3 };
    const atStart: PageToken = { skip: 2, endBlock: 9 };
    for (const position of [inside, atStart]) {
      expect(readPageToken(key, SCOPE, signPageToken(key, SCOPE, position), 10)).toEqual(position);
    }
    // A token that divides nothing keeps the form it always had: position, end, signature.
    expect(signPageToken(key, SCOPE, POSITION).split('.')).toHaveLength(4);
    const forged = signPageToken(key, SCOPE, inside).replace('.k3.', '.k4.');
    expect(() => readPageToken(key, SCOPE, forged, 10)).toThrow(
      expect.objectContaining({ status: 400, code: 'PAGE_TOKEN_INVALID' }),
    );
  });
});
