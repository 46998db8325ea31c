import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, type AppConfig } from '../config/env';

/**
 * Password hashing: argon2id, by default at the library's cost (64 MiB, t=3, p=4). The cost is
 * configurable so the test runs (hundreds of people registered) can hash cheaply; a production
 * boot refuses a cost below OWASP's floor (config/env.ts). A hash names its own cost, so hashes
 * made at another cost still verify.
 */
@Injectable()
export class Passwords {
  private decoy: Promise<string> | null = null;
  private codeDecoy: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    const { memoryKib, timeCost } = this.config.passwordHashing;
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKib, timeCost });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** A hash of a random password, checked when the email is unknown so both paths take the same time. */
  decoyHash(): Promise<string> {
    return (this.decoy ??= this.hash('decoy-password-never-matches'));
  }

  /**
   * A recovery code's hash: argon2id too, at no more than OWASP's floor (19 MiB, t=2). A code holds
   * 60 unknown bits even with its hint, which no cost makes guessable; ten are made at once.
   */
  hashCode(code: string): Promise<string> {
    const { memoryKib, timeCost } = this.config.passwordHashing;
    return argon2.hash(code, { type: argon2.argon2id, memoryCost: Math.min(memoryKib, 19456), timeCost: Math.min(timeCost, 2) });
  }

  /** A code hash that matches nothing, checked when there is no code to check, so every answer takes one hash. */
  decoyCodeHash(): Promise<string> {
    return (this.codeDecoy ??= this.hashCode('decoy-code-never-matches'));
  }
}
