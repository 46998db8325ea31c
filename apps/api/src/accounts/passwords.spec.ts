import { parseEnv } from '../config/env';
import { Passwords } from './passwords';

describe('password hashing', () => {
  it('hashes with argon2id at the library cost by default (64 MiB, three passes), and a production boot refuses less than OWASP’s floor', async () => {
    const passwords = new Passwords(parseEnv({}));
    const hash = await passwords.hash('a long enough passphrase');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(await passwords.verify(hash, 'a long enough passphrase')).toBe(true);
    expect(await passwords.verify(hash, 'another passphrase')).toBe(false);
    expect(() => parseEnv({ NODE_ENV: 'production', PASSWORD_HASH_MEMORY_KIB: '1024' })).toThrow(/PASSWORD_HASH_MEMORY_KIB/);
    expect(() => parseEnv({ NODE_ENV: 'production', PASSWORD_HASH_TIME_COST: '1' })).toThrow(/production needs at least 19456 KiB and 2 passes/);
    expect(parseEnv({ NODE_ENV: 'production' }).passwordHashing).toEqual({ memoryKib: 65_536, timeCost: 3 });
  });

  it('verifies a hash made at another cost (each hash names its own), and never throws on a malformed one', async () => {
    const cheap = new Passwords(parseEnv({ PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_TIME_COST: '1' }));
    const hash = await cheap.hash('a long enough passphrase');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=4,t=1\$/);
    expect(await new Passwords(parseEnv({})).verify(hash, 'a long enough passphrase')).toBe(true);
    expect(await cheap.verify('not a hash', 'a long enough passphrase')).toBe(false);
  });
});
