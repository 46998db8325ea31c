import * as Y from 'yjs';

/**
 * Updates a hostile client could send, built once for the specs that prove the server refuses
 * them or survives them.
 */

/**
 * Well-formed, with every dependency inside itself, and yet Yjs throws half-way through
 * integrating it (found by mutating real updates in update-shape.spec.ts).
 */
export const YJS_THROWS_ON_THIS =
  '0212a393fbc60800010101740181a393fbc608000184a393fbc60801026c6c84a393fbc6080d116f203732362077c3b6726c6420f09f9880c1a393fbc60800a393fbc6080101c6a393fbc60803a393fbc6080404626f6c64046e756c6cc1a393fbc60801a393fbc6080201c5a393fbc60814a393fbc60802117b22696d616765223a22782e706e67227dc6a393fbc60815a393fbc6080204626f6c6404747275652801016d016b017601066e657374656475047d01770374776f7e782301016d0362696e030102032701016d03617272000800a393fbc60819037d017d027d0307010764656661756c7403097061726167726170680700a393fbc6081d060400a393fbc6081e086c696e652032303187a393fbc6081d0504686f6f6b08010161037da70f770178760101797d0113ffd07300010101740181ffd073000184ffd07301026c6c84ffd07303116f203534322077c3b6726c6420f09f9880c1ffd07300ffd0730101c6ffd07303ffd0730404626f6c64046e756c6cc1ffd07301ffd0730201c5ffd07314ffd07302117b22696d616765223a22782e706e67227dc6ffd07315ffd0730204626f6c6404747275652101016d016b012101016d0362696e012101016d0361727201000307010764656661756c7403097061726167726170680700ffd0731d060400ffd0731e086c696e652031393687ffd0731d0504686f6f6b08010161037d9b0f770178760101797d01c4ffd07303ffd073130a636f6e63757272656e7402a393fbc60803000212011401ffd073040002120114011706';

/** A real update whose delete set is cut short: Yjs integrates its text, then throws. */
export function truncatedDeleteSet(text: string): Uint8Array {
  const doc = new Y.Doc();
  const t = doc.getText('t');
  t.insert(0, text + 'XYZ');
  t.delete(text.length, 3);
  const whole = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  // The last bytes are the delete set's single range: drop its length.
  return whole.subarray(0, whole.length - 1);
}

/** An update of `count` sub-documents (each costs kilobytes of heap once applied). */
export function subdocuments(count: number): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap('m');
  doc.transact(() => {
    for (let i = 0; i < count; i++) map.set(`d${i}`, new Y.Doc());
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
