import type { Client } from 'pg';
import type { AgreementItem } from '@kinship/domain/agreements';
import { ApiProcess } from '../api-process';
import type { OwnRedis } from '../own-redis';
import type { Couple } from '../couple';
import { HttpClient } from '../http-client';
import type { ContentCipher } from '../../../src/encryption/content-cipher';
import type { Page } from './lifetime-page';
import { REQUEST_MS } from './lifetime-plan';

/** The lifetime spec's processes, and what its run shares and records (lifetime.spec.ts). */

// ---- A Redis and API processes of the spec's own.

export const DIED = Symbol('the process died');

/** One API process slot: its process, which life it is in, and a signal for waits when it is killed. */
export class Server {
  readonly api: ApiProcess;
  alive = false;
  life = 0;
  private died: Promise<typeof DIED> = new Promise(() => undefined);
  private markDied: () => void = () => undefined;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.api = new ApiProcess(env);
  }

  get url(): string {
    return this.api.url;
  }

  get ws(): string {
    return this.api.url.replace(/^http/, 'ws');
  }

  /** What earlier lives of this process logged (ApiProcess keeps only the current life's). */
  private earlierOutput = '';

  get output(): string {
    return this.earlierOutput + this.api.output;
  }

  async start(): Promise<void> {
    this.earlierOutput += this.api.output;
    await this.api.start();
    this.died = new Promise((r) => (this.markDied = () => r(DIED)));
    this.alive = true;
    this.life++;
  }

  async kill(): Promise<void> {
    this.alive = false;
    this.markDied();
    await this.api.kill();
  }

  /** The promise's outcome, or DIED if this process is killed first (a rejection comes back as an Error value). */
  orDeath<T>(promise: Promise<T>): Promise<T | Error | typeof DIED> {
    const settled = promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    return Promise.race([settled, this.died]);
  }
}

// ---- What the run records.

export interface Sentence {
  id: string;
  /** Who may delete it: the page loads of one person, or one device. */
  owner: string;
  /** The line as it stands once its own draft words are deleted. */
  line: string;
  /** `typed`: not yet acknowledged; `present`: acknowledged; `deleting`/`deleted`: its owner's deletion sent/acknowledged; `unknown`: never acknowledged either way. */
  state: 'typed' | 'present' | 'deleting' | 'deleted' | 'unknown';
}

export interface RaceOutcome {
  day: number;
  delayMs: number;
  racer: string;
  outcome: 'in the version' | 'withdrew an acceptance' | 'refused' | 'unexpected';
}

/** What the whole run shares: its Redis, processes and database, the pages open, and what it records. */
export class LifetimeRun {
  redis!: OwnRedis;
  one!: Server;
  two!: Server;
  couple!: Couple;
  db!: Client;
  cipher!: ContentCipher;
  readonly servers: Server[] = [];
  readonly pages = new Set<Page>();

  readonly failures: string[] = [];
  readonly report: string[] = [];
  readonly closes: { who: string; code: number; reason: string }[] = [];
  readonly sentences = new Map<string, Sentence>();
  readonly loads = { notes: 0, agreement: 0, proposal: 0 };
  readonly receipts = { stored: 0, refused: 0 };
  /** Pages and devices sent to another process because theirs died. */
  moves = 0;
  /** Receipts asked again because their connection closed first. */
  reasked = 0;
  readonly races: RaceOutcome[] = [];
  readonly versions: { number: number; proposalId: string; items: AgreementItem[] }[] = [];

  readonly fail = (what: string) => {
    this.failures.push(what);
  };
  readonly note = (what: string) => {
    this.report.push(what);
  };

  readonly alive = () => this.servers.filter((s) => s.alive);
  readonly people = () => [
    { key: 'alex', name: 'Alex', http: this.couple.partnerA },
    { key: 'blake', name: 'Blake', http: this.couple.partnerB },
    { key: 'rivera', name: 'Dr Rivera', http: this.couple.counselor },
  ];

  /** A request by a person to one process (the person's one cookie, kept up to date). */
  readonly call = async <T>(person: HttpClient, server: Server, method: string, path: string, body?: unknown) => {
    const client = Object.assign(new HttpClient(server.url), { cookie: person.cookie, headers: { ...person.headers } });
    let timer: NodeJS.Timeout | undefined;
    const res = await Promise.race([
      client.request<T>(method, path, body),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${method} ${path} on process ${server.name}: no answer in ${REQUEST_MS} ms`)), REQUEST_MS))),
    ]).finally(() => clearTimeout(timer));
    if (client.cookie && client.cookie !== person.cookie) person.cookie = client.cookie;
    return res;
  };
}

export type Person = ReturnType<LifetimeRun['people']>[number];
