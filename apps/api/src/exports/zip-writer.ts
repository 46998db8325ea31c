import type { Writable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';

/**
 * A zip written file by file straight into a stream (an HTTP response) with fflate: one file is
 * compressed at a time and the writer waits whenever the stream asks it to (backpressure), so an
 * export of any size never sits whole in memory.
 */
export class ZipWriter {
  private readonly zip: Zip;
  private failed: Error | null = null;
  private readonly done: Promise<void>;
  private readonly paths = new Set<string>();

  constructor(private readonly out: Writable) {
    let finish!: () => void;
    let fail!: (error: Error) => void;
    this.done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    this.done.catch(() => undefined);
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failed = error;
        fail(error);
        return;
      }
      out.write(chunk);
      if (final) out.end(() => finish());
    });
    out.once('error', (error) => {
      this.failed = error;
      fail(error);
    });
    out.once('close', () => {
      if (!out.writableFinished) fail((this.failed ??= new Error('the download was closed before it finished')));
    });
  }

  /** Adds one file; a path already used gets " (2)", " (3)"… before its extension. */
  async add(path: string, content: string | Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    const file = new ZipDeflate(this.unique(path), { level: 6 });
    this.zip.add(file);
    file.push(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, true);
    if (this.out.writableNeedDrain) await new Promise<void>((resolve) => this.out.once('drain', resolve).once('close', resolve));
    if (this.failed) throw this.failed;
  }

  async addJson(path: string, value: unknown): Promise<void> {
    await this.add(path, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Writes the zip's directory and ends the stream. */
  end(): Promise<void> {
    this.zip.end();
    return this.done;
  }

  private unique(path: string): string {
    let candidate = path;
    const dot = path.lastIndexOf('.');
    const [stem, ext] = dot > path.lastIndexOf('/') ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
    for (let n = 2; this.paths.has(candidate); n++) candidate = `${stem} (${n})${ext}`;
    this.paths.add(candidate);
    return candidate;
  }
}

/** A title as one safe path segment: no slashes, dots at the start, control characters or reserved names. */
export function pathSegment(title: string, fallback: string): string {
  const clean = title
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    // Invisible format characters: a right-to-left override would show "txt.exe" as "exe.txt".
    .replace(/\p{Cf}/gu, '')
    .replace(/[\\/:*?"<>|]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80)
    .trim();
  return clean || fallback;
}
