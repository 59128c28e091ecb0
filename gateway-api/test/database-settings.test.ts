import { ConfigError, loadConfig } from '../src/config/gateway-config';

describe("the gateway database's setting (DATABASE_URL)", () => {
  it('is unset by default: PGlite in the data folder, for one process', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it.each(['postgres://gateway:pw@db.internal:5432/packtrace', 'pglite:/var/lib/packtrace/db'])(
    'takes %s',
    (url) => {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  it('refuses another kind of address, naming the variable and never repeating its value', () => {
    const read = () => loadConfig({ DATABASE_URL: 'mysql://gateway:s3cret@db.internal/packtrace' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/DATABASE_URL: must be postgres:\/\//);
    expect(read).not.toThrow(/s3cret/);
  });
});
