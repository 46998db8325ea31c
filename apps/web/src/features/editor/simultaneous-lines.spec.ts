/** @jest-environment jsdom */
import { EditorRoom as Room, lines, startLineAtEnd, type } from './editor-room';

describe('a caret after others change the document', () => {
  let room: Room;

  afterEach(() => room.destroy());

  // The client ids set the order Yjs gives concurrent new lines, so each person in turn is the
  // one whose empty line is not the first empty line in the document.
  it.each([
    [[1, 2, 3]],
    [[3, 2, 1]],
    [[2, 3, 1]],
  ])('stays in my own new line when others add lines at the same moment (client ids %j)', (clientIds) => {
    room = new Room();
    const editors = clientIds.map((id) => room.join(id));
    type(editors[0]!, 'Our promises.');
    room.deliver();

    const written = ['Robin: we pause.', 'Alex: I ask first.', 'Sam: I say so.'];
    for (const editor of editors) startLineAtEnd(editor);
    room.deliver();
    for (let i = 0; i < Math.max(...written.map((line) => line.length)); i++) {
      editors.forEach((editor, person) => {
        const key = written[person]![i];
        if (key) type(editor, key);
      });
      room.deliver();
    }

    for (const editor of editors) {
      expect(lines(editor)[0]).toBe('Our promises.');
      expect([...lines(editor)].sort()).toEqual(['Our promises.', ...written].sort());
    }
  });

  it('keeps my new line mine when I press Enter just above someone else’s new empty line', () => {
    room = new Room();
    const [alex, robin] = [room.join(1), room.join(2)];
    type(alex, 'Our promises.');
    room.deliver();
    // Alex went to the end before Robin's new line arrived, and presses Enter just after.
    alex.commands.setTextSelection(1 + 'Our promises.'.length);
    startLineAtEnd(robin);
    room.deliver();
    alex.commands.splitBlock();
    room.deliver();
    for (const [a, r] of [['A', 'R'], ['l', 'o'], ['e', 'b']]) {
      type(alex, a!);
      type(robin, r!);
      room.deliver();
    }
    expect(lines(alex)).toEqual(['Our promises.', 'Ale', 'Rob']);
    expect(lines(robin)).toEqual(lines(alex));
  });

  it('stays in the empty line I am in when someone else starts writing in it', () => {
    room = new Room();
    const [alex, sam] = [room.join(1), room.join(2)];
    type(alex, 'Our promises.');
    startLineAtEnd(alex);
    startLineAtEnd(alex);
    room.deliver();
    // Both are in the first of two empty lines; Alex writes first.
    const firstEmptyLine = 1 + 'Our promises.'.length + 2;
    alex.commands.setTextSelection(firstEmptyLine);
    sam.commands.setTextSelection(firstEmptyLine);
    type(alex, 'A');
    room.deliver();
    type(sam, 's');
    room.deliver();
    expect(lines(sam)).toEqual(['Our promises.', 'As', '']);
    expect(lines(alex)).toEqual(lines(sam));
  });

  it('stays after the character I typed when a line is added above mine', () => {
    room = new Room();
    const [alex, sam] = [room.join(1), room.join(2)];
    type(alex, 'First.');
    room.deliver();
    startLineAtEnd(sam);
    type(sam, 'Sam');
    room.deliver();
    // Alex adds a line between the first line and Sam's, while Sam keeps typing.
    alex.commands.setTextSelection(1 + 'First.'.length);
    alex.commands.splitBlock();
    type(alex, 'Alex');
    room.deliver();
    type(sam, ' here');
    room.deliver();
    expect(lines(sam)).toEqual(['First.', 'Alex', 'Sam here']);
    expect(lines(alex)).toEqual(lines(sam));
  });
});
