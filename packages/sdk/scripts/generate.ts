// Regenerates src/schema.ts from the platform's OpenAPI document: `npm run generate -w @govshare/sdk` (from the
// repository root). The document is the one a running platform serves at /openapi.json, taken from a platform
// built in memory, so no server or database is needed.
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/database.js';
import { openPlatform } from '../../../src/platform.js';

const out = path.join(import.meta.dirname, '..', 'src', 'schema.ts');
const config = loadConfig({ GOVSHARE_ADMIN_PASSWORD: 'Generate@2026', GOVSHARE_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), LOG_LEVEL: 'silent' });
const platform = await openPlatform(config, { handle: await openDatabase({ dataDir: 'memory://' }), logger: false });
try {
  await platform.app.ready();
  const doc = platform.app.swagger() as Parameters<typeof openapiTS>[0];
  const ast = await openapiTS(doc, { alphabetize: true });
  const header = '// Generated from the platform\'s /openapi.json by scripts/generate.ts: do not edit by hand.\n';
  fs.writeFileSync(out, header + astToString(ast));
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
} finally {
  await platform.close();
}
