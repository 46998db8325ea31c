import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail as the test server received and mailparser read it. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Every header line as sent, for asserting what they hold. */
  headerLines: string;
  /** The whole message as it arrived (headers and body, before decoding). */
  raw: string;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));

/**
 * A real SMTP server on a free loopback port (smtp-server), keeping every mail it receives parsed
 * by mailparser: the API under test sends to it through SMTP_URL. No TLS and no login, as a
 * practice's relay on the same host might be.
 */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private readonly waiting = new Set<() => void>();
  private server!: SMTPServer;
  port = 0;

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    inbox.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              inbox.mails.push({
                to: addresses(parsed.to),
                from: addresses(parsed.from)[0] ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                headerLines: parsed.headerLines.map((h) => h.line).join('\n'),
                raw: raw.toString('utf8'),
              });
              for (const wake of inbox.waiting) wake();
              done();
            },
            (error: Error) => done(error),
          );
        });
      },
    });
    await new Promise<void>((listening) => inbox.server.listen(0, '127.0.0.1', () => listening()));
    inbox.port = (inbox.server.server.address() as AddressInfo).port;
    return inbox;
  }

  /** SMTP_URL for the API under test. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Mails received for this address so far. */
  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits for the `count`th mail to this address (the first by default); fails after `timeoutMs`. */
  async next(address: string, count = 1, timeoutMs = 5000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No mail #${count} for ${address} within ${timeoutMs} ms (${this.to(address).length} arrived)`);
      await new Promise<void>((woken) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          woken();
        };
        const timer = setTimeout(wake, left);
        this.waiting.add(wake);
      });
    }
    return this.to(address)[count - 1]!;
  }

  close(): Promise<void> {
    return new Promise((closed) => this.server.close(() => closed()));
  }
}

/** The one link a Kinship mail holds (in its text), as a path on the app. */
export function linkIn(mail: ReceivedMail): URL {
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  if (links.length !== 1) throw new Error(`Expected one link in the mail, found ${links.length}: ${mail.text}`);
  return new URL(links[0]!);
}
