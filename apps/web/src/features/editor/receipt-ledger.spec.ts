import { encodeReceipt, encodeReceiptRequest, ReceiptStatus, SyncMessageType } from '@kinship/domain/wire';
import { ReceiptLedger, type LinkState } from './receipt-ledger';

const live: LinkState = { connected: true, synced: true, online: true, triedBefore: true };
const stored = (n: number) => encodeReceipt(n, ReceiptStatus.stored);
const refused = (n: number) => encodeReceipt(n, ReceiptStatus.refused);

describe('the receipt ledger', () => {
  it('says saved only once the server confirmed every edit sent', () => {
    const ledger = new ReceiptLedger();
    expect(ledger.state(live)).toBe('saved');
    ledger.recordEdit();
    ledger.recordEdit();
    expect(ledger.state(live)).toBe('saving');
    expect(ledger.nextRequest()).toEqual(encodeReceiptRequest(2));
    ledger.recordEdit();
    expect(ledger.receive(stored(2))).toBe('stored');
    expect(ledger.state(live)).toBe('saving');
    expect(ledger.nextRequest()).toEqual(encodeReceiptRequest(3));
    ledger.receive(stored(3));
    expect(ledger).toMatchObject({ sent: 3, requested: 3, confirmed: 3, refused: 0, unconfirmed: false });
    expect(ledger.state(live)).toBe('saved');
  });

  it('asks once per count on a connection, again after a lost answer or a new connection', () => {
    const ledger = new ReceiptLedger();
    expect(ledger.nextRequest()).toBeNull();
    ledger.recordEdit();
    expect(ledger.nextRequest()).not.toBeNull();
    expect(ledger.nextRequest()).toBeNull();
    expect(ledger.nextRequest({ again: true })).toEqual(encodeReceiptRequest(1));
    ledger.connectionReset();
    expect(ledger.requested).toBe(0);
    expect(ledger.nextRequest()).toEqual(encodeReceiptRequest(1));
  });

  it('keeps edits from an earlier visit unconfirmed until a receipt covers them', () => {
    const ledger = new ReceiptLedger({ unconfirmedFromEarlier: true });
    expect(ledger.unconfirmed).toBe(true);
    expect(ledger.nextRequest()).toEqual(encodeReceiptRequest(1));
    ledger.receive(stored(1));
    expect(ledger.unconfirmed).toBe(false);
  });

  it('a refused receipt marks the waiting edits refused, and nothing more is asked', () => {
    const ledger = new ReceiptLedger();
    ledger.recordEdit();
    ledger.nextRequest();
    ledger.receive(stored(1));
    ledger.recordEdit();
    ledger.nextRequest();
    expect(ledger.receive(refused(2))).toBe('refused');
    expect(ledger.refused).toBe(2);
    expect(ledger.state(live)).toBe('refused');
    ledger.recordEdit();
    expect(ledger.nextRequest()).toBeNull();
  });

  it('a reader who typed nothing is never refused, whatever the server says of the connection', () => {
    const ledger = new ReceiptLedger();
    expect(ledger.denied()).toBe('ignored');
    expect(ledger.receive(refused(0))).toBe('ignored');
    expect(ledger.state(live)).toBe('saved');
    expect(ledger.refused).toBe(0);
  });

  it('a permission-denied frame refuses the edits waiting for a receipt', () => {
    const ledger = new ReceiptLedger();
    ledger.recordEdit();
    expect(ledger.denied()).toBe('refused');
    expect(ledger.state(live)).toBe('refused');
  });

  it('never claims more confirmed than sent, and ignores frames that are not receipts', () => {
    const ledger = new ReceiptLedger();
    ledger.recordEdit();
    ledger.receive(stored(5));
    expect(ledger.confirmed).toBe(1);
    ledger.recordEdit();
    expect(ledger.unconfirmed).toBe(true);
    expect(ledger.receive(Uint8Array.of(SyncMessageType.awareness, 0))).toBe('ignored');
    expect(ledger.receive(Uint8Array.of(SyncMessageType.receipt))).toBe('ignored');
  });

  it('offline and connecting come from the link, not the books', () => {
    const ledger = new ReceiptLedger();
    ledger.recordEdit();
    expect(ledger.state({ ...live, connected: false, triedBefore: false })).toBe('connecting');
    expect(ledger.state({ ...live, connected: false })).toBe('offline');
    expect(ledger.state({ ...live, online: false })).toBe('offline');
    expect(ledger.state({ ...live, synced: false })).toBe('saving');
  });
});
