import { DocumentView } from '@kinship/domain/wire';
import { AgreementItem, AgreementVersionView, ProposalView } from '@kinship/domain/agreements';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { item, writeItems } from '../../test/support/agreement-client';
import type { HttpClient } from '../../test/support/http-client';

describe('agreements: a version exported as Markdown', () => {
  let app: TestApp;
  let c: Couple;
  let alexId: string;
  let blakeId: string;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
    alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    blakeId = (await c.partnerB.get<{ id: string }>('/api/me')).body.id;
  });
  afterAll(() => app.close());

  /** The raw response: the export is a file, not JSON. */
  async function download(who: HttpClient, agreementId: string, number: number | string) {
    const res = await fetch(`${app.url}/api/agreements/${agreementId}/versions/${number}/export.md`, { headers: who.cookie ? { cookie: who.cookie } : {} });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** An agreement with version 1 in force: Alex writes and proposes the draft, both accept. */
  async function inForce(title: string, items: AgreementItem[]): Promise<DocumentView> {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', title);
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    const first = (await c.partnerA.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    for (const partner of [c.partnerA, c.partnerB]) {
      expect((await partner.post<ProposalView>(`/api/agreements/${agreement.id}/proposals/${first.id}/accept`, {})).status).toBe(200);
    }
    return agreement;
  }

  it('holds the title, the version and when it came into force, who proposed and who accepted it when, and the numbered items by name', async () => {
    const items = [item('Phones at dinner', 'Phones stay in the hall.\nBoth of us.'), item('Late nights', 'Text when later than 7.', '')];
    items[1]!.binds = blakeId;
    const agreement = await inForce('Phones and trust', items);
    const version = (await c.partnerA.get<AgreementVersionView>(`/api/agreements/${agreement.id}/versions/1`)).body;

    const res = await download(c.partnerB, agreement.id, 1);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Phones and trust v1.md"; filename*=UTF-8''Phones%20and%20trust%20v1.md`);
    const lines = res.text.split('\n');
    expect(lines[0]).toBe('# Phones and trust');
    expect(res.text).toMatch(/^Version 1, in force since \d{1,2} \w+ \d{4}, \d\d:\d\d UTC$/m);
    expect(res.text).toContain('Proposed by Alex');
    for (const a of version.acceptedBy) {
      const at = new Date(a.at);
      expect(res.text).toMatch(new RegExp(`^- ${a.name}, ${at.getUTCDate()} \\w+ ${at.getUTCFullYear()}, \\d\\d:\\d\\d UTC$`, 'm'));
    }
    expect(version.acceptedBy.map((a) => a.name).sort()).toEqual(['Alex', 'Blake']);
    expect(lines.filter((l) => l.startsWith('### '))).toEqual(['### 1\\. Phones at dinner', '### 2\\. Late nights']);
    expect(res.text).toContain('Binds: Both partners');
    expect(res.text).toContain('Binds: Blake');
    expect(res.text).toContain('Phones stay in the hall.\n\nBoth of us.');
    expect(alexId).not.toBe(blakeId);
  });

  it('a hostile title and hostile item text come out as words, never as Markdown structure or HTML, and the file name stays one safe header', async () => {
    const title = '<img src=x onerror=alert(1)> # "evil"; name=..\\..\\x';
    const hostileText = ['# Not a heading', '- not a list', '2. not numbered', '> not a quote', '```', '<script>alert(1)</script>', '[link](javascript:alert(1))', '**bold** _em_ `code`'].join('\n');
    const items = [item('## [Click](http://evil.example) <b>me</b>', hostileText), item('- `retired`', '1) nothing')];
    items[1]!.status = 'retired';
    const agreement = await inForce(title, items);

    const res = await download(c.partnerA, agreement.id, 1);
    expect(res.status).toBe(200);
    const md = res.text;
    // Our structure only: one title line, two acceptances, one "Items" heading, one heading per item.
    const structure = md.split('\n').filter((l) => /^(\s{4}|\s*([#>|<`~=+*-]|\d+[.)]))/.test(l));
    expect(structure).toEqual([
      '# \\<img src\\=x onerror\\=alert(1)\\> \\# "evil"; name\\=..\\\\..\\\\x',
      expect.stringMatching(/^- Alex, /),
      expect.stringMatching(/^- Blake, /),
      '## Items',
      '### 1\\. \\#\\# \\[Click\\](http://evil.example) \\<b\\>me\\</b\\>',
      '### 2\\. \\- \\`retired\\` (retired)',
      '*Retired: this item no longer binds anyone.*',
    ]);
    expect(md).not.toMatch(/(^|[^\\])[<[`]/);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('1\\) nothing');

    const disposition = res.headers.get('content-disposition')!;
    expect(disposition.match(/"/g)).toHaveLength(2);
    expect(disposition).toMatch(/^attachment; filename="[^"\\;]* v1\.md"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`<img src=x onerror=alert(1)> # "evil"; name=..-..-x v1.md`);
  });

  it('only members who may read the agreement get it: the counselor reads it; a stranger, someone signed out and a missing version do not', async () => {
    const agreement = await inForce('Evenings', [item('Evenings', 'We eat together.')]);
    expect((await download(c.counselor, agreement.id, 1)).status).toBe(200);
    expect((await download(c.stranger, agreement.id, 1)).status).toBe(404);
    expect((await download(new (c.partnerA.constructor as new (u: string) => HttpClient)(app.url), agreement.id, 1)).status).toBe(401);
    expect((await download(c.partnerA, agreement.id, 2)).status).toBe(404);
    expect((await download(c.partnerA, agreement.id, 'x')).status).toBe(404);
    // A document that is not an agreement has no versions to export (a shared document, or a counselor's note).
    const note = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', 'Session notes');
    expect((await download(c.counselor, note.id, 1)).status).toBe(404);
    // A partner may not even open the counselor's note: refused before any version is looked up.
    expect((await download(c.partnerA, note.id, 1)).status).toBe(403);
  });
});
