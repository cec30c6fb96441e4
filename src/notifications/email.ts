import nodemailer, { type Transporter } from 'nodemailer';

/** Where e-mail goes (Config.workflow: GOVSHARE_SMTP_URL, GOVSHARE_SMTP_USER, GOVSHARE_SMTP_PASSWORD, GOVSHARE_SMTP_FROM). */
export interface SmtpSettings {
  url: string;
  from: string;
  user?: string | undefined;
  password?: string | undefined;
}

/** One transport per server and login, pooled by nodemailer; the password lives only in this map, never in a log. */
const transports = new Map<string, Transporter>();

function transportFor(s: SmtpSettings): Transporter {
  const key = JSON.stringify([s.url, s.user ?? null, s.password ?? null]);
  let t = transports.get(key);
  if (!t) {
    const u = new URL(s.url);
    t = nodemailer.createTransport({
      host: u.hostname,
      port: u.port ? Number(u.port) : u.protocol === 'smtps:' ? 465 : 587,
      secure: u.protocol === 'smtps:',
      // A login in the settings wins over one in the URL (which stays possible for old configurations).
      ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    });
    transports.set(key, t);
  }
  return t;
}

/** Sends one plain-text mail (UTF-8: Chinese subjects and bodies are encoded by nodemailer). */
export async function sendEmail(s: SmtpSettings, to: string, subject: string, text: string): Promise<{ ok: boolean; error?: string }> {
  try {
    await transportFor(s).sendMail({ from: s.from, to, subject, text });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
