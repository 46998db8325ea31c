import { withdrawalWords } from './withdrawal';

describe('why an acceptance was withdrawn, said to its reader', () => {
  it('says "you" to the partner whose acceptance it was, and names the item to go to', () => {
    expect(withdrawalWords('Riley Moss edited item 1 after Jordan Blake accepted', 'Jordan Blake', true)).toEqual({
      sentence: 'Riley Moss edited item 1 after you accepted',
      items: [1],
    });
  });

  it('names the partner to the other reader', () => {
    expect(withdrawalWords('Riley Moss edited item 1 after Jordan Blake accepted', 'Jordan Blake', false).sentence).toBe(
      'Riley Moss edited item 1 after Jordan Blake accepted',
    );
  });

  it('lists every item edited or added, once each, and none that was removed', () => {
    expect(withdrawalWords('Riley Moss edited items 1, 3 and 4 and added item 5 and removed “Phones” after Jordan Blake accepted', 'Jordan Blake', true)).toEqual({
      sentence: 'Riley Moss edited items 1, 3 and 4 and added item 5 and removed “Phones” after you accepted',
      items: [1, 3, 4, 5],
    });
    expect(withdrawalWords('the proposal changed since this acceptance', 'Jordan Blake', true)).toEqual({
      sentence: 'the proposal changed since this acceptance',
      items: [],
    });
  });
});
