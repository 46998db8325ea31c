import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));

/**
 * A real SMTP server on a free loopback port (smtp-server) for an API process started with
 * SMTP_URL=inbox.url; each mail parsed by mailparser. No TLS, no login.
 */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private server!: SMTPServer;
  private port = 0;

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    inbox.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, done) {
        simpleParser(stream).then(
          (parsed) => {
            inbox.mails.push({ to: addresses(parsed.to), subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' });
            done();
          },
          (error: Error) => done(error),
        );
      },
    });
    await new Promise<void>((listening) => inbox.server.listen(0, '127.0.0.1', () => listening()));
    inbox.port = (inbox.server.server.address() as AddressInfo).port;
    return inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first mail to this address, once it has arrived (within `timeoutMs`). */
  async mailTo(address: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = this.mails.find((m) => m.to.includes(address.toLowerCase()));
      if (mail) return mail;
      if (Date.now() > deadline) throw new Error(`No mail for ${address} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): Promise<void> {
    return new Promise((closed) => this.server.close(() => closed()));
  }
}
