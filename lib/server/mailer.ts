import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { dataDirectory, siteUrl } from './env';

export type Mail = { to: string; subject: string; text: string; html: string; headers?: Record<string, string> };

export type Delivery = { via: 'smtp' } | { via: 'outbox'; file: string };

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? `Quire <no-reply@${new URL(siteUrl()).hostname}>`;
}

/** The folder where mail is written when no SMTP server is configured. */
export function outboxDirectory(): string {
  return process.env.MAIL_OUTBOX ?? join(/* turbopackIgnore: true */ dataDirectory(), 'outbox');
}

/**
 * Sends a mail over SMTP when SMTP_URL is set; otherwise writes it as an .eml file into the outbox,
 * so the embedded default works offline and a person (or a test) can open it.
 */
export async function sendMail(mail: Mail): Promise<Delivery> {
  const message = { from: mailFrom(), ...mail };
  const smtp = process.env.SMTP_URL;
  if (smtp) {
    await nodemailer.createTransport(smtp).sendMail(message);
    return { via: 'smtp' };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await transport.sendMail({ ...message, textEncoding: 'base64' });
  const folder = outboxDirectory();
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
  writeFileSync(file, info.message as Buffer, { mode: 0o600 });
  return { via: 'outbox', file };
}
