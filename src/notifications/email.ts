import nodemailer, { type Transporter } from 'nodemailer';

/** E-mail through the configured SMTP server (GOVSHARE_SMTP_URL); one transport per URL, pooled by nodemailer. */
const transports = new Map<string, Transporter>();

export async function sendEmail(smtpUrl: string, from: string, to: string, subject: string, text: string): Promise<{ ok: boolean; error?: string }> {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, t);
  }
  try {
    await t.sendMail({ from, to, subject, text });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
