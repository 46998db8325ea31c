import { ConfigError, parseEnv } from './env';

describe('the environment, read once at boot', () => {
  it('chooses the embedded PGlite database when DATABASE_URL is unset, and PostgreSQL when it is set', () => {
    expect(parseEnv({}).database).toMatchObject({ driver: 'pglite' });
    expect(parseEnv({ DATABASE_URL: '' }).database).toMatchObject({ driver: 'pglite' });
    expect(parseEnv({ DATABASE_URL: 'postgres://u@db:5432/k' }).database).toEqual({ driver: 'postgres', url: 'postgres://u@db:5432/k', poolSize: 10 });
  });

  it('derives invite links and the Secure cookie flag from PUBLIC_URL', () => {
    expect(parseEnv({ PORT: '4000' })).toMatchObject({ publicUrl: 'http://localhost:4000', session: { secureCookie: false } });
    expect(parseEnv({ PUBLIC_URL: 'https://kinship.example/' })).toMatchObject({ publicUrl: 'https://kinship.example', session: { secureCookie: true } });
  });

  it('stops with every bad variable named', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SYNC_MAX_FRAME_BYTES: '10' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('SYNC_MAX_FRAME_BYTES');
  });
});
