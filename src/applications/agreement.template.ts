import { digestHex, type HashAlg } from '../crypto/hash.js';
import { stricter } from '../exchange/access.rules.js';
import type { ResourceBody } from '../catalog/model.js';

/**
 * The security agreement of Art. 30, as data: parties, resource, items with their masks, purpose, period and the
 * obligations of Art. 24, 25, 29, 30 and 39. Its canonical JSON is what the digest covers and the platform seals;
 * the PDF is a rendering of it (src/applications/agreement.pdf.ts).
 */
export interface AgreementContent {
  title: string;
  number: string;
  applicationId: string;
  provider: { id: string; name: string; code: string };
  consumer: { id: string; name: string; code: string };
  resource: { code: string; name: string; version: number };
  items: Array<{ name: string; mask: string | null }>;
  methods: string[];
  purpose: string;
  legalBasis: string;
  expectedVolume: string | null;
  system: { credentialId: string; name: string } | null;
  /** The approval's per-request record limit; absent when none was set (older agreements keep their digest). */
  maxRecords?: number;
  period: { from: string; until: string };
  clauses: Array<{ title: string; text: string; basis: string }>;
  issuer: string;
  approvedOn: string;
}

export const METHOD_LABELS: Record<string, string> = { query: '库表查询', export: '批量导出', compare: '数据比对（数据不落地）', api: '接口调用' };

export const MASK_LABELS: Record<string, string> = {
  id_number: '身份证号脱敏（保留前6位和后4位）', phone: '电话号码脱敏（保留前3位和后4位）', name: '姓名脱敏（保留首字）',
  hash: '哈希处理', year_only: '仅保留年份', null: '不提供（置空）',
};

export function maskLabel(mask: string | null): string {
  if (!mask) return '不脱敏';
  const keep = /^keep:(\d+),(\d+)$/.exec(mask);
  if (keep) return `保留前${keep[1]}位和后${keep[2]}位`;
  return MASK_LABELS[mask] ?? mask;
}

export const CLAUSES: AgreementContent['clauses'] = [
  { title: '使用责任', basis: '第二十九条', text: '乙方按照“谁经手，谁使用，谁管理，谁负责”原则，按照履行职责需要，依法依规合理使用共享信息，仅用于本协议约定的用途，并对使用过程中的数据安全负责。' },
  { title: '保密与隐私保护', basis: '第三十条', text: '双方在共享过程中充分保护工作秘密、商业秘密及个人隐私；乙方指定专人负责共享数据的安全管理，出现安全问题时及时向信息安全主管部门报告。' },
  { title: '禁止行为', basis: '第三十九条第（四）、（五）项', text: '乙方不得将共享信息用于本部门履行职责需要以外的用途，不得擅自转让给第三方，不得利用共享信息开展经营性活动；应防止共享信息被滥用、非授权使用、未经许可扩散或泄漏。' },
  { title: '数据质量', basis: '第二十八条、第二十四条', text: '甲方按照“谁主管，谁提供，谁负责”原则，确保所提供信息真实、合法、有效；乙方发现信息有疑义或明显错误的，在发现问题5个工作日内反馈甲方校核，甲方在10个工作日内处理和回复。' },
  { title: '交换与留痕', basis: '第二十三条、第三十三条', text: '共享通过共享平台和甲方的数据服务节点进行，比对方式遵循“数据不落地”原则；共享平台记录共享、查询、比对、下载等日志，日志保留不少于2年，下载文件带有可追溯水印。' },
  { title: '期限、暂停与撤销', basis: '第二十三条', text: '授权自双方签署之日起、在约定使用期限内有效，期满自动终止，需要继续使用的应在期满前重新提出申请；乙方违反本协议的，甲方或管理机构可暂停或撤销授权。' },
  { title: '争议解决', basis: '第二十五条', text: '因本协议发生争议的，由双方协商解决；协商未果的，由本级政务信息资源共享工作管理机构协调解决；必要时由领导小组最终裁定。' },
];

export interface AgreementInput {
  applicationId: string;
  provider: { id: string; name: string; code: string };
  consumer: { id: string; name: string; code: string };
  resource: { code: string; version: number; body: ResourceBody };
  items: string[];
  masks: Record<string, string>;
  methods: string[];
  purpose: string;
  legalBasis: string;
  expectedVolume: string | null;
  system: { credentialId: string; name: string } | null;
  maxRecords?: number | null | undefined;
  period: { from: string; until: string };
  issuer: string;
  approvedOn: string;
}

export function agreementContent(i: AgreementInput): AgreementContent {
  const catalogMask = new Map(i.resource.body.items.map((it) => [it.name, it.mask]));
  return {
    title: '政务信息资源共享安全协议',
    number: `GSXY-${i.approvedOn.replaceAll('-', '')}-${i.applicationId.slice(0, 8).toUpperCase()}`,
    applicationId: i.applicationId,
    provider: i.provider,
    consumer: i.consumer,
    resource: { code: i.resource.code, name: i.resource.body.name, version: i.resource.version },
    items: i.items.map((name) => ({ name, mask: stricter(catalogMask.get(name), i.masks[name]) ?? null })),
    methods: i.methods,
    purpose: i.purpose,
    legalBasis: i.legalBasis,
    expectedVolume: i.expectedVolume,
    system: i.system,
    ...(i.maxRecords ? { maxRecords: i.maxRecords } : {}),
    period: i.period,
    clauses: CLAUSES,
    issuer: i.issuer,
    approvedOn: i.approvedOn,
  };
}

/** JSON with object keys sorted at every level: the same content always gives the same bytes and digest. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function agreementDigest(alg: HashAlg, content: AgreementContent): string {
  return digestHex(alg, canonicalJson(content));
}

/** What the platform seals for one party's signature: the agreement digest bound to who signed, for whom, when. */
export function signatureMessage(digest: string, party: 'consumer' | 'provider', signedBy: string, userId: string | null, signedAt: string): string {
  return canonicalJson({ digest, party, signedBy, userId, signedAt });
}
