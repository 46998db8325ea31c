import { pathSegment } from './zip-writer';

/** A document's title becomes one path segment of the zip: never a way out of its folder, nor a disguise. */
describe('zip entry names', () => {
  it('keep a title to one segment: no slashes, no leading dots, no control characters', () => {
    expect(pathSegment('../../etc/passwd', 'Untitled')).not.toMatch(/\/|^\./);
    expect(pathSegment('..', 'Untitled')).toBe('Untitled');
    expect(pathSegment('a\u0000b\u001bc', 'Untitled')).toBe('abc');
  });

  it('drop invisible format characters, so a right-to-left override cannot show "txt.exe" as "exe.txt"', () => {
    expect(pathSegment('report\u202Etxt.exe', 'Untitled')).toBe('reporttxt.exe');
    expect(pathSegment('zero\u200Bwidth\u2066isolate\u2069', 'Untitled')).toBe('zerowidthisolate');
    expect(pathSegment('\u202E', 'Untitled')).toBe('Untitled');
  });
});
