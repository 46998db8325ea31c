import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Encryption at rest: data keys, the key-encryption keys' check values, and what has been sealed. */

/** A workspace's data key (AES-256), wrapped by the key-encryption key `kekId`; the highest `keyId` seals new values. */
@Entity('workspace_key')
export class WorkspaceKeyEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @PrimaryColumn({ name: 'key_id', type: 'int' }) keyId!: number;
  @Column({ name: 'kek_id', type: 'text' }) kekId!: string;
  @Column({ type: 'bytea' }) wrapped!: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A known value sealed under each key-encryption key in use, checked at boot. */
@Entity('encryption_check')
export class EncryptionCheckEntity {
  @PrimaryColumn({ name: 'kek_id', type: 'text' }) kekId!: string;
  @Column({ name: 'check_value', type: 'bytea' }) checkValue!: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Which kinds of rows kept before encryption have been sealed (once, at boot). */
@Entity('content_sealing')
export class ContentSealingEntity {
  @PrimaryColumn({ type: 'text' }) name!: string;
  @CreateDateColumn({ name: 'sealed_at', type: 'timestamptz' }) sealedAt!: Date;
}
