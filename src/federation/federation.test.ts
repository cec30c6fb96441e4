import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingSuite } from '../crypto/suite.js';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { connectToParent } from './client.js';
import { signCall } from './signed-call.js';

// Federation, connection (SPEC C8; issue 9 item 1): a province platform listening on loopback and a city platform
// (成都, 510100) that connects to it with its key; the province office compares fingerprints and approves; every
// platform-to-platform call is signed both ways; forgeries, replays, skewed clocks and a suspended city are refused.
let province: TestPlatform;
let city: TestPlatform;
let provinceUrl: string;
const H: Record<string, { authorization: string }> = {};
const PATH = '/api/v1/federation/connect';

async function rawConnect(body: object, headers: Record<string, string>) {
  const res = await request(`${provinceUrl}${PATH}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.statusCode, json: (await res.body.json()) as { error?: { code: string }; platform?: { status: string } } };
}

beforeAll(async () => {
  province = await startTestPlatform();
  await seedDemo(province.ctx);
  provinceUrl = (await province.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  H.office = await province.login('office', DEMO_PASSWORD);
  H.cdOffice = await province.login('cd_office', DEMO_PASSWORD);
  city = await startTestPlatform({}, { GOVSHARE_LEVEL: 'city', GOVSHARE_REGION: '510100', GOVSHARE_PARENT_URL: provinceUrl, GOVSHARE_PLATFORM_NAME: '成都市政务信息资源共享平台', GOVSHARE_PUBLIC_URL: 'http://127.0.0.1:18101' });
  H.cityAdmin = await city.login('admin');
}, 120_000);

afterAll(async () => {
  await city?.close();
  await province?.close();
});

const platforms = async () => (await province.app.inject({ url: '/api/v1/platforms', headers: H.office! })).json().items as Array<{ id: string; regionCode: string; status: string; fingerprint: string }>;

describe('federation: connecting a city platform', () => {
  it('a city asks to connect; the province office sees it pending with the fingerprint the city shows', async () => {
    const s = await connectToParent(city.ctx);
    expect(s).toMatchObject({ status: 'pending', lastError: null });
    const cityKey = (await city.app.inject({ url: '/api/v1/federation/key' })).json();
    const [p] = (await platforms()).filter((x) => x.regionCode === '510100');
    expect(p).toMatchObject({ status: 'pending', fingerprint: cityKey.fingerprint });
    // The city pinned the province key at first contact; the operators compare it with the province's own.
    const provinceKey = (await province.app.inject({ url: '/api/v1/federation/key' })).json();
    const parent = (await city.app.inject({ url: '/api/v1/federation/parent', headers: H.cityAdmin! })).json();
    expect(parent.state.fingerprint).toBe(provinceKey.fingerprint);
  });

  it('only the province office approves; then the city is active on both sides', async () => {
    const [p] = (await platforms()).filter((x) => x.regionCode === '510100');
    const byCity = await province.app.inject({ method: 'POST', url: `/api/v1/platforms/${p!.id}/approve`, headers: H.cdOffice!, payload: {} });
    expect(byCity.statusCode).toBe(404);
    const ok = await province.app.inject({ method: 'POST', url: `/api/v1/platforms/${p!.id}/approve`, headers: H.office!, payload: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('active');
    expect((await connectToParent(city.ctx)).status).toBe('active');
    const events = (await province.app.inject({ url: '/api/v1/audit/events?action=platform.approve', headers: H.office! })).json().items;
    expect(events[0]).toMatchObject({ actorName: 'office', objectId: p!.id });
  });

  it('refuses a forged key, a replayed call and a skewed clock, and tolerates a small skew', async () => {
    const body = { regionCode: '510100', name: 'x', url: 'http://127.0.0.1:1', publicKey: city.ctx.keys.publicPem };
    // Another key claiming to be 成都 (its own request verifies, but the pinned key differs).
    const other = signingSuite('intl').generateKeyPair();
    const forger = { ...city.ctx.keys, key: signingSuite('intl').privateKey(other.privatePem), publicPem: other.publicPem };
    const forged = await rawConnect({ ...body, publicKey: other.publicPem }, signCall(forger, '510100', 'POST', PATH, JSON.stringify({ ...body, publicKey: other.publicPem })));
    expect(forged.status).toBe(409);
    expect(forged.json.error?.code).toBe('PLATFORM_KEY_MISMATCH');
    // The right key claimed, but signed by another: the signature does not verify.
    const wrongSig = await rawConnect(body, signCall(forger, '510100', 'POST', PATH, JSON.stringify(body)));
    expect(wrongSig.json.error?.code).toBe('PLATFORM_SIGNATURE_INVALID');
    // Replay: the same signed request twice.
    const headers = signCall(city.ctx.keys, '510100', 'POST', PATH, JSON.stringify(body));
    expect((await rawConnect(body, headers)).status).toBe(200);
    const replay = await rawConnect(body, headers);
    expect(replay.json.error?.code).toBe('PLATFORM_CALL_REPLAYED');
    // Clocks: 2 minutes apart is tolerated, 10 minutes is not.
    expect((await rawConnect(body, signCall(city.ctx.keys, '510100', 'POST', PATH, JSON.stringify(body), new Date(Date.now() - 120_000)))).status).toBe(200);
    const skewed = await rawConnect(body, signCall(city.ctx.keys, '510100', 'POST', PATH, JSON.stringify(body), new Date(Date.now() - 600_000)));
    expect(skewed.json.error?.code).toBe('PLATFORM_CLOCK_SKEW');
    // A tampered body under a valid signature.
    const h2 = signCall(city.ctx.keys, '510100', 'POST', PATH, JSON.stringify(body));
    expect((await rawConnect({ ...body, url: 'http://evil.example' }, h2)).json.error?.code).toBe('PLATFORM_SIGNATURE_INVALID');
    // Unsigned.
    expect((await rawConnect(body, {})).json.error?.code).toBe('PLATFORM_SIGNATURE_MISSING');
  });

  it('suspension needs a reason and reaches the city; resuming restores it', async () => {
    const [p] = (await platforms()).filter((x) => x.regionCode === '510100');
    const noReason = await province.app.inject({ method: 'POST', url: `/api/v1/platforms/${p!.id}/suspend`, headers: H.office!, payload: {} });
    expect(noReason.json().error.code).toBe('REASON_REQUIRED');
    expect((await province.app.inject({ method: 'POST', url: `/api/v1/platforms/${p!.id}/suspend`, headers: H.office!, payload: { reason: '安全检查' } })).statusCode).toBe(200);
    expect(await connectToParent(city.ctx)).toMatchObject({ status: 'suspended', statusReason: '安全检查' });
    expect((await province.app.inject({ method: 'POST', url: `/api/v1/platforms/${p!.id}/resume`, headers: H.office!, payload: {} })).statusCode).toBe(200);
    expect((await connectToParent(city.ctx)).status).toBe('active');
  });

  it('a city platform does not accept connections, and an unreachable province is a clear state, not a crash', async () => {
    const body = { regionCode: '510104', name: 'x', url: 'http://127.0.0.1:1', publicKey: city.ctx.keys.publicPem };
    const res = await city.app.inject({ method: 'POST', url: PATH, payload: body, headers: signCall(city.ctx.keys, '510104', 'POST', PATH, JSON.stringify(body)) });
    expect(res.json().error.code).toBe('NOT_A_PROVINCE_PLATFORM');
    await province.app.close();
    const s = await connectToParent(city.ctx);
    expect(s.status).toBe('unreachable');
    expect(s.lastError).toBeTruthy();
    expect((await city.app.inject({ url: '/api/v1/federation/parent', headers: H.cityAdmin! })).json().state.status).toBe('unreachable');
  });
});
