import { seedDemo } from '../demo/seed.js';
import { ADMIN_PASSWORD, startTestPlatform } from './platform.js';

/** A listening platform on a free loopback port (browser tests), with the demo organisations seeded. */
export async function startTestServer(opts: { demo?: boolean } = {}): Promise<{ url: string; adminPassword: string; close(): Promise<void> }> {
  const platform = await startTestPlatform({ host: '127.0.0.1', port: 0 });
  if (opts.demo ?? true) await seedDemo(platform.ctx);
  const address = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, adminPassword: ADMIN_PASSWORD, close: () => platform.close() };
}
