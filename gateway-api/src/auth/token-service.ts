import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import jwt from 'jsonwebtoken';

/** How long a sign-in lasts. */
export const TOKEN_LIFETIME_SECONDS = 8 * 3600;

/** Issues and checks bearer tokens (HS256 JWTs) with a key kept on disk, so sign-ins survive a restart. */
export class TokenService {
  private constructor(private readonly key: Uint8Array) {}

  static async open(keyFile: string): Promise<TokenService> {
    try {
      return new TokenService(Buffer.from(await readFile(keyFile, 'utf8'), 'base64'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
    const key = randomBytes(32);
    await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
    await writeFile(keyFile, key.toString('base64'), { mode: 0o600 });
    return new TokenService(key);
  }

  async issue(username: string): Promise<{ token: string; expiresIn: number }> {
    const token = jwt.sign({}, Buffer.from(this.key), {
      algorithm: 'HS256',
      subject: username,
      expiresIn: TOKEN_LIFETIME_SECONDS,
    });
    return Promise.resolve({ token, expiresIn: TOKEN_LIFETIME_SECONDS });
  }

  /** The username a valid token was issued to, or undefined. */
  async verify(token: string): Promise<string | undefined> {
    try {
      // Only HS256 with our key: a token naming another algorithm (or none) is refused.
      const payload = jwt.verify(token, Buffer.from(this.key), { algorithms: ['HS256'] });
      return Promise.resolve(typeof payload === 'object' ? payload.sub : undefined);
    } catch {
      return Promise.resolve(undefined);
    }
  }
}
