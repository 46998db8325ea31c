import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, newAgreementItem, writeAgreementItems } from '@kinship/domain/agreements';
import { itemsOf, missingFrom, stateHash } from './agreement-content';
import { withdrawalReason } from './agreement-views';

describe('why an acceptance was withdrawn', () => {
  const phones = newAgreementItem({ title: 'Phones', text: 'Open phones.' });
  const late = newAgreementItem({ title: 'Late', text: 'Text when late.' });

  it('names the items edited, added and removed since the acceptance, by their number now', () => {
    const now = [phones, { ...late, text: 'Text when later than 7.' }, newAgreementItem({ title: 'Money' })];
    expect(withdrawalReason('Blake', 'Alex', [phones, late], now)).toBe('Blake edited item 2 and added item 3 after Alex accepted');
    expect(withdrawalReason('Blake', 'Alex', [phones, late], [late])).toBe('Blake removed “Phones” after Alex accepted');
    expect(withdrawalReason('Blake', 'Alex', [phones, late], [phones, late])).toBe('Blake edited the proposal after Alex accepted');
  });
});

describe('the exact state an acceptance is of', () => {
  const seeded = () => {
    const doc = new Y.Doc();
    writeAgreementItems(doc.getXmlFragment(AGREEMENT_FRAGMENT), [newAgreementItem({ title: 'Phones', text: 'Open phones.' })]);
    return doc;
  };

  it('changes with any edit, even one that leaves the items as they were', () => {
    const doc = seeded();
    const before = stateHash(Y.encodeStateAsUpdate(doc));
    expect(stateHash(Y.encodeStateAsUpdate(doc))).toBe(before);
    const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
    fragment.insert(fragment.length, [new Y.XmlElement('paragraph')]);
    fragment.delete(fragment.length - 1, 1);
    expect(itemsOf(Y.encodeStateAsUpdate(doc)).map((i) => [i.title, i.text])).toEqual([['Phones', 'Open phones.']]);
    expect(stateHash(Y.encodeStateAsUpdate(doc))).not.toBe(before);
  });

  it('what a document lacks of another state brings it to exactly that state', () => {
    const version = seeded();
    const agreement = new Y.Doc();
    Y.applyUpdate(agreement, Y.encodeStateAsUpdate(version));
    const fragment = version.getXmlFragment(AGREEMENT_FRAGMENT);
    writeAgreementItems(fragment, [newAgreementItem({ title: 'Late' })]);
    fragment.delete(0, 1);
    Y.applyUpdate(agreement, missingFrom(Y.encodeStateAsUpdate(agreement), Y.encodeStateAsUpdate(version)));
    expect(stateHash(Y.encodeStateAsUpdate(agreement))).toBe(stateHash(Y.encodeStateAsUpdate(version)));
    expect(itemsOf(Y.encodeStateAsUpdate(agreement)).map((i) => i.title)).toEqual(['Late']);
  });
});
