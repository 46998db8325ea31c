import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ReceiptStatus, SyncMessageType, SyncStep } from '@kinship/domain/wire';

/** Frames the server builds. Received update frames are relayed as the bytes that arrived. */

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SyncMessageType.sync);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const syncStep1Frame = (stateVector: Uint8Array) => syncFrame(SyncStep.step1, stateVector);
export const syncStep2Frame = (update: Uint8Array) => syncFrame(SyncStep.step2, update);
export const updateFrame = (update: Uint8Array) => syncFrame(SyncStep.update, update);

export const awarenessFrame = (awarenessUpdate: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SyncMessageType.awareness);
  encoding.writeVarUint8Array(e, awarenessUpdate);
  return encoding.toUint8Array(e);
};

/** `[2][0][reason]`: the stock client's "permission denied". */
export const permissionDeniedFrame = (reason: string) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SyncMessageType.auth);
  encoding.writeVarUint(e, 0);
  encoding.writeVarString(e, reason);
  return encoding.toUint8Array(e);
};

export const receiptFrame = (n: number, status: ReceiptStatus) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SyncMessageType.receipt);
  encoding.writeVarUint(e, n);
  encoding.writeVarUint(e, status);
  return encoding.toUint8Array(e);
};


/** The update carried by a sync update or step-2 frame; null for any other frame. */
export function updateInFrame(frame: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(frame);
  if (decoding.readVarUint(d) !== SyncMessageType.sync) return null;
  const step = decoding.readVarUint(d);
  return step === SyncStep.update || step === SyncStep.step2 ? decoding.readVarUint8Array(d) : null;
}

/** The presence update carried by an awareness frame; null for any other frame. */
export function awarenessInFrame(frame: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(frame);
  return decoding.readVarUint(d) === SyncMessageType.awareness ? decoding.readVarUint8Array(d) : null;
}
