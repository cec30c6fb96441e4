import { DomainError } from '../errors.js';
import type { ResourceBody } from '../catalog/model.js';
import type { AccessDecision } from '../exchange/access.rules.js';

/**
 * What the public may read (Art. 26), as pure functions. Opening a resource to the public is the provider's
 * decision, recorded in its catalog entry (`open.toPublic`, never for 不予共享 or 涉密 entries — catalog rules); the
 * portal then serves every item of the entry, masked as the catalog says, through the same node and bus.
 */

/** Art. 26's priority domains, in its order, with the words that place an entry in each. */
export const PRIORITY_DOMAINS = [
  { key: 'credit', zh: '信用', en: 'Credit', words: ['信用', '失信', '守信', '许可', '处罚'] },
  { key: 'transport', zh: '交通', en: 'Transport', words: ['交通', '公路', '道路', '运输', '车辆', '航空', '铁路'] },
  { key: 'medical', zh: '医疗', en: 'Medical care', words: ['医疗', '医院', '医保', '药品', '医师'] },
  { key: 'health', zh: '卫生', en: 'Health', words: ['卫生', '健康', '疾控', '接种'] },
  { key: 'employment', zh: '就业', en: 'Employment', words: ['就业', '招聘', '人才', '职业'] },
  { key: 'social_security', zh: '社保', en: 'Social security', words: ['社保', '社会保障', '养老', '参保', '救助'] },
  { key: 'geography', zh: '地理', en: 'Geography', words: ['地理', '自然资源', '测绘', '空间', '规划'] },
  { key: 'culture', zh: '文化', en: 'Culture', words: ['文化', '文物', '旅游', '景区', '场馆', '体育'] },
  { key: 'education', zh: '教育', en: 'Education', words: ['教育', '学校', '学籍', '学历', '招生'] },
] as const;

export type DomainKey = (typeof PRIORITY_DOMAINS)[number]['key'];

/** The first priority domain an entry belongs to (by its class path, name and abstract), or null. */
export function domainOf(r: { name: string; classPath?: readonly string[] | undefined; abstract?: string | undefined }): DomainKey | null {
  const text = [...(r.classPath ?? []), r.name, r.abstract ?? ''].join(' ');
  return PRIORITY_DOMAINS.find((d) => d.words.some((w) => text.includes(w)))?.key ?? null;
}

export function notOpen(): DomainError {
  // Not-open and unknown look the same to the public: the portal does not confirm that a closed resource exists.
  return new DomainError('RESOURCE_NOT_OPEN', 404, '该资源不存在或未向社会开放', 'No such resource open to the public');
}

/** The public's access decision for an open entry: every item, the catalog's masks, no grant. */
export function publicDecision(body: ResourceBody): AccessDecision {
  if (!body.open?.toPublic || body.shareType === 'none' || body.classified) throw notOpen();
  if (!body.shareMethods.includes('table')) {
    throw new DomainError('OPEN_NO_DATA_SERVICE', 409, '该开放资源不提供数据下载，请查看资源说明中的获取方式', 'This open resource offers no data download; see how to obtain it in its description');
  }
  const items = body.items.map((i) => i.name);
  const masks = Object.fromEntries(body.items.filter((i) => i.mask).map((i) => [i.name, i.mask!]));
  return { items, masks, grantId: 'open', purpose: null, maxRecords: null, dailyQuota: null };
}
