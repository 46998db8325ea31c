import { sentenceFor } from './forms';

describe('error messages next to a field', () => {
  it('read as a sentence about the field', () => {
    expect(sentenceFor('Password', 'must be at least 10 characters')).toBe('Password must be at least 10 characters.');
    expect(sentenceFor('Email', 'email must be an email address')).toBe('Email must be an email address.');
    expect(sentenceFor('Title', 'This title is taken.')).toBe('This title is taken.');
  });
});
