import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { decodeReceipt, encodeReceipt, encodeReceiptRequest, isStorageLimitReason, ReceiptStatus, storageLimitReason, SyncMessageType } from './sync';

describe('the save-receipt frames', () => {
  it('are the y-websocket varuint encoding, for small and large counters', () => {
    for (const n of [0, 1, 127, 128, 300, 16_384, 2 ** 31 + 5]) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, SyncMessageType.receipt);
      encoding.writeVarUint(e, n);
      expect(encodeReceiptRequest(n)).toEqual(encoding.toUint8Array(e));
      encoding.writeVarUint(e, ReceiptStatus.refused);
      expect(encodeReceipt(n, ReceiptStatus.refused)).toEqual(encoding.toUint8Array(e));
      const d = decoding.createDecoder(encodeReceipt(n, ReceiptStatus.stored));
      expect([decoding.readVarUint(d), decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([SyncMessageType.receipt, n, ReceiptStatus.stored]);
    }
  });

  it('decode back, and anything else decodes as null', () => {
    expect(decodeReceipt(encodeReceipt(300, ReceiptStatus.refused))).toEqual({ n: 300, status: ReceiptStatus.refused });
    expect(decodeReceipt(encodeReceiptRequest(7))).toEqual({ n: 7, status: ReceiptStatus.stored });
    expect(decodeReceipt(Uint8Array.of(0, 0, 1, 0))).toBeNull();
    expect(decodeReceipt(Uint8Array.of(100, 0x80))).toBeNull();
    expect(decodeReceipt(Uint8Array.of(100, 1, 9))).toBeNull();
  });
});

describe('storage limit words', () => {
  it('say which limit was reached, in megabytes, and are recognised as such', () => {
    const document = storageLimitReason('document', 64 * 1024 * 1024);
    expect(document).toContain('This document has reached its storage limit (64 MB');
    expect(isStorageLimitReason(document)).toBe(true);
    expect(isStorageLimitReason(storageLimitReason('workspace', 300_000))).toBe(true);
    expect(storageLimitReason('workspace', 300_000)).toContain('(1 MB)');
    expect(isStorageLimitReason('read-only: this agreement has a version in force; propose a change instead')).toBe(false);
  });
});
