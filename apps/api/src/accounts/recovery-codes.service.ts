import { Injectable } from '@nestjs/common';
import * as OTPAuth from 'otpauth';
import type { RecoveryCodesStatusView } from '@kinship/domain/wire';
import { hashSecretToken } from '../common/secret-token';
import type { Tx } from '../database/transactions';
import { Passwords } from './passwords';
import { RecoveryCodesRepository } from './recovery-codes.repository';

export const RECOVERY_CODE_COUNT = 10;
/** The code's first characters, stored beside its hash to find it: 20 of its 80 bits. */
const HINT_LENGTH = 4;

/** Ten codes of 80 random bits each, written xxxx-xxxx-xxxx-xxxx. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = new OTPAuth.Secret({ size: 10 }).base32.toLowerCase();
    return raw.match(/.{4}/g)!.join('-');
  });
}

/** How codes made before hints were kept (SHA-256): they keep working until used or replaced. */
const legacyHash = (normalised: string) => hashSecretToken(`recovery:${normalised}`);

/**
 * Recovery codes, for everyone: one set of ten per account, each working once, either to set a new
 * password when the password is forgotten or in place of the authenticator app at two-step sign-in.
 * Making a new set ends the old one. Each is kept as an argon2id hash found by its hint, so checking
 * a code costs one hash, and so does checking one for an account that has none (a decoy).
 * `normalised`: as `RecoveryCode` (the wire schema) leaves it, 16 lowercase characters.
 */
@Injectable()
export class RecoveryCodesService {
  constructor(
    private readonly codes: RecoveryCodesRepository,
    private readonly passwords: Passwords,
  ) {}

  /** A new set, shown this once; the codes before stop working. */
  async make(accountId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    const rows = await Promise.all(
      codes.map(async (code) => {
        const normalised = code.replace(/-/g, '');
        return { hint: normalised.slice(0, HINT_LENGTH), codeHash: await this.passwords.hashCode(normalised) };
      }),
    );
    await this.codes.replace(accountId, rows);
    return codes;
  }

  /** The stored hash of this unused code of the account (null: none, or no account), after one hash's work either way. */
  async find(accountId: string | null, normalised: string): Promise<string | null> {
    const candidates = accountId ? await this.codes.candidates(accountId, normalised.slice(0, HINT_LENGTH), legacyHash(normalised)) : [];
    let checked = false;
    for (const candidate of candidates) {
      if (candidate.hint === null) return candidate.codeHash; // matched by its SHA-256 in the query
      checked = true;
      if (await this.passwords.verify(candidate.codeHash, normalised)) return candidate.codeHash;
    }
    if (!checked) await this.passwords.verify(await this.passwords.decoyCodeHash(), normalised);
    return null;
  }

  /** Uses a code up; false when it was used already (another request got there first). */
  markUsed(accountId: string, codeHash: string, tx?: Tx): Promise<boolean> {
    return this.codes.markUsed(accountId, codeHash, tx);
  }

  /** Finds and uses up a code in one go (the second step of signing in); false when it is not one of the account's unused codes. */
  async use(accountId: string, normalised: string): Promise<boolean> {
    const codeHash = await this.find(accountId, normalised);
    return codeHash !== null && (await this.codes.markUsed(accountId, codeHash));
  }

  async status(accountId: string): Promise<RecoveryCodesStatusView> {
    const { left, madeAt } = await this.codes.status(accountId);
    return { left, madeAt: madeAt ? madeAt.toISOString() : null };
  }
}
