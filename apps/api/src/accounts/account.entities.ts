import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The accounts feature's tables: accounts, logins (`auth_session`), and two-step sign-in. */

/** `pg` reads bigint as text; a time-step is far below 2^53. */
const bigintNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('account')
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) email!: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Set when the person deleted their account: the row stays as a tombstone for the records that name it. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  /** When the password was last set; a recovery or reset link made before then no longer works (null: before this was kept). */
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true }) passwordChangedAt!: Date | null;
}

/** A login: one row per cookie handed out. */
@Entity('auth_session')
export class LoginEntity {
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  @PrimaryColumn({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  /** The id a person sees and revokes a login by: never the token or its hash. */
  @Column({ type: 'uuid', insert: false, update: false }) id!: string;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent!: string | null;
  /** The client's address, coarse (the last part of an IPv4 address, the last 80 bits of IPv6, dropped). */
  @Column({ type: 'text', nullable: true }) address!: string | null;
  /** Set once by the sweep that records the login's end when its time ran out (idle, or at its absolute end). */
  @Column({ name: 'timed_out_at', type: 'timestamptz', nullable: true, insert: false }) timedOutAt!: Date | null;
}

/** An account's TOTP secret, confirmed or still being set up. */
@Entity('account_totp')
export class AccountTotpEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  /** Sealed under the key-encryption key (ContentCipher), as text. */
  @Column({ type: 'text' }) secret!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
  /** The last time-step used, so a code works once. */
  @Column({ name: 'last_step', type: 'bigint', nullable: true, transformer: bigintNumber }) lastStep!: number | null;
  /** A recovery code set a new password: the next two-step sign-in takes a code from the app, not another recovery code. */
  @Column({ name: 'app_code_required', type: 'boolean', default: false }) appCodeRequired!: boolean;
}

/**
 * An account's recovery codes, ten a set, for everyone: argon2id hashes found by `hint` (the code's
 * first four characters); rows made before (SHA-256, when two-step sign-in was turned on) have none.
 */
@Entity('recovery_code')
export class RecoveryCodeEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @PrimaryColumn({ name: 'code_hash', type: 'text' }) codeHash!: string;
  @Column({ type: 'text', nullable: true }) hint!: string | null;
  @Column({ name: 'made_at', type: 'timestamptz', default: () => 'now()' }) madeAt!: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt!: Date | null;
}

/** A password that was right, waiting for its second factor; not a login. */
@Entity('pending_login')
export class PendingLoginEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'int', default: 0 }) attempts!: number;
}
