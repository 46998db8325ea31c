import { Client } from 'pg';
import * as Y from 'yjs';
import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementItem, AgreementVersionView, AgreementView, ProposalView, agreementItemElement, readAgreement, writeAgreementItems } from '@kinship/domain/agreements';
import type { DataSource } from 'typeorm';
import { ApiProcess } from './support/api-process';
import { freePort, OwnRedis } from './support/own-redis';
import { Couple, createDocument, setUpCouple } from './support/couple';
import { HttpClient } from './support/http-client';
import { FIELD, item } from './support/agreement-client';
import { receipt, stockClient, StockClient, until } from './support/sync-client';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY } from './support/test-app';
import { ContentCipher } from '../src/encryption/content-cipher';
import { KeyRing } from '../src/encryption/key-ring';
import { itemsOf, stateHash } from '../src/agreements/agreement-content';

/**
 * Issue 21's lifetime spec: one workspace driven through months in minutes. Two built API
 * processes on the test PostgreSQL and a Redis of the spec's own, compacting every 50 rows. Forty
 * "days": each day both partners load the notes page a few times (every load a new Yjs client id)
 * on either process, type a sentence of their own and delete part of it, now and then delete a
 * sentence they wrote on an earlier day; they open the agreement too. Three devices keep their
 * Y.Doc for the whole run and go offline for days, editing, then come back (to the other process).
 * Every fifth day a proposal: one partner accepts, the other accepts while an edit races it at
 * 0–20 ms. One day brings paste floods; twice a process is SIGKILLed while a page on it is typing,
 * and started again a day or two later; Redis is away for three days.
 *
 * Afterwards every device syncs to the same text, also as PostgreSQL holds it; nothing was refused
 * or quarantined and no connection was closed for good (44xx); every acknowledged sentence is there
 * once and whole (and every acknowledged deletion holds); every version is the closed proposal as
 * stored, and both standing acceptances are of its exact state; each document's stored bytes (rows
 * and snapshot) are within the document quota the processes were given; the notes' history pages
 * back to the oldest edit and each page and that edit load within a second, while the other
 * partner's requests to the same process answer within half a second; and neither process logged
 * an error or a deadlock.
 *
 * Run it after building the API (`npx nx run api:build`): the processes are dist/main.js.
 *
 * Randomness is seeded (LIFETIME_SEED), so the same choices are made on every run; the timing of
 * two processes is not, so the interleavings differ. Waits are on conditions; the few pauses pace
 * typing and time the races and the SIGKILL, never decide an outcome.
 */

const SEED = Number(process.env.LIFETIME_SEED ?? 2021);
const DAYS = 40;
const PROPOSAL_DAYS = [5, 10, 15, 20, 25, 30, 35, 40];
const PASTE_DAY = 25;
/** A process SIGKILLed mid-typing on one day, started again on a later one. */
const KILLS = [
  { day: 17, victim: 'one', restartDay: 19 },
  { day: 36, victim: 'two', restartDay: 37 },
];
const REDIS_DOWN_DAY = 28;
const REDIS_UP_DAY = 31;
/** The document quota the processes are given (SYNC_DOCUMENT_QUOTA_BYTES) and this spec holds every document to. */
const DOCUMENT_QUOTA_BYTES = 4 * 1024 * 1024;
const WORKSPACE_QUOTA_BYTES = 32 * 1024 * 1024;
/** How long a page may take to sync, or a receipt to come back, on this loaded two-core machine. */
const WAIT_MS = 10_000;
/** Past this, the remaining days are skipped (and that is a failure), so a run that stalls still ends with its report. */
const BUDGET_MS = 180_000;
/** No request waits longer than this: a process that never answers is reported, not waited on for ever. */
const REQUEST_MS = 15_000;
/** LIFETIME_VERBOSE=1 prints each day as it ends. */
const progress = (line: string) => process.env.LIFETIME_VERBOSE && process.stderr.write(`${new Date().toISOString()} ${line}\n`);
/** The colours Nest's logger puts around words. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/** Close codes no honest client here should ever get: the final 44xx refusals (4400 malformed, 4403 not allowed, 4413 over the limits, …) and 1009. */
const refusedForGood = (code: number) => (code >= 4400 && code < 4500) || code === 1009;

// ---- Seeded randomness (mulberry32): one stream per actor, so concurrency does not reorder draws.

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const streams = new Map<string, Rng>();
function rngOf(actor: string): Rng {
  let rng = streams.get(actor);
  if (!rng) {
    let h = SEED;
    for (const ch of actor) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1);
    rng = prng(h);
    streams.set(actor, rng);
  }
  return rng;
}
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const WORDS = 'we talked about the evenings phones money holidays chores kids weekends family friends work sleep walks dinner'.split(' ');
const words = (rng: Rng, n: number) => Array.from({ length: n }, () => pick(rng, WORDS)).join(' ');
/** Paces typing and times races: never waited on for an outcome. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- A Redis and API processes of the spec's own.

const DIED = Symbol('the process died');

/** One API process slot: its process, which life it is in, and a signal for waits when it is killed. */
class Server {
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

interface Sentence {
  id: string;
  /** Who may delete it: the page loads of one person, or one device. */
  owner: string;
  /** The line as it stands once its own draft words are deleted. */
  line: string;
  /** `typed`: not yet acknowledged; `present`: acknowledged; `deleting`/`deleted`: its owner's deletion sent/acknowledged; `unknown`: never acknowledged either way. */
  state: 'typed' | 'present' | 'deleting' | 'deleted' | 'unknown';
}

interface RaceOutcome {
  day: number;
  delayMs: number;
  racer: string;
  outcome: 'in the version' | 'withdrew an acceptance' | 'refused' | 'unexpected';
}

describe('a workspace lives through months in minutes', () => {
  let redis: OwnRedis;
  let one: Server;
  let two: Server;
  let couple: Couple;
  let db: Client;
  let cipher: ContentCipher;
  const servers: Server[] = [];
  const pages = new Set<Page>();

  const failures: string[] = [];
  const report: string[] = [];
  const closes: { who: string; code: number; reason: string }[] = [];
  const sentences = new Map<string, Sentence>();
  const loads = { notes: 0, agreement: 0, proposal: 0 };
  const receipts = { stored: 0, refused: 0 };
  /** Pages and devices sent to another process because theirs died. */
  let moves = 0;
  const races: RaceOutcome[] = [];
  const versions: { number: number; proposalId: string; items: AgreementItem[] }[] = [];

  const fail = (what: string) => {
    failures.push(what);
  };
  const note = (what: string) => {
    report.push(what);
  };

  function serverEnv(): Record<string, string> {
    return {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: redis.url,
      WEB_DIST: '/nonexistent',
      SYNC_COMPACT_THRESHOLD: '50',
      SYNC_UNLOAD_DELAY_MS: '100',
      SYNC_DOCUMENT_QUOTA_BYTES: String(DOCUMENT_QUOTA_BYTES),
      SYNC_WORKSPACE_QUOTA_BYTES: String(WORKSPACE_QUOTA_BYTES),
    };
  }

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    one = new Server('one', serverEnv());
    two = new Server('two', serverEnv());
    servers.push(one, two);
    await Promise.all([one.start(), two.start()]);
    couple = await setUpCouple(one.url);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const asDataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as DataSource;
    cipher = new ContentCipher(asDataSource, new KeyRing([Buffer.from(TEST_ENCRYPTION_KEY, 'base64')]));
  }, 60_000);

  afterAll(async () => {
    for (const page of pages) page.destroy();
    // A process that does not stop within 10 s is killed.
    await Promise.all(servers.map((s) => Promise.race([s.api.stop(), pause(10_000)]).catch(() => undefined).then(() => s.api.kill())));
    await redis?.kill();
    await db?.end();
  }, 60_000);

  const alive = () => servers.filter((s) => s.alive);
  const people = () => [
    { key: 'alex', name: 'Alex', http: couple.partnerA },
    { key: 'blake', name: 'Blake', http: couple.partnerB },
    { key: 'rivera', name: 'Dr Rivera', http: couple.counselor },
  ];
  type Person = ReturnType<typeof people>[number];

  /** A request by a person to one process (the person's one cookie, kept up to date). */
  async function call<T>(person: HttpClient, server: Server, method: string, path: string, body?: unknown) {
    const client = Object.assign(new HttpClient(server.url), { cookie: person.cookie, headers: { ...person.headers } });
    let timer: NodeJS.Timeout | undefined;
    const res = await Promise.race([
      client.request<T>(method, path, body),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${method} ${path} on process ${server.name}: no answer in ${REQUEST_MS} ms`)), REQUEST_MS))),
    ]).finally(() => clearTimeout(timer));
    if (client.cookie && client.cookie !== person.cookie) person.cookie = client.cookie;
    return res;
  }

  /**
   * A page (or a device) on a document: a stock client, and the process it talks to. When that
   * process dies, the page goes to a live one with its Y.Doc, as the proxy would send it.
   */
  class Page {
    client: StockClient;
    server: Server;
    life: number;
    offline = false;
    /** Typed something not yet acknowledged. */
    unsaved = false;
    /** The close code that stopped the stock client for good (44xx), if one did. */
    terminal: number | null = null;

    constructor(
      readonly who: string,
      readonly person: Person,
      readonly documentId: string,
      server: Server,
      doc?: Y.Doc,
    ) {
      this.server = server;
      this.life = server.life;
      this.client = this.open(doc);
      pages.add(this);
    }

    get text(): Y.Text {
      return this.client.text;
    }

    get doc(): Y.Doc {
      return this.client.doc;
    }

    private open(doc?: Y.Doc): StockClient {
      const client = stockClient(this.server.ws, this.documentId, this.person.http.cookie, doc);
      client.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (event) closes.push({ who: `${this.who} on ${this.server.name}`, code: event.code, reason: event.reason });
      });
      client.provider.on('closed', (event: { code: number }) => (this.terminal = event.code));
      return client;
    }

    /** To another process (or back to this one after a restart), keeping the device's Y.Doc. */
    moveTo(server: Server): void {
      if (!this.offline && (!this.server.alive || this.server.life !== this.life)) moves++;
      this.client.provider.destroy();
      this.server = server;
      this.life = server.life;
      this.offline = false;
      this.client = this.open(this.client.doc);
    }

    goOffline(): void {
      this.client.provider.disconnect();
      this.offline = true;
    }

    /** Runs a wait on this page; if its process dies first, the page moves to a live process and waits again there. */
    async settle<T>(what: string, wait: (client: StockClient) => Promise<T>): Promise<T> {
      for (let attempt = 0; attempt < 4; attempt++) {
        if (this.terminal !== null) throw new Error(`${this.who}: ${what}: the server closed it for good (${this.terminal})`);
        if (!this.server.alive || this.server.life !== this.life) {
          this.moveTo(pick(rngOf(`${this.who}/move`), alive()));
        }
        const server = this.server;
        const outcome = await server.orDeath(wait(this.client));
        if (outcome === DIED) continue;
        if (outcome instanceof Error) {
          // A wait cut short by the process dying under it counts as the death; anything else is real.
          if (!server.alive) continue;
          throw new Error(`${this.who} on ${server.name}: ${what}: ${outcome.message}`);
        }
        return outcome;
      }
      throw new Error(`${this.who}: ${what}: no live process answered`);
    }

    /** Synced with its process, or closed for good (then settle throws). */
    private syncedOrClosed(c: StockClient): Promise<void> {
      return until(() => c.provider.synced || this.terminal !== null, WAIT_MS, 'sync');
    }

    synced(): Promise<void> {
      return this.settle('sync', async (c) => {
        await this.syncedOrClosed(c);
        if (this.terminal !== null) throw new Error(`closed for good (${this.terminal})`);
      });
    }

    /** The save receipt for everything this page sent, once synced (after a move too). */
    /**
     * The save receipt for everything this page sent, once synced (after a move too). A receipt
     * asked on a connection that then closes (4501 "out of step", say) is asked again once the
     * stock client has reconnected and synced, as the web client's receipt ledger does.
     */
    receipt(): Promise<ReceiptStatus> {
      return this.settle('save receipt', async (c) => {
        for (let asked = 0; ; asked++) {
          await this.syncedOrClosed(c);
          if (this.terminal !== null) throw new Error(`closed for good (${this.terminal})`);
          const status = await receiptOnThisConnection(c);
          if (status === CLOSED && asked < 3) {
            reasked++;
            continue;
          }
          if (status === CLOSED) throw new Error('every connection it asked on closed before answering');
          this.unsaved = false;
          return status;
        }
      });
    }

    destroy(): void {
      pages.delete(this);
      this.client.destroy();
    }

    /** Only the connection: a device's Y.Doc is read at the end. */
    leave(): void {
      pages.delete(this);
      this.client.provider.destroy();
    }
  }

  const CLOSED = Symbol('the connection closed before answering');
  /** Receipts asked again because their connection closed first. */
  let reasked = 0;

  /** The save receipt, or CLOSED if this connection closes before the answer. */
  function receiptOnThisConnection(c: StockClient): Promise<ReceiptStatus | typeof CLOSED> {
    return new Promise((resolve, reject) => {
      const onClose = () => {
        c.provider.off('connection-close', onClose);
        resolve(CLOSED);
      };
      c.provider.on('connection-close', onClose);
      receipt(c, WAIT_MS).then(
        (status) => {
          c.provider.off('connection-close', onClose);
          resolve(status);
        },
        (error: unknown) => {
          c.provider.off('connection-close', onClose);
          reject(error);
        },
      );
    });
  }

  // ---- Sentences in the notes: typed whole lines at line starts, so nobody's line is split.

  function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
    return starts;
  }

  /**
   * Types a sentence as a person does: in three bursts with a draft tail, then deletes the tail.
   * Returns it, `typed`; the caller marks it `present` once a receipt said stored.
   */
  async function typeSentence(page: Page, owner: string, label: string, rng: Rng, offline = false): Promise<Sentence> {
    const id = `⟦${label}⟧`;
    const line = `${id} ${page.person.name}: ${words(rng, 4 + Math.floor(rng() * 6))}.\n`;
    const body = line.slice(0, -1);
    const draft = ` (draft ${words(rng, 2)})`;
    const typed = body + draft + '\n';
    const sentence: Sentence = { id, owner, line, state: 'typed' };
    sentences.set(id, sentence);
    const text = page.text;
    let at = pick(rng, lineStarts(text.toString()));
    const cuts = [Math.floor(typed.length / 3), Math.floor((2 * typed.length) / 3), typed.length];
    let from = 0;
    for (const cut of cuts) {
      text.insert(at, typed.slice(from, cut));
      page.unsaved = true;
      const after = Y.createRelativePositionFromTypeIndex(text, at + cut - from, -1);
      from = cut;
      // Between bursts others' edits may arrive: the caret follows the last typed character.
      if (!offline) await pause(rng() * 6);
      at = Y.createAbsolutePositionFromRelativePosition(after, page.doc)!.index;
    }
    const start = text.toString().indexOf(body + draft);
    if (start < 0) throw new Error(`${label}: the typed line is not whole in its own page`);
    text.delete(start + body.length, draft.length);
    return sentence;
  }

  /** Deletes one of the owner's acknowledged sentences this page shows: the whole line. */
  function deleteOwnSentence(page: Page, owner: string, rng: Rng): Sentence | null {
    const current = page.text.toString();
    const candidates = [...sentences.values()].filter((s) => s.owner === owner && s.state === 'present' && current.includes(s.line));
    if (candidates.length === 0) return null;
    const sentence = pick(rng, candidates);
    const start = current.indexOf(sentence.line);
    page.text.delete(start, sentence.line.length);
    sentence.state = 'deleting';
    return sentence;
  }

  function settleSentences(typed: Sentence[], deleting: Sentence[], status: ReceiptStatus | 'lost', who: string): void {
    if (status === ReceiptStatus.stored) {
      receipts.stored++;
      typed.forEach((s) => (s.state = 'present'));
      deleting.forEach((s) => (s.state = 'deleted'));
      return;
    }
    if (status === ReceiptStatus.refused) {
      receipts.refused++;
      fail(`${who}: an honest edit was refused`);
    }
    typed.forEach((s) => (s.state = 'unknown'));
    deleting.forEach((s) => (s.state = 'unknown'));
  }

  /** One page load of the notes: sync, type a sentence, maybe delete an earlier one, receipt, leave. */
  async function notesVisit(notesId: string, person: Person, day: number, n: number, server?: Server): Promise<void> {
    const rng = rngOf(`${person.key}/notes`);
    const who = `${person.name}'s page load ${day}.${n}`;
    const chosen = pick(rng, alive());
    const page = new Page(who, person, notesId, server ?? chosen);
    loads.notes++;
    let typed: Sentence[] = [];
    let deleting: Sentence[] = [];
    try {
      await page.synced();
      typed = [await typeSentence(page, `${person.key}/pages`, `${person.key[0]}-${day}-${n}`, rng)];
      if (rng() < 0.3) {
        const gone = deleteOwnSentence(page, `${person.key}/pages`, rng);
        if (gone) deleting = [gone];
      }
      const status = await page.receipt();
      settleSentences(typed, deleting, status, who);
    } catch (error) {
      settleSentences(typed, deleting, 'lost', who);
      fail(`${who}: ${(error as Error).message}`);
    } finally {
      page.destroy();
    }
  }

  /** One page load of the agreement (sealed: read only): it shows the version in force. */
  async function agreementVisit(agreementId: string, person: Person, expected: AgreementItem[] | null): Promise<void> {
    const rng = rngOf(`${person.key}/agreement`);
    const page = new Page(`${person.name}'s agreement page`, person, agreementId, pick(rng, alive()));
    loads.agreement++;
    try {
      await page.synced();
      if (expected) {
        const shows = () => JSON.stringify(readAgreement(page.doc.getXmlFragment(FIELD))) === JSON.stringify(expected);
        await until(shows, 5000, 'the version in force').catch(() =>
          fail(`${person.name}'s agreement page on ${page.server.name} does not show the version in force: ${JSON.stringify(readAgreement(page.doc.getXmlFragment(FIELD)).map((i) => i.title))}`),
        );
      }
    } catch (error) {
      fail(`${person.name}'s agreement page: ${(error as Error).message}`);
    } finally {
      page.destroy();
    }
  }

  // ---- Long-lived devices.

  interface Device {
    page: Page;
    owner: string;
    rng: Rng;
    /** Days offline: from the first to the second, inclusive. */
    away: [number, number][];
    writes: boolean;
    typed: Sentence[];
    deleting: Sentence[];
  }

  /** A device's day: online or offline, it may write (and delete one of its own sentences). */
  async function deviceDay(device: Device, day: number, mustWrite: boolean): Promise<void> {
    if (!device.writes) return;
    const { page, rng } = device;
    if (rng() < 0.6 || mustWrite) device.typed.push(await typeSentence(page, device.owner, `${device.owner}-${day}`, rng, page.offline));
    if (rng() < 0.2) {
      const gone = deleteOwnSentence(page, device.owner, rng);
      if (gone) device.deleting.push(gone);
    }
    if (!page.offline) await acknowledge(device);
  }

  async function acknowledge(device: Device): Promise<void> {
    // A device the server closed for good stays as it is (reported once, with its close code).
    if (device.page.offline || device.page.terminal !== null) return;
    const typed = device.typed.splice(0);
    const deleting = device.deleting.splice(0);
    try {
      const status = await device.page.receipt();
      settleSentences(typed, deleting, status, device.page.who);
    } catch (error) {
      settleSentences(typed, deleting, 'lost', device.page.who);
      fail(`${device.page.who}: ${(error as Error).message}`);
    }
  }

  // ---- Stored state, read from PostgreSQL as the server keeps it (encrypted at rest).

  async function storedDoc(documentId: string): Promise<Y.Doc> {
    const snapshot: { state: Buffer }[] = (await db.query('SELECT state FROM document_snapshot WHERE document_id = $1', [documentId])).rows;
    const rows: { data: Buffer }[] = (await db.query('SELECT data FROM document_update WHERE document_id = $1 ORDER BY id', [documentId])).rows;
    const opened = await cipher.openDocument(documentId, [...snapshot.map((r) => r.state), ...rows.map((r) => r.data)]);
    const doc = new Y.Doc();
    Y.transact(doc, () => opened.forEach((data) => Y.applyUpdate(doc, data)));
    return doc;
  }

  async function storedState(documentId: string): Promise<Uint8Array> {
    const doc = await storedDoc(documentId);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  // ---- Agreements.

  const proposalPath = (agreementId: string, proposalId: string) => `/api/agreements/${agreementId}/proposals/${proposalId}`;

  function xmlTextIn(page: Page, itemId: string, nodeName: string): Y.XmlText {
    const node = page.doc
      .getXmlFragment(FIELD)
      .toArray()
      .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('itemId') === itemId);
    if (!node) throw new Error(`no item ${itemId} in ${page.who}`);
    const block = node.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === nodeName);
    if (!block || !(block.get(0) instanceof Y.XmlText)) throw new Error(`item ${itemId} has no ${nodeName} text`);
    return block.get(0) as Y.XmlText;
  }

  /**
   * A proposal through to a version: the proposer edits it, one partner accepts, the other
   * accepts while the racer types at 0–20 ms. Then: the version is the closed proposal, as stored,
   * and both standing acceptances are of its exact state.
   */
  async function proposalRound(agreementId: string, day: number, [alex, blake]: Person[]): Promise<void> {
    const rng = rngOf('proposals');
    const proposer = (day / 5) % 2 === 0 ? blake! : alex!;
    const res = await call<ProposalView>(proposer.http, pick(rng, alive()), 'POST', `/api/agreements/${agreementId}/proposals`, {});
    if (res.status !== 201 && res.status !== 200) throw new Error(`day ${day}: proposing answered ${res.status} ${JSON.stringify(res.body)}`);
    const proposal = res.body;
    const path = proposalPath(agreementId, proposal.id);

    // The proposer changes a sentence of an item; on some days adds an item.
    const edit = new Page(`${proposer.name}'s proposal page (day ${day})`, proposer, proposal.id, pick(rng, alive()));
    loads.proposal++;
    try {
      await edit.synced();
      const items = readAgreement(edit.doc.getXmlFragment(FIELD));
      const changed = pick(rng, items);
      const paragraph = xmlTextIn(edit, changed.id, 'paragraph');
      paragraph.insert(paragraph.length, ` Revised on day ${day}.`);
      if (day % 20 === 0) {
        const fragment = edit.doc.getXmlFragment(FIELD);
        edit.doc.transact(() => fragment.insert(fragment.length, [agreementItemElement(item(`Day ${day}`, `Added on day ${day}: ${words(rng, 5)}.`))]));
      }
      const status = await edit.receipt();
      if (status !== ReceiptStatus.stored) fail(`day ${day}: the proposer's edit was refused`);
    } finally {
      edit.destroy();
    }

    const [first, second] = rng() < 0.5 ? [alex!, blake!] : [blake!, alex!];
    const racer = rng() < 0.5 ? first : second;
    const racing = new Page(`${racer.name}'s racing proposal page (day ${day})`, racer, proposal.id, pick(rng, alive()));
    loads.proposal++;
    const delayMs = Math.floor(rng() * 21);
    const raceText = ` typed on day ${day}`;
    let status: ReceiptStatus;
    try {
      await racing.synced();
      const items = readAgreement(racing.doc.getXmlFragment(FIELD));
      const title = xmlTextIn(racing, pick(rng, items).id, 'agreementItemTitle');
      // The racer's first keystroke in this page (its client id claimed), stored before anyone accepts.
      title.insert(title.length, '!');
      if ((await racing.receipt()) !== ReceiptStatus.stored) fail(`day ${day}: the racer's first keystroke was refused`);
      const accepted = await call<ProposalView>(first.http, pick(rng, alive()), 'POST', `${path}/accept`, {});
      if (accepted.status !== 200) fail(`day ${day}: ${first.name}'s acceptance answered ${accepted.status} ${JSON.stringify(accepted.body)}`);
      const acceptOn = pick(rng, alive());
      const [secondAccepted, raced] = await Promise.all([
        call<ProposalView>(second.http, acceptOn, 'POST', `${path}/accept`, {}),
        pause(delayMs).then(() => {
          title.insert(title.length, raceText);
          return racing.receipt();
        }),
      ]);
      status = raced;
      if (secondAccepted.status !== 200) fail(`day ${day}: ${second.name}'s acceptance answered ${secondAccepted.status} ${JSON.stringify(secondAccepted.body)}`);
    } finally {
      racing.destroy();
    }

    // An acceptance the edit came after is withdrawn: both accept again (each acceptance is of the state it reads).
    let view = (await call<ProposalView>(alex!.http, pick(rng, alive()), 'GET', path)).body;
    let outcome: RaceOutcome['outcome'] =
      status === ReceiptStatus.refused ? 'refused' : view.state === 'in-force' ? 'in the version' : view.state === 'open' ? 'withdrew an acceptance' : 'unexpected';
    for (let round = 0; round < 3 && view.state === 'open'; round++) {
      for (const who of [first, second]) {
        const again = await call<ProposalView>(who.http, pick(rng, alive()), 'POST', `${path}/accept`, {});
        if (again.status !== 200) fail(`day ${day}: ${who.name}'s acceptance again answered ${again.status} ${JSON.stringify(again.body)}`);
        view = again.body;
        if (view.state !== 'open') break;
      }
    }
    if (status === ReceiptStatus.refused && view.state !== 'in-force') outcome = 'unexpected';
    races.push({ day, delayMs, racer: racer === first ? `${racer.name} (accepted first)` : `${racer.name} (accepted second)`, outcome });
    if (outcome === 'unexpected' || view.state !== 'in-force') {
      fail(`day ${day}: the race ended ${outcome}, the proposal ${view.state} (receipt ${status})`);
      return;
    }

    // The version is what both accepted: the closed proposal, as stored, and both standing acceptances are of its state.
    const agreement = (await call<AgreementView>(alex!.http, pick(rng, alive()), 'GET', `/api/agreements/${agreementId}`)).body;
    const inForce = agreement.inForce;
    const number = versions.length + 1;
    if (!inForce || inForce.number !== number || inForce.proposalId !== proposal.id) {
      fail(`day ${day}: version ${number} from this proposal is not in force: ${JSON.stringify(inForce && { number: inForce.number, proposalId: inForce.proposalId })}`);
      return;
    }
    if (JSON.stringify(inForce.items) !== JSON.stringify(view.items)) fail(`day ${day}: version ${number} differs from the closed proposal`);
    const stored = await storedState(proposal.id);
    if (JSON.stringify(itemsOf(stored)) !== JSON.stringify(inForce.items)) {
      fail(`day ${day}: the proposal as stored holds other items than version ${number}: ${JSON.stringify(itemsOf(stored).map((i) => i.title))} vs ${JSON.stringify(inForce.items.map((i) => i.title))}`);
    }
    const standing: { account_id: string; state_hash: string }[] = (
      await db.query(`SELECT account_id, state_hash FROM proposal_decision WHERE proposal_id = $1 AND decision = 'accepted' AND withdrawn_at IS NULL`, [proposal.id])
    ).rows;
    const hashes = new Set(standing.map((d) => d.state_hash));
    if (standing.length !== 2 || new Set(standing.map((d) => d.account_id)).size !== 2 || hashes.size !== 1) {
      fail(`day ${day}: the standing acceptances are not both partners' of one state: ${JSON.stringify(standing)}`);
    } else {
      if (!hashes.has(view.stateHash)) fail(`day ${day}: both accepted another state than the closed proposal's`);
      if (!hashes.has(stateHash(stored))) fail(`day ${day}: both accepted another state than the proposal's stored state`);
    }
    const hasRace = inForce.items.some((i) => i.title.includes(raceText.trim()));
    if (status === ReceiptStatus.stored && !hasRace) fail(`day ${day}: an edit acknowledged as stored is not in the version that closed the proposal`);
    if (status === ReceiptStatus.refused && hasRace) fail(`day ${day}: a refused edit is in the version`);
    versions.push({ number, proposalId: proposal.id, items: inForce.items });
  }

  it(
    'forty days of page loads, offline devices, proposals raced by edits, paste floods, SIGKILLs and a Redis restart: everything converges, nothing is refused or lost, history stays fast',
    async () => {
      try {
        await live();
      } catch (error) {
        fail(`the run stopped: ${(error as Error).stack ?? String(error)}`);
      }
      console.log(`lifetime spec\n${report.join('\n')}${failures.length ? `\nFAILURES:\n${failures.join('\n')}` : ''}`);
      expect(failures).toEqual([]);
    },
    300_000,
  );

  /** The whole run; what it finds goes to `failures` and `report`. */
  async function live(): Promise<void> {
    const started = Date.now();
    const [alex, blake, rivera] = people() as [Person, Person, Person];
    const notes = await createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Between sessions');
    const agreement = await createDocument(couple.partnerA, couple.workspace.id, 'agreement', 'Our evenings');
    const setupRng = rngOf('setup');

    // ---- Day 0: the draft agreement, written by both, proposed while Blake still types in it, accepted (version 1).
    const draftItems = [item('Evenings', 'We eat together on weekdays.'), item('Phones', 'Phones stay in the hall after nine.'), item('Money', 'We talk before spending over 100.')];
    {
      const writer = new Page("Alex's draft page", alex, agreement.id, pick(setupRng, alive()));
      await writer.synced();
      writeAgreementItems(writer.doc.getXmlFragment(FIELD), draftItems);
      if ((await writer.receipt()) !== ReceiptStatus.stored) fail('the draft was refused');
      writer.destroy();
      const editor = new Page("Blake's draft page", blake, agreement.id, pick(setupRng, alive()));
      await editor.synced();
      const paragraph = xmlTextIn(editor, draftItems[1]!.id, 'paragraph');
      paragraph.insert(paragraph.length, ' Both of us.');
      if ((await editor.receipt()) !== ReceiptStatus.stored) fail("Blake's draft edit was refused");
      // Asked to be accepted while Blake types on: the proposal copies the draft as stored once sealed.
      const delayMs = Math.floor(setupRng() * 21);
      const [proposed, draftStatus] = await Promise.all([
        call<ProposalView>(alex.http, pick(setupRng, alive()), 'POST', `/api/agreements/${agreement.id}/proposals`, {}),
        pause(delayMs).then(() => {
          paragraph.insert(paragraph.length, ' Typed while Alex proposed.');
          return editor.receipt();
        }),
      ]);
      editor.destroy();
      if (proposed.status !== 201 && proposed.status !== 200) throw new Error(`proposing the draft answered ${proposed.status}`);
      const draftAsStored = itemsOf(await storedState(agreement.id));
      const copied = proposed.body.items;
      if (JSON.stringify(copied) !== JSON.stringify(draftAsStored)) fail('the first proposal is not the draft as stored');
      const hasTyped = copied.some((i) => i.text.includes('Typed while Alex proposed.'));
      if ((draftStatus === ReceiptStatus.stored) !== hasTyped) fail(`the draft edit (receipt ${draftStatus}) and the proposal disagree`);
      note(`day 0: draft edit raced the proposal at ${delayMs} ms: ${draftStatus === ReceiptStatus.stored ? 'in the proposal' : 'refused'}`);
      const path = proposalPath(agreement.id, proposed.body.id);
      const a = await call<ProposalView>(alex.http, pick(setupRng, alive()), 'POST', `${path}/accept`, {});
      const b = await call<ProposalView>(blake.http, pick(setupRng, alive()), 'POST', `${path}/accept`, {});
      if (a.status !== 200 || b.status !== 200 || b.body.state !== 'in-force') throw new Error(`version 1 did not come into force: ${a.status} ${b.status} ${b.body.state}`);
      versions.push({ number: 1, proposalId: proposed.body.id, items: b.body.items });
    }

    // ---- The devices that live through the whole run.
    const devices: Device[] = [
      { page: new Page("Alex's laptop", alex, notes.id, two), owner: 'laptop', rng: rngOf('laptop'), away: [[6, 15]], writes: true, typed: [], deleting: [] },
      { page: new Page("Blake's phone", blake, notes.id, one), owner: 'phone', rng: rngOf('phone'), away: [[2, 4], [20, 33]], writes: true, typed: [], deleting: [] },
      { page: new Page("Blake's tablet", blake, agreement.id, one), owner: 'tablet', rng: rngOf('tablet'), away: [[8, 27]], writes: false, typed: [], deleting: [] },
    ];
    await Promise.all(devices.map((d) => d.page.synced()));

    const phases: Record<string, number> = {};
    const redisDown = () => !redis.up;
    for (let day = 1; day <= DAYS; day++) {
      const dayStarted = Date.now();
      if (dayStarted - started > BUDGET_MS) {
        fail(`the run took over ${BUDGET_MS / 1000} s before day ${day}: days ${day}–${DAYS} were skipped`);
        break;
      }
      const server = (name: string) => (name === 'one' ? one : two);
      for (const kill of KILLS.filter((k) => k.restartDay === day)) {
        await server(kill.victim).start();
        note(`day ${day}: process ${kill.victim} started again`);
      }
      if (day === REDIS_DOWN_DAY) {
        await redis.kill();
        note(`day ${day}: Redis killed`);
      }
      if (day === REDIS_UP_DAY) {
        await redis.start();
        note(`day ${day}: Redis back`);
      }
      // Devices leave and come back: back on the other process when it is up.
      for (const device of devices) {
        const away = device.away.some(([from, to]) => day >= from && day <= to);
        if (away && !device.page.offline) device.page.goOffline();
        if (!away && device.page.offline) {
          const other = alive().find((s) => s !== device.page.server) ?? pick(device.rng, alive());
          device.page.moveTo(other);
          note(`day ${day}: ${device.page.who} back online on process ${other.name}`);
        }
      }

      const inForce = versions[versions.length - 1]!.items;
      // While Redis is away a room another process holds does not hear of a new version until it is back.
      const checkAgreement = !redisDown();
      const kill = KILLS.find((k) => k.day === day);
      const victim = kill ? server(kill.victim) : undefined;
      const work: Promise<void>[] = [];
      for (const person of [alex, blake]) {
        const rng = rngOf(`${person.key}/day`);
        const visits = 3 + Math.floor(rng() * 3);
        work.push(
          (async () => {
            // On a kill day the first page load goes to the process about to die.
            for (let n = 1; n <= visits; n++) await notesVisit(notes.id, person, day, n, n === 1 ? victim : undefined);
          })(),
          (async () => {
            for (let n = 0; n < 3; n++) await agreementVisit(agreement.id, person, checkAgreement ? inForce : null);
          })(),
        );
      }
      if (day % 3 === 0) work.push(notesVisit(notes.id, rivera, day, 1), agreementVisit(agreement.id, rivera, checkAgreement ? inForce : null));
      work.push(...devices.map((d) => deviceDay(d, day, !!kill)));
      if (day === PASTE_DAY) work.push(pasteFlood(notes.id, alex, day));
      if (victim) {
        work.push(
          (async () => {
            // SIGKILL while a page on it holds typing it has not had acknowledged.
            const typing = () => [...pages].filter((p) => p.server === victim && p.unsaved && !p.offline);
            await until(() => typing().length > 0, 5000, 'a page typing on the process').catch(() => note(`day ${day}: no page was typing on ${victim.name}`));
            const caught = typing().map((p) => p.who);
            await victim.kill();
            note(`day ${day}: process ${victim.name} SIGKILLed while ${caught.join(', ')} had typing not yet acknowledged`);
          })(),
        );
      }
      await Promise.all(work);
      // Devices on a dead process go where the proxy sends them; their pending edits are acknowledged.
      for (const device of devices) {
        if (!device.page.offline && (!device.page.server.alive || device.page.server.life !== device.page.life)) device.page.moveTo(pick(device.rng, alive()));
      }
      await Promise.all(devices.map((d) => acknowledge(d)));
      if (PROPOSAL_DAYS.includes(day)) {
        const t = Date.now();
        await proposalRound(agreement.id, day, [alex, blake]).catch((error: Error) => fail(`day ${day}: the proposal round stopped: ${error.message}`));
        phases[`proposal day ${day}`] = Date.now() - t;
      }
      phases[`day ${day}`] = Date.now() - dayStarted;
      progress(`day ${day} done in ${phases[`day ${day}`]} ms; ${failures.length} failures so far${failures.length ? `, the last: ${failures[failures.length - 1]}` : ''}`);
    }
    note(`days: ${Object.entries(phases).filter(([k]) => k.startsWith('day')).map(([k, v]) => `${k.slice(4)}:${v}`).join(' ')} ms`);
    note(`proposal rounds: ${Object.entries(phases).filter(([k]) => k.startsWith('proposal')).map(([k, v]) => `${k}: ${v} ms`).join(', ')}`);

    // ---- After the months: every device syncs, from either process.
    const endStarted = Date.now();
    for (const device of devices) if (device.page.offline) device.page.moveTo(pick(device.rng, alive()));
    await Promise.all(devices.map((d) => acknowledge(d)));
    const fresh: Page[] = [];
    for (const server of [one, two]) for (const person of [alex, blake, rivera]) fresh.push(new Page(`${person.name}'s last page load on ${server.name}`, person, notes.id, server));
    await Promise.all(fresh.map((p) => p.synced().catch((e: Error) => fail(e.message))));
    const notesPages = [...fresh, devices[0]!.page, devices[1]!.page];
    const same = () => notesPages.every((p) => p.text.toString() === notesPages[0]!.text.toString());
    await until(same, 20_000, 'every device showing the same notes').catch(() =>
      fail(`the devices disagree: ${notesPages.map((p) => `${p.who} ${p.text.length} chars`).join(', ')}`),
    );
    const text = fresh[0]!.text.toString();
    const asStored = await storedDoc(notes.id);
    if (asStored.getText('t').toString() !== text) fail('the notes as stored differ from what the devices show');
    asStored.destroy();

    // Every acknowledged sentence is there, once; every acknowledged deletion holds.
    const counts = { present: 0, deleted: 0, unknown: 0, typed: 0, deleting: 0 };
    for (const s of sentences.values()) {
      counts[s.state]++;
      const occurrences = text.split(s.id).length - 1;
      if (s.state === 'present' && (!text.includes(s.line) || occurrences !== 1)) fail(`acknowledged sentence ${s.id} (${s.owner}) is ${occurrences === 0 ? 'missing' : `there ${occurrences} times or torn`}`);
      if (s.state === 'deleted' && occurrences !== 0) fail(`sentence ${s.id} (${s.owner}) is back after its deletion was acknowledged`);
    }
    note(`sentences: ${JSON.stringify(counts)}; notes ${text.length} chars, ${lineStarts(text).length - 1} lines`);

    // The agreement: every device and fresh page shows the last version; the stored agreement holds it.
    const last = versions[versions.length - 1]!;
    const agreementPages = [new Page("Alex's last agreement page on one", alex, agreement.id, one), new Page("Blake's last agreement page on two", blake, agreement.id, two), devices[2]!.page];
    await Promise.all(agreementPages.map((p) => p.synced().catch((e: Error) => fail(e.message))));
    for (const page of agreementPages) {
      await until(() => JSON.stringify(readAgreement(page.doc.getXmlFragment(FIELD))) === JSON.stringify(last.items), 10_000, 'the last version').catch(() =>
        fail(`${page.who} does not show version ${last.number}`),
      );
    }
    if (JSON.stringify(itemsOf(await storedState(agreement.id))) !== JSON.stringify(last.items)) fail('the stored agreement is not its last version');
    if (versions.length !== 1 + PROPOSAL_DAYS.length) fail(`${versions.length} versions came into force, ${1 + PROPOSAL_DAYS.length} expected`);
    for (const v of versions) {
      const read = await call<AgreementVersionView>(alex.http, one, 'GET', `/api/agreements/${agreement.id}/versions/${v.number}`);
      if (read.status !== 200 || JSON.stringify(read.body.items) !== JSON.stringify(v.items) || read.body.acceptedBy.length !== 2) fail(`version ${v.number} does not read as it came into force`);
    }
    agreementPages.slice(0, 2).forEach((p) => p.destroy());

    // Nothing refused, nobody closed as hostile, nothing quarantined.
    const hostile = closes.filter((c) => refusedForGood(c.code));
    for (const c of hostile) fail(`${c.who} was closed with ${c.code} ${c.reason}`);
    const closeCounts = closes.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.code]: (acc[c.code] ?? 0) + 1 }), {});
    note(`connections closed by the server or the network, by code: ${JSON.stringify(closeCounts)}`);
    const documentIds: string[] = (await db.query('SELECT id FROM document WHERE workspace_id = $1', [couple.workspace.id])).rows.map((r: { id: string }) => r.id);
    const quarantined = (await db.query('SELECT document_id, source, reason FROM document_quarantine WHERE document_id = ANY($1)', [documentIds])).rows;
    if (quarantined.length > 0) fail(`quarantined: ${JSON.stringify(quarantined)}`);

    // Storage: each document's kept rows and snapshot within the document quota.
    const storage: { document_id: string; kind: string; rows: number; merged: number; update_bytes: string; snapshot_bytes: string }[] = (
      await db.query(
        `SELECT d.id AS document_id, d.kind,
                (SELECT count(*)::int FROM document_update u WHERE u.document_id = d.id) AS rows,
                (SELECT count(*)::int FROM document_update u WHERE u.document_id = d.id AND u.in_snapshot) AS merged,
                (SELECT coalesce(sum(octet_length(u.data)), 0) FROM document_update u WHERE u.document_id = d.id) AS update_bytes,
                (SELECT coalesce(sum(octet_length(s.state)), 0) FROM document_snapshot s WHERE s.document_id = d.id) AS snapshot_bytes
           FROM document d WHERE d.workspace_id = $1`,
        [couple.workspace.id],
      )
    ).rows;
    for (const s of storage) {
      const bytes = Number(s.update_bytes) + Number(s.snapshot_bytes);
      if (bytes > DOCUMENT_QUOTA_BYTES) fail(`document ${s.document_id} (${s.kind}) keeps ${bytes} bytes, over the ${DOCUMENT_QUOTA_BYTES} quota`);
    }
    const workspaceBytes = storage.reduce((n, s) => n + Number(s.update_bytes) + Number(s.snapshot_bytes), 0);
    if (workspaceBytes > WORKSPACE_QUOTA_BYTES) fail(`the workspace keeps ${workspaceBytes} bytes, over the ${WORKSPACE_QUOTA_BYTES} quota`);
    const notesStorage = storage.find((s) => s.document_id === notes.id)!;
    note(
      `notes storage: ${notesStorage.rows} rows (${notesStorage.merged} merged into the snapshot), ${notesStorage.update_bytes} bytes of rows + ${notesStorage.snapshot_bytes} of snapshot; workspace ${storage.reduce((n, s) => n + Number(s.update_bytes) + Number(s.snapshot_bytes), 0)} bytes in ${storage.length} documents`,
    );
    const clients = (await db.query('SELECT count(*)::int AS n FROM document_client WHERE document_id = $1', [notes.id])).rows[0].n;
    note(`notes client ids: ${clients}`);

    // History: paged back to the oldest edit, and that edit, each within a second; the other partner's requests stay fast meanwhile.
    const timed = async <T>(request: Promise<T>) => {
      const t = Date.now();
      const value = await request;
      return { value, ms: Date.now() - t };
    };
    const historyTimes: number[] = [];
    const meTimes: number[] = [];
    const withOtherPerson = async <T>(request: () => Promise<{ status: number; body: T }>, what: string) => {
      const [history, me] = await Promise.all([timed(request()), pause(20).then(() => timed(call(blake.http, one, 'GET', '/api/me')))]);
      historyTimes.push(history.ms);
      meTimes.push(me.ms);
      if (history.value.status !== 200) fail(`${what} answered ${history.value.status}`);
      if (history.ms > 1000) fail(`${what} took ${history.ms} ms`);
      if (me.value.status !== 200 || me.ms > 500) fail(`Blake's /api/me took ${me.ms} ms (${me.value.status}) while Alex read ${what}`);
      return history.value.body;
    };
    type Page30 = { edits: { id: string }[]; nextBefore: string | null };
    let before: string | null = null;
    let oldest: string | null = null;
    let historyPages = 0;
    let editCount = 0;
    do {
      const query: string = before ? `?before=${before}` : '';
      const page: Page30 = await withOtherPerson(() => call<Page30>(alex.http, one, 'GET', `/api/documents/${notes.id}/history${query}`), `history page ${historyPages + 1}`);
      historyPages++;
      editCount += page.edits?.length ?? 0;
      if (page.edits?.length) oldest = page.edits[page.edits.length - 1]!.id;
      before = page.nextBefore ?? null;
    } while (before && historyPages < 200);
    if (!oldest) fail('the history lists no edits');
    else {
      const point = await withOtherPerson(() => call<{ blocks: unknown[] }>(alex.http, one, 'GET', `/api/documents/${notes.id}/history/${oldest}`), 'the oldest edit');
      if (!point?.blocks?.length) fail('the oldest edit shows nothing');
    }
    note(`history: ${editCount} edits in ${historyPages} pages; history requests ${historyTimes.join('/')} ms (max ${Math.max(...historyTimes)}); Blake's /api/me meanwhile max ${Math.max(...meTimes)} ms`);

    devices.forEach((d) => d.page.destroy());
    fresh.forEach((p) => p.destroy());
    note(`page loads: ${JSON.stringify(loads)}; receipts ${JSON.stringify(receipts)}; moved to another process after a SIGKILL: ${moves}; receipts asked again after their connection closed: ${reasked}`);
    note(`races: ${races.map((r) => `day ${r.day} at ${r.delayMs} ms by ${r.racer}: ${r.outcome}`).join('; ')}`);
    note(`end checks ${Date.now() - endStarted} ms; whole run ${Date.now() - started} ms; seed ${SEED}`);
    // The processes' own word: an error, or a deadlock PostgreSQL broke, is a failure; other warnings (but Redis being away) are reported.
    const lines = servers.flatMap((s) => s.output.split('\n').map((l) => `${s.name}: ${l.replace(ANSI_COLOUR, '').trim()}`));
    const broken = lines.filter((l) => /\bERROR\b/.test(l) || /deadlock/i.test(l));
    for (const l of broken) fail(`server log: ${l}`);
    const warned = lines.filter((l) => /\bWARN\b/.test(l) && !/Redis/.test(l) && !broken.includes(l));
    note(`server log: ${broken.length} errors, ${warned.length} warnings besides Redis being away${warned.length ? `:\n  ${warned.slice(0, 20).join('\n  ')}` : ''}`);
  }

  /** Paste floods: Alex pastes about 200 KB and deletes it, three times, then a formatted paste of many pieces. */
  async function pasteFlood(notesId: string, person: Person, day: number): Promise<void> {
    const rng = rngOf('paste');
    const page = new Page(`${person.name}'s paste page (day ${day})`, person, notesId, pick(rng, alive()));
    loads.notes++;
    try {
      await page.synced();
      for (let round = 0; round < 3; round++) {
        const paste = `${words(rng, 34_000).slice(0, 200_000)}\n`;
        const at = pick(rng, lineStarts(page.text.toString()));
        page.text.insert(at, paste);
        const stored = await page.receipt();
        if (stored !== ReceiptStatus.stored) fail(`paste ${round + 1} was refused`);
        const start = page.text.toString().indexOf(paste);
        page.text.delete(start, paste.length);
        if ((await page.receipt()) !== ReceiptStatus.stored) fail(`deleting paste ${round + 1} was refused`);
      }
      // A formatted paste: many separate pieces in one update.
      const at = pick(rng, lineStarts(page.text.toString()));
      let length = 0;
      page.doc.transact(() => {
        for (let i = 0; i < 1500; i++) {
          const piece = `${pick(rng, WORDS)}${i} `;
          page.text.insert(at + length, piece, i % 2 ? { bold: true } : {});
          length += piece.length;
        }
        page.text.insert(at + length, '\n');
        length++;
      });
      // Where the paste begins, wherever others' edits move it meanwhile.
      const rel = Y.createRelativePositionFromTypeIndex(page.text, at);
      if ((await page.receipt()) !== ReceiptStatus.stored) fail('the formatted paste was refused');
      page.text.delete(Y.createAbsolutePositionFromRelativePosition(rel, page.doc)!.index, length);
      if ((await page.receipt()) !== ReceiptStatus.stored) fail('deleting the formatted paste was refused');
    } catch (error) {
      fail(`${page.who}: ${(error as Error).message}`);
    } finally {
      page.destroy();
    }
  }
});
