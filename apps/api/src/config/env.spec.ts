import { ConfigError, parseEnv } from './env';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('the environment, read once at boot', () => {
  it('chooses the embedded PGlite database when DATABASE_URL is unset, and PostgreSQL when it is set', () => {
    expect(parseEnv({}).database).toMatchObject({ driver: 'pglite' });
    expect(parseEnv({ DATABASE_URL: '' }).database).toMatchObject({ driver: 'pglite' });
    expect(parseEnv({ DATABASE_URL: 'postgres://u@db:5432/k', ENCRYPTION_KEY: KEY }).database).toEqual({ driver: 'postgres', url: 'postgres://u@db:5432/k', poolSize: 10 });
  });

  it('needs ENCRYPTION_KEY with DATABASE_URL; the embedded default keeps a generated key in its data folder instead', () => {
    expect(() => parseEnv({ DATABASE_URL: 'postgres://u@db:5432/k' })).toThrow(/ENCRYPTION_KEY: is required when DATABASE_URL is set/);
    expect(parseEnv({ PGLITE_DATA_DIR: '/var/kinship' }).encryption).toEqual({ keyFile: '/var/kinship/kinship-encryption.key' });
    const other = Buffer.alloc(32, 2).toString('base64');
    expect(parseEnv({ ENCRYPTION_KEY: `${KEY}, ${other}` }).encryption).toEqual({ keys: [Buffer.alloc(32, 1), Buffer.alloc(32, 2)] });
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${KEY},not base64!`]) {
      expect(() => parseEnv({ ENCRYPTION_KEY: bad })).toThrow(/ENCRYPTION_KEY: must be a base64 32-byte key/);
    }
  });

  it('derives invite links and the Secure cookie flag from PUBLIC_URL', () => {
    expect(parseEnv({ PORT: '4000' })).toMatchObject({ publicUrl: 'http://localhost:4000', session: { secureCookie: false } });
    expect(parseEnv({ PUBLIC_URL: 'https://kinship.example/' })).toMatchObject({ publicUrl: 'https://kinship.example', session: { secureCookie: true } });
  });

  it('refuses a database pool of one connection, on which the boot would wait on itself forever', () => {
    // The migrations hold one connection for their lock and run on a second.
    expect(() => parseEnv({ DATABASE_POOL_SIZE: '1' })).toThrow(/DATABASE_POOL_SIZE: must be at least 2/);
    expect(parseEnv({ DATABASE_POOL_SIZE: '2' }).database.poolSize).toBe(2);
  });

  it('ends idle sessions after 30 minutes unless told otherwise, and asks counselors for a second factor only when told', () => {
    expect(parseEnv({}).session).toMatchObject({ idleMs: 30 * 60_000, requireTotpForCounselors: false });
    expect(parseEnv({ SESSION_IDLE_MINUTES: '15', REQUIRE_TOTP_FOR_COUNSELORS: 'true' }).session).toMatchObject({ idleMs: 15 * 60_000, requireTotpForCounselors: true });
    // The warning comes a minute before: an idle time of one minute would leave no time to answer it.
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: '1' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => parseEnv({ REQUIRE_TOTP_FOR_COUNSELORS: 'yes' })).toThrow(/REQUIRE_TOTP_FOR_COUNSELORS/);
  });

  it('trusts no proxy unless TRUST_PROXY names one: a hop count, loopback, or addresses', () => {
    expect(parseEnv({}).trustProxy).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseEnv({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 192.168.1.7, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    for (const bad of ['true', 'everyone', '10.0.0.0/99', '300.1.1.1', '-1']) {
      expect(() => parseEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('sends no mail unless SMTP_URL names an smtp:// or smtps:// server; MAIL_FROM defaults to an address at PUBLIC_URL\'s host', () => {
    expect(parseEnv({}).mail).toEqual({ smtpUrl: null, from: 'Kinship <no-reply@localhost>', passwordResetTtlMs: 60 * 60_000, noticeEveryMs: 6 * 3_600_000 });
    expect(parseEnv({ SMTP_URL: 'smtps://kin:s%40cret@mail.example.org:465', PUBLIC_URL: 'https://kinship.example' }).mail).toMatchObject({
      smtpUrl: 'smtps://kin:s%40cret@mail.example.org:465',
      from: 'Kinship <no-reply@kinship.example>',
    });
    expect(parseEnv({ MAIL_FROM: 'Dr Lee <care@practice.example>', PASSWORD_RESET_TTL_MINUTES: '30', NOTICE_MAIL_EVERY_HOURS: '12' }).mail).toMatchObject({
      from: 'Dr Lee <care@practice.example>',
      passwordResetTtlMs: 30 * 60_000,
      noticeEveryMs: 12 * 3_600_000,
    });
    for (const bad of ['mail.example.org', 'http://mail.example.org', 'smtp://', 'smtp:// spaced']) {
      expect(() => parseEnv({ SMTP_URL: bad })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    }
    for (const bad of ['nobody', 'a@b\r\nBcc: c@d']) expect(() => parseEnv({ MAIL_FROM: bad })).toThrow(/MAIL_FROM/);
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
