import type { AgreementVersionView } from './agreement-wire';
import { agreementVersionMarkdown, escapeMarkdownBlock, escapeMarkdownInline, markdownAttachmentDisposition } from './agreement-markdown';

const alex = { accountId: '00000000-0000-4000-8000-00000000000a', name: 'Alex' };
const blake = { accountId: '00000000-0000-4000-8000-00000000000b', name: 'Blake' };

const version = (items: AgreementVersionView['items'], names = { a: alex.name, b: blake.name }): AgreementVersionView => ({
  number: 2,
  items,
  proposedBy: { ...alex, name: names.a },
  acceptedBy: [
    { ...alex, name: names.a, at: '2026-11-25T20:01:00.000Z' },
    { ...blake, name: names.b, at: '2026-11-25T21:04:30.000Z' },
  ],
  inForceAt: '2026-11-25T21:04:30.000Z',
  proposalId: 'p',
});

/** A line is "structure" when it starts like a heading, list, quote, fence, table or HTML block. */
const structuralLines = (md: string) => md.split('\n').filter((l) => /^(\s{4}|\s*([#>|<`~=+*-]|\d+[.)]))/.test(l));

/** Unescaped Markdown-active characters in a piece of exported text (and a list or numbered list's start). */
const unescaped = (s: string) => [...(s.replace(/\\[!-/:-@[-`{-~]/g, '').match(/[\\`*_[\]<>&|~#$=^{}+]/g) ?? []), ...(/^([-:]|\d+[.)])/.test(s) ? [s[0]] : [])];

describe('agreementVersionMarkdown: a version as a kept Markdown record', () => {
  it('names the agreement, the version, when it came into force, who proposed it and who accepted it when, then the numbered items', () => {
    const md = agreementVersionMarkdown({
      title: 'Phones and trust',
      names: new Map([[blake.accountId, 'Blake']]),
      version: version([
        { id: '1', title: 'Phones at dinner', text: 'Phones stay in the hall.\nBoth of us.', binds: 'both', status: 'active' },
        { id: '2', title: 'Late nights', text: 'Text when later than 7', binds: blake.accountId, status: 'retired' },
      ]),
    });
    expect(md).toBe(
      [
        '# Phones and trust',
        '',
        'Version 2, in force since 25 November 2026, 21:04 UTC',
        '',
        'Proposed by Alex',
        '',
        'Accepted by:',
        '',
        '- Alex, 25 November 2026, 20:01 UTC',
        '- Blake, 25 November 2026, 21:04 UTC',
        '',
        '## Items',
        '',
        '### 1\\. Phones at dinner',
        '',
        'Binds: Both partners',
        '',
        'Phones stay in the hall.',
        '',
        'Both of us.',
        '',
        '### 2\\. Late nights (retired)',
        '',
        '*Retired: this item no longer binds anyone.*',
        '',
        'Binds: Blake',
        '',
        'Text when later than 7',
        '',
      ].join('\n'),
    );
  });

  it('a hostile title, item or name cannot make a heading, list, quote, link, image, code, table or HTML', () => {
    const hostile = [
      '# Fake heading',
      '- fake list',
      '1. fake numbered',
      '> fake quote',
      '```js',
      '    indented code',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '![img](http://evil/x.png)',
      '**bold** _em_ `code` ~~strike~~',
      '| a | b |',
      '---',
      '===',
      '&lt;b&gt; &#60;',
      '<!-- comment -->',
      '\\[escaped\\]',
    ];
    const text = hostile.join('\n');
    const md = agreementVersionMarkdown({
      title: hostile.join(' '),
      names: {},
      version: version(
        hostile.map((h, i) => ({ id: String(i), title: h, text, binds: 'both', status: 'active' as const })),
        { a: '<b>Alex</b>', b: '[Blake](http://x)' },
      ),
    });
    // The only structure is our own: one title, the acceptances list, the items heading and one heading per item.
    const ours = structuralLines(md);
    expect(ours.filter((l) => l.startsWith('# '))).toHaveLength(1);
    expect(ours.filter((l) => l.startsWith('## '))).toEqual(['## Items']);
    expect(ours.filter((l) => l.startsWith('### '))).toHaveLength(hostile.length);
    expect(ours.filter((l) => l.startsWith('- '))).toHaveLength(2);
    expect(ours.filter((l) => !/^(#{1,3} |- )/.test(l))).toEqual([]);
    // Every line's people-written part has each Markdown-active character escaped.
    for (const line of md.split('\n')) {
      const words = line.replace(/^(#{1,3} (\d+\\\. )?|- |Binds: |Proposed by |Version \d+, in force since )/, '').replace(/ \(retired\)$/, '').replace(/(, )?\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/, '');
      if (line === '*Retired: this item no longer binds anyone.*' || line === 'Accepted by:') continue;
      expect({ line, unescaped: unescaped(words) }).toEqual({ line, unescaped: [] });
    }
    expect(md).not.toMatch(/(^|[^\\])</);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\\\\\[escaped\\\\\\]');
  });

  it('escapes what Markdown acts on and leaves everyday punctuation, folds white space, drops control characters', () => {
    expect(escapeMarkdownInline('Counselor suggestion: phones stay (mostly) in the hall. OK?')).toBe('Counselor suggestion: phones stay (mostly) in the hall. OK?');
    expect(escapeMarkdownInline('![img](x) and [link](y)')).toBe('!\\[img\\](x) and \\[link\\](y)');
    expect(escapeMarkdownInline('2) two')).toBe('2\\) two');
    expect(escapeMarkdownInline(': definition')).toBe('\\: definition');
    expect(escapeMarkdownInline('  -  a\tb\u0000c\u001b[31m ')).toBe('\\- a bc\\[31m');
    expect(escapeMarkdownInline('1. x')).toBe('1\\. x');
    expect(escapeMarkdownInline('a\nb\u2028c')).toBe('a b c');
    expect(escapeMarkdownBlock('one\n\n\n    two\r\nthree')).toBe('one\n\ntwo\n\nthree');
  });
});

describe('markdownAttachmentDisposition: the file name of an export', () => {
  it('is "<title> v<number>.md", with an ASCII fallback and the exact name encoded', () => {
    expect(markdownAttachmentDisposition('Phones and trust', 2)).toBe(`attachment; filename="Phones and trust v2.md"; filename*=UTF-8''Phones%20and%20trust%20v2.md`);
    expect(markdownAttachmentDisposition('Café “ours”', 1)).toBe(`attachment; filename="Caf_ _ours_ v1.md"; filename*=UTF-8''Caf%C3%A9%20%E2%80%9Cours%E2%80%9D%20v1.md`);
  });

  it('a hostile title cannot break out of the header or name another path', () => {
    const value = markdownAttachmentDisposition('a"; filename=evil.exe\r\nSet-Cookie: x=1 ../../etc/passwd', 3);
    expect(value).not.toMatch(/[\r\n]/);
    expect(value.match(/"/g)).toHaveLength(2);
    expect(value).toBe(
      `attachment; filename="a__ filename=evil.exe Set-Cookie: x=1 ..-..-etc-passwd v3.md"; filename*=UTF-8''a%22%3B%20filename%3Devil.exe%20Set-Cookie%3A%20x%3D1%20..-..-etc-passwd%20v3.md`,
    );
    expect(markdownAttachmentDisposition('   ', 1)).toBe(`attachment; filename="Agreement v1.md"; filename*=UTF-8''Agreement%20v1.md`);
  });
});
