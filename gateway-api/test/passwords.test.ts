import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import request from 'supertest';
import { ConfigError, loadConfig } from '../src/config/gateway-config';
import { Fields } from '../src/schemas/field-schemas';
import { as, startGateway, type TestGateway } from './support/test-gateway';

const HARBOUR_PHARMACY = '9506000000053';

/** Usernames unique per run: on Fabric the organisations' CAs outlive every test gateway. */
function newUsername(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Passwords no one can type back, or that a terminal or a log would show as something else. */
const REFUSED: ReadonlyArray<readonly [what: string, password: string, code: string]> = [
  ['eight spaces', '        ', 'PASSWORD_BLANK'],
  [
    'only Unicode spaces (no-break, ideographic, em)',
    '\u00a0\u3000\u2003 \u00a0\u3000\u2003 ',
    'PASSWORD_BLANK',
  ],
  ['a NUL', 'night\u0000shift 22', 'PASSWORD_CONTROL_CHARACTER'],
  ['a BEL', 'night shift\u0007 22', 'PASSWORD_CONTROL_CHARACTER'],
  ['a tab', 'night\tshift 22', 'PASSWORD_CONTROL_CHARACTER'],
  ['a line feed', 'night shift\n22', 'PASSWORD_CONTROL_CHARACTER'],
  ['a terminal escape sequence', '\u001b[2Jnight shift 22', 'PASSWORD_CONTROL_CHARACTER'],
  ['DEL', 'night shift 22\u007f', 'PASSWORD_CONTROL_CHARACTER'],
  ['a C1 control (NEL)', 'night\u0085shift 22', 'PASSWORD_CONTROL_CHARACTER'],
  ['a line separator', 'night\u2028shift 22', 'PASSWORD_CONTROL_CHARACTER'],
  ['a right-to-left override', 'night \u202e22 tfihs', 'PASSWORD_FORMAT_CHARACTER'],
  ['a bidirectional isolate', 'night \u2067shift\u2069 22', 'PASSWORD_FORMAT_CHARACTER'],
  ['a zero-width space', 'night\u200bshift 22', 'PASSWORD_FORMAT_CHARACTER'],
  ['a byte-order mark', '\ufeffnight shift 22', 'PASSWORD_FORMAT_CHARACTER'],
  ['a soft hyphen', 'night\u00adshift 22', 'PASSWORD_FORMAT_CHARACTER'],
  ['a lone surrogate', 'night shift 22\ud800', 'PASSWORD_NOT_WELL_FORMED'],
  ['four emoji (eight UTF-16 units, four characters)', '🔑🔑🔑🔑', 'PASSWORD_LENGTH'],
  ['257 characters', 'x'.repeat(257), 'PASSWORD_LENGTH'],
];

/** Passwords people choose: spaces inside and around, any script, emoji, joiners. */
const ACCEPTED: readonly string[] = [
  'night shift 22',
  '  spaces around  ',
  'пароль-двадцать',
  'パスワード二十二',
  'كلمة\u200cالسر', // ZWNJ: Persian and Arabic typing needs it
  '👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻', // each a ZWJ sequence
  '🔑'.repeat(256), // 256 characters, 512 UTF-16 units
  'x'.repeat(256),
];

interface Issue {
  readonly where: string;
  readonly path: string;
  readonly message: string;
  readonly code?: string;
}

function issuesOf(response: request.Response): Issue[] {
  const body = response.body as { error: { code: string; details?: { issues?: Issue[] } } };
  expect(body.error.code).toBe('VALIDATION_FAILED');
  return body.error.details?.issues ?? [];
}

describe('a password is set only when a person can type it back and no log can misread it', () => {
  let gw: TestGateway;
  let existing: string;

  beforeAll(async () => {
    // Sign-in is part of what this suite checks: more often than one address may by default.
    gw = await startGateway(1000);
    existing = newUsername('pw');
    await as(gw, 'pharmacy2-admin')
      .post('/users', { username: existing, password: 'night shift 22', gln: HARBOUR_PHARMACY })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  it.each(REFUSED)(
    'POST /users refuses a password of %s with 400 and its code, adding no one',
    async (_what, password, code) => {
      const username = newUsername('refused');
      const response = await as(gw, 'pharmacy2-admin')
        .post('/users', { username, password, gln: HARBOUR_PHARMACY })
        .expect(400);
      const issues = issuesOf(response);
      expect(issues).toContainEqual(
        expect.objectContaining({ where: 'body', path: 'password', code }),
      );
      // The sentence names the rule, never the password.
      for (const issue of issues) {
        expect(issue.message.length).toBeGreaterThan(10);
        if (password.trim().length > 0) expect(issue.message).not.toContain(password);
      }
      const users = await as(gw, 'pharmacy2-admin').get('/users').expect(200);
      expect(users.body.items.map((user: { username: string }) => user.username)).not.toContain(
        username,
      );
    },
  );

  it.each(REFUSED)(
    'POST /users/{username}/password refuses a password of %s with 400 and its code, keeping the old one',
    async (_what, password, code) => {
      const response = await as(gw, 'pharmacy2-admin')
        .post(`/users/${existing}/password`, { password })
        .expect(400);
      expect(issuesOf(response)).toContainEqual(
        expect.objectContaining({ where: 'body', path: 'password', code }),
      );
      await request(gw.app)
        .post('/api/v1/auth/token')
        .send({ username: existing, password: 'night shift 22' })
        .expect(200);
    },
  );

  it('accepts passwords with spaces, in any script, of emoji and joiners, and signs their users in', async () => {
    const username = newUsername('accepted');
    await as(gw, 'pharmacy2-admin')
      .post('/users', { username, password: ACCEPTED[0], gln: HARBOUR_PHARMACY })
      .expect(201);
    for (const password of ACCEPTED) {
      await as(gw, 'pharmacy2-admin').post(`/users/${username}/password`, { password }).expect(200);
      await request(gw.app).post('/api/v1/auth/token').send({ username, password }).expect(200);
    }
  });

  it('keeps every password docs/api.md shows valid', () => {
    const guide = readFileSync(join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    const shown = [...guide.matchAll(/\\?"password\\?":\s*\\?"([^"\\]*)\\?"/g)].map(
      (match) => match[1] ?? '',
    );
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const password of shown) {
      expect({ password, valid: Fields.password.safeParse(password).success }).toEqual({
        password,
        valid: true,
      });
    }
  });

  it('states the same rule in /openapi.json: a validating client accepts and refuses what the gateway does', async () => {
    const document = (await request(gw.app).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> } }>>;
    };
    const ajv = new Ajv2020({ unicodeRegExp: true, strict: false });
    for (const path of ['/api/v1/users', '/api/v1/users/{username}/password']) {
      const body = document.paths[path]?.['post']?.requestBody.content['application/json'] as {
        schema: { properties: { password: Record<string, unknown> } };
      };
      const schema = body.schema.properties.password;
      expect(schema['pattern']).toEqual(expect.any(String));
      const validate = ajv.compile(schema);
      for (const [, password] of REFUSED) {
        expect({ path, password, valid: validate(password) }).toEqual({
          path,
          password,
          valid: false,
        });
      }
      for (const password of ACCEPTED) {
        expect({ path, password, valid: validate(password) }).toEqual({
          path,
          password,
          valid: true,
        });
      }
    }
  });

  it('refuses to start with a DEMO_PASSWORD the demo users could not type', () => {
    for (const [, password] of REFUSED) {
      expect(() => loadConfig({ DEMO_PASSWORD: password })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ DEMO_PASSWORD: '        ' })).toThrow(/DEMO_PASSWORD/);
    expect(loadConfig({ DEMO_PASSWORD: 'demo-pass-2026' }).demoPassword).toBe('demo-pass-2026');
  });
});
