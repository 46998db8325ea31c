import { revealRefusal } from './reveals';

describe('when drafts may be revealed', () => {
  const both = ['a', 'b'];
  it('only once both partners have marked their drafts done, on an open prompt', () => {
    expect(revealRefusal('open', both, [{ accountId: 'a', done: true }, { accountId: 'b', done: true }])).toBeNull();
    expect(revealRefusal('open', both, [{ accountId: 'a', done: true }, { accountId: 'b', done: false }])).toMatch(/Both partners need to mark/);
    expect(revealRefusal('open', both, [{ accountId: 'a', done: true }])).toMatch(/Both partners need to mark/);
    expect(revealRefusal('open', both, [])).toMatch(/Both partners need to mark/);
  });
  it('never with one partner, nor twice, nor once withdrawn', () => {
    expect(revealRefusal('open', ['a'], [{ accountId: 'a', done: true }])).toMatch(/Both partners need to be in the workspace/);
    expect(revealRefusal('revealed', both, [{ accountId: 'a', done: true }, { accountId: 'b', done: true }])).toMatch(/already been revealed/);
    expect(revealRefusal('withdrawn', both, [{ accountId: 'a', done: true }, { accountId: 'b', done: true }])).toMatch(/withdrawn/);
  });
  it('a draft of someone who is no longer a partner does not stand in for a partner’s', () => {
    expect(revealRefusal('open', both, [{ accountId: 'a', done: true }, { accountId: 'gone', done: true }])).toMatch(/Both partners need to mark/);
  });
});
