import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '../common/domain-error';

/**
 * The server's half of the password rules (NIST SP 800-63B): a new password must not be one of the
 * ~49,000 most common passwords from leaked-password lists, as kept by zxcvbn-ts
 * (`@zxcvbn-ts/language-common`, its `passwords-common` dictionary), compared without regard to
 * case. The trivial checks that need no list live in the shared RegisterBody schema.
 */
@Injectable()
export class CommonPasswordsService {
  private list: Set<string> | null = null;

  isCommon(password: string): boolean {
    this.list ??= new Set(dictionary['passwords-common']);
    return this.list.has(password.trim().toLowerCase());
  }

  /** Refuses a common password, saying why in plain words. */
  refuseCommon(password: string, field = 'password'): void {
    if (this.isCommon(password)) {
      throw new DomainError('invalid', `${field === 'password' ? 'password' : 'The new password'} is too common: it is on the lists of leaked passwords that attackers try first; choose another one`, field);
    }
  }
}
