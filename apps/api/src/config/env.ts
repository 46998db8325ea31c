import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseKeyList } from './key-list';

/**
 * The only file that reads process.env. Parsed once at boot into a typed AppConfig; a bad value
 * stops the boot with every bad variable named.
 */
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/** Express's names for address ranges, and an IP address or subnet (10.0.0.0/8, fd00::/8). */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) ? Number(prefix) <= (family === 4 ? 32 : 128) : family === 4 && isIP(prefix) === 4;
}

/**
 * Which proxies may tell us the client's address (X-Forwarded-For), as Express's `trust proxy`:
 * none by default; a hop count; or a comma-separated list of addresses, subnets and names.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    if (entries.every(isProxyAddress)) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be false, a hop count, or a comma-separated list of proxy addresses, subnets, loopback, linklocal or uniquelocal (never every proxy)',
    });
    return z.NEVER;
  });

/**
 * Where mail leaves from, when a practice has a mail server: `smtp://` (STARTTLS when the server
 * offers it) or `smtps://` (TLS from the start), with the user and password in the URL if needed.
 */
const smtpUrl = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'must be an smtp:// or smtps:// URL with a host, like smtps://user:password@mail.example.org:465 (percent-encode @ and : in the password)' },
  )
  .optional();

/** Where the database is: all a command that only reads the database needs (the audit check). */
const DatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  // Two at least: migrations hold one connection for their lock and run on another, so a pool of
  // one waited on itself forever at boot.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2, { message: 'must be at least 2 (migrations hold one connection for their lock and run on a second)' }).default(10),
});

const EnvSchema = DatabaseEnv.extend({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(3000),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
    .optional(),
  WORKERS: int(1, 1),
  WEB_DIST: z.string().optional(),
  TRUST_PROXY: trustProxy,
  // A clinical record left open on a shared or lost device: 30 minutes without a person's action ends it.
  SESSION_IDLE_MINUTES: int(30, 2),
  SESSION_MAX_DAYS: int(30, 1),
  REQUIRE_TOTP_FOR_COUNSELORS: z.enum(['true', 'false']).default('false'),
  INVITE_TTL_HOURS: int(72, 1),
  RECOVERY_LINK_TTL_HOURS: int(24, 1),
  SMTP_URL: smtpUrl,
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'must be an address, alone or as `Name <address>`' })
    .optional(),
  PASSWORD_RESET_TTL_MINUTES: int(60, 1),
  NOTICE_MAIL_EVERY_HOURS: int(6, 1),
  SYNC_MAX_FRAME_BYTES: int(1024 * 1024, 1024),
  SYNC_COMPACT_THRESHOLD: int(500, 2),
  SYNC_UNLOAD_DELAY_MS: int(1000),
  SYNC_MAX_UPDATE_ITEMS: int(20_000, 1),
  SYNC_MAX_UPDATE_CLIENTS: int(64, 1),
  SYNC_MAX_AWARENESS_BYTES: int(8192, 256),
  SYNC_MAX_BUFFERED_BYTES: int(16 * 1024 * 1024, 65536),
  SYNC_MAX_BACKLOG: int(20_000, 1),
  SYNC_DOCUMENT_QUOTA_BYTES: int(64 * 1024 * 1024, 65_536),
  PASSWORD_HASH_MEMORY_KIB: int(65_536, 64),
  PASSWORD_HASH_TIME_COST: int(3, 1),
  SYNC_WORKSPACE_QUOTA_BYTES: int(512 * 1024 * 1024, 65_536),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  QUICK_EXIT_URL: z.url({ protocol: /^https?$/ }).default('https://www.bbc.co.uk/weather'),
  RECORD_RETENTION_YEARS: int(7, 1),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => parseKeyList(v) !== null, {
      message: 'must be a base64 32-byte key (generate one with `openssl rand -base64 32`), or a comma-separated list of them, the current key first',
    })
    .optional(),
}).superRefine((e, ctx) => {
  if (e.DATABASE_URL && !e.ENCRYPTION_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['ENCRYPTION_KEY'],
      message:
        'is required when DATABASE_URL is set: document content is encrypted at rest under it. Generate one with `openssl rand -base64 32` and keep it apart from the database and its backups',
    });
  }
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  database:
    | { driver: 'postgres'; url: string; poolSize: number }
    | { driver: 'pglite'; dataDir: string; poolSize: number };
  redisUrl: string | null;
  /** API processes on this machine (a primary owns the port and routes each document's connections to one of them, cluster/); more than one needs Redis and PostgreSQL. */
  workers: number;
  /** Express's `trust proxy`: false (the socket's address is the client's), a hop count, or proxy addresses. */
  trustProxy: false | number | string[];
  webDist: string;
  session: { idleMs: number; maxAgeMs: number; secureCookie: boolean; requireTotpForCounselors: boolean };
  inviteTtlMs: number;
  /** How long a counselor's recovery link works. */
  recoveryLinkTtlMs: number;
  /**
   * Mail, when SMTP_URL is set (otherwise `smtpUrl` is null and nothing is ever sent): who it is
   * from, how long a reset link works, and how seldom one person may be told something is waiting.
   */
  mail: { smtpUrl: string | null; from: string; passwordResetTtlMs: number; noticeEveryMs: number };
  /** argon2id's cost for new password hashes (memory in KiB, passes). */
  passwordHashing: { memoryKib: number; timeCost: number };
  sync: {
    maxFrameBytes: number;
    compactThreshold: number;
    unloadDelayMs: number;
    /** What one update may hold, checked before it touches a document. */
    maxUpdateItems: number;
    maxUpdateClients: number;
    /** The largest presence state one client may announce. */
    maxAwarenessBytes: number;
    /** Output a connection may leave unread before it is cut off. */
    maxBufferedBytes: number;
    /** Updates waiting to be stored past which the process stops reading from its sync sockets. */
    maxBacklog: number;
    /** Bytes of stored edits (history included) a document, and a workspace, may keep. */
    documentQuotaBytes: number;
    workspaceQuotaBytes: number;
  };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** Where the quick exit leaves for: a neutral page. */
  quickExitUrl: string;
  /** How long the counselor keeps clinical records after an account is deleted (stated to people; not enforced by a job yet). */
  recordRetentionYears: number;
  /**
   * Key-encryption keys (current first), from ENCRYPTION_KEY; or, for the embedded default without
   * one, the file in its data folder that holds a generated key.
   */
  encryption: { keys: Buffer[] } | { keyFile: string };
}

export class ConfigError extends Error {}

function parsed<T>(schema: z.ZodType<T>, source: NodeJS.ProcessEnv): T {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = schema.safeParse(blankless);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

function databaseConfig(e: z.infer<typeof DatabaseEnv>): AppConfig['database'] {
  return e.DATABASE_URL
    ? { driver: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { driver: 'pglite', dataDir: resolve(e.PGLITE_DATA_DIR), poolSize: e.DATABASE_POOL_SIZE };
}

/** Only the database settings, for commands that read the database and nothing else. */
export function parseDatabaseEnv(source: NodeJS.ProcessEnv): AppConfig['database'] {
  return databaseConfig(parsed(DatabaseEnv, source));
}

export function parseEnv(source: NodeJS.ProcessEnv): AppConfig {
  const e = parsed(EnvSchema, source);
  if (e.WORKERS > 1 && (!e.REDIS_URL || !e.DATABASE_URL)) {
    const missing = [!e.DATABASE_URL && 'DATABASE_URL (the embedded database serves one process)', !e.REDIS_URL && 'REDIS_URL (how the processes share live traffic)'].filter(Boolean);
    throw new ConfigError(`Invalid environment:\n  WORKERS: ${e.WORKERS} processes need ${missing.join(' and ')}`);
  }
  // OWASP's floor for argon2id (19 MiB, two passes): a cheaper cost is for test runs only.
  if (e.NODE_ENV === 'production' && (e.PASSWORD_HASH_MEMORY_KIB < 19_456 || e.PASSWORD_HASH_TIME_COST < 2)) {
    throw new ConfigError('Invalid environment:\n  PASSWORD_HASH_MEMORY_KIB / PASSWORD_HASH_TIME_COST: production needs at least 19456 KiB and 2 passes (the defaults are 65536 and 3)');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    database: databaseConfig(e),
    redisUrl: e.REDIS_URL ?? null,
    workers: e.WORKERS,
    trustProxy: e.TRUST_PROXY,
    webDist: resolve(e.WEB_DIST ?? resolve(__dirname, '../../../web/dist')),
    session: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      maxAgeMs: e.SESSION_MAX_DAYS * 86_400_000,
      secureCookie: publicUrl.startsWith('https://'),
      requireTotpForCounselors: e.REQUIRE_TOTP_FOR_COUNSELORS === 'true',
    },
    inviteTtlMs: e.INVITE_TTL_HOURS * 3_600_000,
    recoveryLinkTtlMs: e.RECOVERY_LINK_TTL_HOURS * 3_600_000,
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? `Kinship <no-reply@${new URL(publicUrl).hostname}>`,
      passwordResetTtlMs: e.PASSWORD_RESET_TTL_MINUTES * 60_000,
      noticeEveryMs: e.NOTICE_MAIL_EVERY_HOURS * 3_600_000,
    },
    passwordHashing: { memoryKib: e.PASSWORD_HASH_MEMORY_KIB, timeCost: e.PASSWORD_HASH_TIME_COST },
    sync: {
      maxFrameBytes: e.SYNC_MAX_FRAME_BYTES,
      compactThreshold: e.SYNC_COMPACT_THRESHOLD,
      unloadDelayMs: e.SYNC_UNLOAD_DELAY_MS,
      maxUpdateItems: e.SYNC_MAX_UPDATE_ITEMS,
      maxUpdateClients: e.SYNC_MAX_UPDATE_CLIENTS,
      maxAwarenessBytes: e.SYNC_MAX_AWARENESS_BYTES,
      maxBufferedBytes: e.SYNC_MAX_BUFFERED_BYTES,
      maxBacklog: e.SYNC_MAX_BACKLOG,
      documentQuotaBytes: e.SYNC_DOCUMENT_QUOTA_BYTES,
      workspaceQuotaBytes: e.SYNC_WORKSPACE_QUOTA_BYTES,
    },
    logLevel: e.LOG_LEVEL,
    quickExitUrl: e.QUICK_EXIT_URL,
    recordRetentionYears: e.RECORD_RETENTION_YEARS,
    encryption: e.ENCRYPTION_KEY
      ? { keys: parseKeyList(e.ENCRYPTION_KEY)! }
      : { keyFile: join(resolve(e.PGLITE_DATA_DIR), 'kinship-encryption.key') },
  };
}

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
