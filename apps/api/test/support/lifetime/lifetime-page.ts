import type * as Y from 'yjs';
import type { ReceiptStatus } from '@kinship/domain/wire';
import { receipt, stockClient, StockClient, until } from '../sync-client';
import { pick, rngOf, WAIT_MS } from './lifetime-plan';
import { DIED, type LifetimeRun, type Person, type Server } from './lifetime-run';

/**
 * A page (or a device) on a document: a stock client, and the process it talks to. When that
 * process dies, the page goes to a live one with its Y.Doc, as the proxy would send it.
 */
export class Page {
  client: StockClient;
  server: Server;
  life: number;
  offline = false;
  /** Typed something not yet acknowledged. */
  unsaved = false;
  /** The close code that stopped the stock client for good (44xx), if one did. */
  terminal: number | null = null;

  constructor(
    private readonly run: LifetimeRun,
    readonly who: string,
    readonly person: Person,
    readonly documentId: string,
    server: Server,
    doc?: Y.Doc,
  ) {
    this.server = server;
    this.life = server.life;
    this.client = this.open(doc);
    this.run.pages.add(this);
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
      if (event) this.run.closes.push({ who: `${this.who} on ${this.server.name}`, code: event.code, reason: event.reason });
    });
    client.provider.on('closed', (event: { code: number }) => (this.terminal = event.code));
    return client;
  }

  /** To another process (or back to this one after a restart), keeping the device's Y.Doc. */
  moveTo(server: Server): void {
    if (!this.offline && (!this.server.alive || this.server.life !== this.life)) this.run.moves++;
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
        this.moveTo(pick(rngOf(`${this.who}/move`), this.run.alive()));
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
          this.run.reasked++;
          continue;
        }
        if (status === CLOSED) throw new Error('every connection it asked on closed before answering');
        this.unsaved = false;
        return status;
      }
    });
  }

  destroy(): void {
    this.run.pages.delete(this);
    this.client.destroy();
  }

  /** Only the connection: a device's Y.Doc is read at the end. */
  leave(): void {
    this.run.pages.delete(this);
    this.client.provider.destroy();
  }
}

const CLOSED = Symbol('the connection closed before answering');

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
