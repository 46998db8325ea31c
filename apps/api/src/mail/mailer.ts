import { BeforeApplicationShutdown, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

/** A mail as Kinship writes it: a subject, plain text, and the same in minimal HTML. */
export interface MailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Injection token: the Mailer, or null when the practice has not set SMTP_URL (then nothing is ever sent). */
export const MAILER = Symbol('MAILER');

/**
 * The one way mail leaves: nodemailer's SMTP transport for SMTP_URL, from MAIL_FROM. `sendLater`
 * sends off the request path (the caller answers at once, the same whatever happens next); a
 * failure is logged, never thrown at a person, and never names the recipient in the log.
 */
export class Mailer implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;
  /** Work begun by `later` and not yet settled: tests and shutdown wait for it. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl, { disableFileAccess: true, disableUrlAccess: true });
  }

  /** Sends one mail now; rejects when the server refuses it. */
  async send(to: string, message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      // Automatic mail: no out-of-office replies to it.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  /** Runs `work` (which usually ends in `send`) after the current request has been answered; a failure is logged. */
  later(what: string, work: () => Promise<void>): void {
    const job = new Promise<void>((done) => setImmediate(done))
      .then(work)
      .catch((error: unknown) => this.logger.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  /** Resolves once everything begun with `later` has been sent or has failed. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Work begun before shutdown finishes while the database is still open. */
  beforeApplicationShutdown(): Promise<void> {
    return this.settled();
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
