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

  /**
   * A token for the user, carrying their token version: once the version is raised (password
   * reset, disabled), the token no longer counts.
   */
  async issue(
    username: string,
    tokenVersion: number,
  ): Promise<{ token: string; expiresIn: number }> {
    const token = jwt.sign({ ver: tokenVersion }, Buffer.from(this.key), {
      algorithm: 'HS256',
      subject: username,
      expiresIn: TOKEN_LIFETIME_SECONDS,
    });
    return Promise.resolve({ token, expiresIn: TOKEN_LIFETIME_SECONDS });
  }

  /**
   * Who a valid, unexpired token was issued to and the token version it carries, or undefined.
   * Whether that version still counts is the user directory's to say.
   */
  async verify(token: string): Promise<{ username: string; tokenVersion: number } | undefined> {
    try {
      // Only HS256 with our key: a token naming another algorithm (or none) is refused.
      const payload = jwt.verify(token, Buffer.from(this.key), { algorithms: ['HS256'] });
      const version: unknown = typeof payload === 'object' ? payload['ver'] : undefined;
      if (typeof payload !== 'object' || payload.sub === undefined) {
        return Promise.resolve(undefined);
      }
      // Tokens from before versions were carried count as version 0 until the first change.
      return Promise.resolve({
        username: payload.sub,
        tokenVersion: typeof version === 'number' ? version : 0,
      });
    } catch {
      return Promise.resolve(undefined);
    }
  }
}
