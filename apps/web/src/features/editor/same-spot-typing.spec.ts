/** @jest-environment jsdom */
import type { Editor } from '@tiptap/core';
import { EditorRoom as Room, type } from './editor-room';

const textOf = (editor: Editor) => editor.state.doc.textContent;

function backspace(editor: Editor) {
  const { from } = editor.state.selection;
  editor.view.dispatch(editor.state.tr.delete(from - 1, from));
}

/** A small seeded random source, so every round is the same on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/**
 * Two or three people typing at the same spot (the end of one agreement item, the end of a
 * note's line), keystroke by keystroke, with the other person's keystrokes arriving between
 * theirs. Each person's words must stay contiguous: when the character someone types equals the
 * character another person just put beside their caret (a space, an "I"), the binding must still
 * put it where their caret is, not on the far side of the other's character.
 */
describe('two people typing at the same spot', () => {
  let room: Room;
  afterEach(() => room.destroy());

  it('keeps each person’s sentence whole when the other’s typed character is beside the caret (the exact pattern)', () => {
    room = new Room();
    const [jordan, riley] = [room.join(1), room.join(2)];
    type(jordan, 'We talk on Sundays.');
    room.deliver();
    for (const editor of [jordan, riley]) editor.commands.setTextSelection(editor.state.doc.content.size - 1);
    // Riley's space lands first, just after both carets; Jordan then types a space too.
    type(riley, ' ');
    room.deliverFrom(riley);
    type(jordan, ' ');
    type(jordan, 'J');
    room.deliverFrom(jordan);
    type(riley, 'R');
    room.deliver();
    expect(textOf(jordan)).toBe(textOf(riley));
    // Each person's own characters stay next to each other, in the order typed.
    expect(textOf(jordan)).toMatch(/^We talk on Sundays\.( J R| R J)$/);
  });

  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('keeps every sentence contiguous in every copy, round %i of human-paced typing', (round) => {
    room = new Room();
    const next = random(round * 7919);
    const [jordan, riley] = [room.join(round), room.join(round + 100)];
    type(jordan, 'The last time we argued, silence worried us.');
    room.deliver();
    for (const editor of [jordan, riley]) editor.commands.setTextSelection(editor.state.doc.content.size - 1);
    const sentences = new Map([
      [jordan, ` I will ask before I assume.${round}-Jordan`],
      [riley, ` I will say when I need a pause.${round}-Riley`],
    ]);
    const at = new Map([
      [jordan, 0],
      [riley, 0],
    ]);
    // Each keystroke is followed, at random, by delivering one person's keystrokes so far: the
    // other person's characters arrive between one's own, as on a network at 30–80 ms a key.
    while ([...at.entries()].some(([editor, i]) => i < sentences.get(editor)!.length)) {
      for (const editor of [jordan, riley]) {
        const i = at.get(editor)!;
        const sentence = sentences.get(editor)!;
        if (i >= sentence.length) continue;
        if (next() < 0.08 && i > 2) {
          // A typo, taken back at once.
          type(editor, 'q');
          backspace(editor);
        }
        type(editor, sentence[i]!);
        at.set(editor, i + 1);
        const roll = next();
        if (roll < 0.45) room.deliverFrom(editor);
        else if (roll < 0.7) room.deliver();
      }
    }
    room.deliver();
    expect(textOf(riley)).toBe(textOf(jordan));
    for (const sentence of sentences.values()) expect(textOf(jordan)).toContain(sentence);
  });

  it('keeps three people’s lines whole when all three add to the same line end', () => {
    room = new Room();
    const editors = [room.join(1), room.join(2), room.join(3)];
    type(editors[0]!, 'Shared:');
    room.deliver();
    for (const editor of editors) editor.commands.setTextSelection(editor.state.doc.content.size - 1);
    const words = [' I listen', ' I ask', ' I wait'];
    const next = random(42);
    for (let i = 0; i < Math.max(...words.map((w) => w.length)); i++) {
      editors.forEach((editor, person) => {
        const key = words[person]![i];
        if (key) type(editor, key);
        if (next() < 0.6) room.deliverFrom(editor);
      });
    }
    room.deliver();
    for (const editor of editors) {
      expect(textOf(editor)).toBe(textOf(editors[0]!));
      for (const word of words) expect(textOf(editor)).toContain(word);
    }
  });
});
