import { DomainError } from '../errors.js';
import { effectiveShareType, type ResourceBody, type ShareMethod } from '../catalog/model.js';

/**
 * Who may read what through the bus (Art. 20, 22, 23), as a pure function of the published catalog entry,
 * the consumer and its grant. The bus turns the answer into a ticket; the node enforces it again.
 */
export type ExchangeMethod = 'query' | 'compare' | 'export' | 'api';

/** Art. 23 share methods: which catalog share method each bus call needs. */
const METHOD_NEEDS: Record<ExchangeMethod, ShareMethod> = { query: 'table', export: 'table', compare: 'compare', api: 'api' };

export interface GrantView {
  id: string;
  items: string[];
  masks: Record<string, string>;
  methods: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  status: 'active' | 'suspended' | 'revoked';
  credentialId: string | null;
  maxRecords: number | null;
  /** Records compared per day under this grant (compare-guard.ts); null: the platform default. */
  dailyQuota: number | null;
}

export interface AccessRequest {
  resource: { code: string; departmentId: string; body: ResourceBody };
  consumerDepartmentId: string;
  /** The calling system credential, when a system calls (a grant may name the one system allowed to use it). */
  credentialId: string | null;
  method: ExchangeMethod;
  /** Items asked for; empty means every item the consumer may read. */
  items: string[];
  grants: GrantView[];
  today: string;
}

export interface AccessDecision {
  items: string[];
  masks: Record<string, string>;
  grantId: string; // 'unconditional' | 'own' | a grant id
  purpose: string | null;
  maxRecords: number | null;
  /** Records compared per day under this grant (compare-guard.ts); null: the platform default. */
  dailyQuota: number | null;
}

// Strictness of masks: a grant may only make a catalog mask stricter, never weaker (DESIGN.md).
function rank(mask: string | undefined | null): number {
  if (!mask) return 0;
  if (mask.startsWith('keep:')) return 1;
  return ({ name: 2, phone: 2, id_number: 2, year_only: 3, hash: 4, null: 5 } as Record<string, number>)[mask] ?? 1;
}

export function stricter(a: string | null | undefined, b: string | null | undefined): string | undefined {
  const pick = rank(b) > rank(a) ? b : a;
  return pick ?? undefined;
}

const refuse = (code: string, status: 400 | 403 | 409, zh: string, en: string, details?: Record<string, unknown>) => new DomainError(code, status, zh, en, details);

function usable(g: GrantView, req: AccessRequest): boolean {
  return g.status === 'active' && g.validFrom <= req.today && req.today <= g.validUntil && g.methods.includes(req.method)
    && (!g.credentialId || req.credentialId === null || g.credentialId === req.credentialId);
}

export function decideAccess(req: AccessRequest): AccessDecision {
  const b = req.resource.body;
  const byName = new Map(b.items.map((i) => [i.name, i]));
  const unknown = req.items.filter((n) => !byName.has(n));
  if (unknown.length > 0) throw refuse('ITEM_UNKNOWN', 400, `信息项不存在：${unknown.join('、')}`, `No such items: ${unknown.join(', ')}`, { items: unknown });
  if (!b.shareMethods.includes(METHOD_NEEDS[req.method])) {
    throw refuse('METHOD_NOT_OFFERED', 409, `该资源不提供此共享方式（需要「${METHOD_NEEDS[req.method]}」）`, `This resource is not shared by ${METHOD_NEEDS[req.method]}`);
  }
  const catalogMasks = Object.fromEntries(b.items.filter((i) => i.mask).map((i) => [i.name, i.mask!]));
  const asked = req.items.length > 0 ? req.items : b.items.map((i) => i.name);

  // A provider reading its own resource needs no grant and no masks.
  if (req.consumerDepartmentId === req.resource.departmentId) return { items: asked, masks: {}, grantId: 'own', purpose: null, maxRecords: null, dailyQuota: null };

  const open = (name: string) => effectiveShareType(b.kind, b.shareType, byName.get(name)!) === 'unconditional';
  const pick = (items: string[], masks: Record<string, string>) => Object.fromEntries(items.filter((i) => masks[i]).map((i) => [i, masks[i]!]));
  const live = b.shareType === 'conditional' ? req.grants.filter((g) => usable(g, req)) : [];
  if (req.items.length === 0) {
    // "Every item" means every item this consumer may read: the open ones plus those of its widest live grant.
    const widest = [...live].sort((x, y) => y.items.length - x.items.length)[0];
    const readable = asked.filter((n) => open(n) || widest?.items.includes(n));
    if (readable.length > 0 && readable.length < asked.length) return decideAccess({ ...req, items: readable });
  }
  if (asked.every(open)) return { items: asked, masks: pick(asked, catalogMasks), grantId: 'unconditional', purpose: null, maxRecords: null, dailyQuota: null };

  if (b.shareType === 'none') {
    throw refuse('SHARE_TYPE_NONE', 403, `该资源为不予共享类，依据：${b.legalBasis ?? '（未填写）'}`, `This resource is not shared (legal basis: ${b.legalBasis ?? 'n/a'})`);
  }
  // Conditional (Art. 23): only with an approved, signed, unexpired grant, within its items and methods.
  if (live.length === 0) {
    throw refuse('GRANT_REQUIRED', 403, '该资源为有条件共享，须先提出共享申请并获批准、签署安全协议', 'This resource is shared on conditions: apply, be approved and sign the agreement first');
  }
  const needGrant = asked.filter((n) => !open(n));
  const grant = live.find((g) => needGrant.every((n) => g.items.includes(n)));
  if (!grant) {
    const outside = needGrant.filter((n) => !live.some((g) => g.items.includes(n)));
    throw refuse('ITEM_NOT_GRANTED', 403, `以下信息项不在授权范围内：${outside.join('、')}`, `Items outside the grant: ${outside.join(', ')}`, { items: outside });
  }
  const masks: Record<string, string> = {};
  for (const n of asked) {
    const m = stricter(catalogMasks[n], grant.masks[n]);
    if (m) masks[n] = m;
  }
  return { items: asked, masks, grantId: grant.id, purpose: grant.purpose, maxRecords: grant.maxRecords, dailyQuota: grant.dailyQuota };
}
