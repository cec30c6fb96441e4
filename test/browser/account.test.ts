import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, shooter, signIn } from './support/browser.js';

/** RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
function totpAt(secretBase32: string, t: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 1000 / 30)));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1]! & 0xf;
  return String((((h[o]! & 0x7f) << 24) | (h[o + 1]! << 16) | (h[o + 2]! << 8) | h[o + 3]!) % 1_000_000).padStart(6, '0');
}

// The office's own account screen (user menu → 账户与安全): sessions, and turning on the one-time code, then
// signing in with it. The built web app runs under the platform's Content-Security-Policy: no violations allowed.
describe('account and security screen', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'account');
  const cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('enrols a one-time code from the user menu and signs in with it', async () => {
    ({ page } = await newPage(browser));
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    await signIn(page, server.url, 'office', DEMO_PASSWORD);
    await page.getByRole('button', { name: 'office' }).click();
    await page.getByRole('menuitem', { name: '账户与安全' }).click();
    await page.getByRole('heading', { name: '账户与安全' }).first().waitFor();
    await page.getByText('当前会话').waitFor();

    await page.getByRole('button', { name: '启用动态验证码' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.locator('canvas').first().waitFor(); // the QR code
    await shot('enrol');
    const t0 = Date.now();
    await page.getByLabel('6 位动态码').fill(totpAt(secret, t0));
    await page.getByRole('button', { name: '确认启用' }).click();
    const codes = (await page.getByTestId('recovery-codes').innerText()).trim().split('\n');
    expect(codes).toHaveLength(10);
    await shot('recovery');
    await page.getByRole('button', { name: '我已保存' }).click();
    await page.getByText('已启用', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'office' }).click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('office');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByLabel('动态验证码').fill(totpAt(secret, t0 + 30_000)); // the next step: the first was used
    expect(await page.getByRole('button', { name: /登\s*录/ }).isEnabled()).toBe(true);
    await shot('login-totp');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('我的待办').waitFor();
    expect(cspViolations).toEqual([]);
  });
});
