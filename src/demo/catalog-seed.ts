import { DEMO_NODE_RESOURCES, demoNodeId } from './ids.js';
import { bulkInsert, loadBulkDepartments, type BulkResource } from '../catalog/catalog.bulk.js';
import type { Format, Item, ShareMethod, ShareType, UpdateCycle } from '../catalog/model.js';
import type { Tx } from '../db/database.js';
import { BASE_AND_THEME, DEPARTMENT_RESOURCES } from './catalog-seed-data.js';

/**
 * Seeds the demo catalog (~300 resources) in the seed's transaction with multi-row inserts (well under 2 s on
 * PGlite). Most entries are published; some are drafts or submitted so the review screens have work.
 */
const ID_NAMES = ['公民身份号码', '身份证号', '身份证号码', '证件号码(身份证)'];
const PHONE_NAMES = ['联系电话', '手机号码', '手机号'];
const USCC_NAMES = ['统一社会信用代码', '信用代码'];
const CYCLES: UpdateCycle[] = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'other'];

/** Items of a department resource, from what its name says it is (a licence, a person's record, a statistic…). */
export function itemsFor(name: string, i: number): { items: Item[]; format: Format; methods: ShareMethod[] } {
  const id: Item = { name: ID_NAMES[i % ID_NAMES.length]!, dataType: 'C', length: 18, mask: 'id_number', sensitive: true };
  const person: Item[] = [id, { name: '姓名', dataType: 'C', length: 50, mask: 'name' }, { name: '性别', dataType: 'C', length: 1 }, { name: PHONE_NAMES[i % PHONE_NAMES.length]!, dataType: 'C', length: 20, mask: 'phone' }];
  const org: Item[] = [{ name: USCC_NAMES[i % USCC_NAMES.length]!, dataType: 'C', length: 18 }, { name: i % 2 ? '企业名称' : '单位名称', dataType: 'C', length: 200 }, { name: '法定代表人', dataType: 'C', length: 50, mask: 'name' }, { name: '住所', dataType: 'C', length: 200 }];
  const issued: Item[] = [{ name: '证书编号', dataType: 'C', length: 50 }, { name: '发证机关', dataType: 'C', length: 100 }, { name: '发证日期', dataType: 'D' }, { name: '有效期至', dataType: 'D' }];
  if (/文件|纪要|报告文件|产品文件/.test(name)) return { format: 'file', methods: ['file'], items: [{ name: '文件标题', dataType: 'C', length: 200 }, { name: '文号', dataType: 'C', length: 50 }, { name: '成文日期', dataType: 'D' }, { name: '正文', dataType: 'M' }] };
  if (/图斑|规划|路网|地质|河流|保护地|观测/.test(name)) return { format: 'database', methods: ['table', 'api'], items: [{ name: '要素编码', dataType: 'C', length: 30 }, { name: '要素名称', dataType: 'C', length: 200 }, { name: '行政区划代码', dataType: 'C', length: 12 }, { name: '空间范围', dataType: 'G' }, { name: '面积', dataType: 'F' }] };
  if (/统计|指标|年鉴|监测/.test(name)) return { format: 'spreadsheet', methods: ['table', 'file'], items: [{ name: '统计指标', dataType: 'C', length: 100 }, { name: '行政区划代码', dataType: 'C', length: 12 }, { name: '统计周期', dataType: 'C', length: 10 }, { name: '指标值', dataType: 'N', length: 18 }, { name: '计量单位', dataType: 'C', length: 20 }] };
  if (/项目|采购/.test(name)) return { format: 'database', methods: ['api'], items: [{ name: '项目代码', dataType: 'C', length: 24 }, { name: '项目名称', dataType: 'C', length: 200 }, { name: '项目单位', dataType: 'C', length: 200 }, { name: '总投资', dataType: 'Y' }, { name: '批复日期', dataType: 'D' }] };
  if (/处罚/.test(name)) return { format: 'database', methods: ['api', 'table'], items: [...org, { name: '处罚决定书文号', dataType: 'C', length: 50 }, { name: '违法行为类型', dataType: 'C', length: 100 }, { name: '处罚内容', dataType: 'M' }, { name: '处罚决定日期', dataType: 'D' }] };
  if (/营业执照/.test(name)) return { format: 'database', methods: ['api', 'compare'], items: [...org, { name: '注册资本', dataType: 'Y' }, { name: '成立日期', dataType: 'D' }, { name: '电子营业执照标识', dataType: 'C', length: 64 }, { name: '发照日期', dataType: 'D' }] };
  if (/许可|资质|备案|执照|注册证|登记信息$/.test(name) && !/人员|婚姻|户籍|驾驶人|居住证/.test(name)) return { format: 'database', methods: ['api', 'compare'], items: [...org, { name: '许可证编号', dataType: 'C', length: 50 }, { name: '许可事项', dataType: 'C', length: 500 }, ...issued.slice(1)] };
  if (/证|学籍|学历|人员|对象|户|婚姻|参保|驾驶人|军人|残疾|药师|医师|护士|导游|缴存|贷款|提取|救助|就业|信访|工单|签约|接种|出生|死亡/.test(name)) return { format: 'database', methods: ['api', 'compare'], items: [...person, { name: '出生日期', dataType: 'D' }, ...(/证/.test(name) ? issued : [{ name: '办理日期', dataType: 'D' } as Item, { name: '经办机构', dataType: 'C', length: 100 } as Item])] };
  return { format: 'database', methods: ['table', 'api'], items: [{ name: '名称', dataType: 'C', length: 200 }, { name: '类别', dataType: 'C', length: 50 }, { name: '地址', dataType: 'C', length: 200 }, { name: '行政区划代码', dataType: 'C', length: 12 }, { name: '管理单位', dataType: 'C', length: 200 }, { name: '更新时间', dataType: 'T' }] };
}

function share(i: number, name: string): { shareType: ShareType; shareConditions?: string; legalBasis?: string; open: { toPublic: boolean; conditions?: string } } {
  if (/社区矫正|信访事项|纪要|领导|负责人信息/.test(name) || i % 17 === 0) return { shareType: 'none', legalBasis: '《中华人民共和国个人信息保护法》第十三条、第二十八条；相关业务管理规定', open: { toPublic: false } };
  if (/统计|指标|年鉴|监测|景区|场馆|许可|资质|规划|预警|目录/.test(name) && i % 3 !== 1) return { shareType: 'unconditional', open: { toPublic: i % 2 === 0 } };
  return { shareType: 'conditional', shareConditions: '使用部门应依法履职需要，经提供部门审批并签订共享安全协议后使用', open: { toPublic: false } };
}

/** Work waiting for the demo's 省公安厅 editor (a draft) besides the spread below. */
const DEMO_DRAFTS = new Set(['公安监管场所基本信息', '犯罪记录查询结果信息']);

function status(i: number, name: string): BulkResource['status'] {
  if (i % 11 === 3 || DEMO_DRAFTS.has(name)) return 'draft';
  if (i % 13 === 5) return 'submitted';
  return 'published';
}

export function demoCatalog(idOf: (slug: string) => string, today = new Date()): BulkResource[] {
  const date = (i: number) => new Date(today.getTime() - (i % 400) * 86_400_000).toISOString().slice(0, 10);
  const out: BulkResource[] = BASE_AND_THEME.map((b, i) => ({
    status: 'published', publishDate: date(i * 7),
    input: {
      name: b.name, kind: b.kind, classPath: b.classPath, departmentId: idOf(b.slug), abstract: b.abstract, format: b.format ?? 'database', items: b.items,
      shareType: b.shareType ?? 'conditional', ...(b.shareType === 'unconditional' ? {} : { shareConditions: '基础信息项无条件共享；业务信息项经提供部门审批后共享' }),
      // The resources the demo nodes serve offer table access too (query console, export) and name their node.
      shareMethods: b.format === 'spreadsheet' ? ['table', 'file'] : DEMO_NODE_RESOURCES[b.name] ? ['table', 'api', 'compare'] : ['api', 'compare'],
      ...(DEMO_NODE_RESOURCES[b.name] ? { nodeId: demoNodeId(DEMO_NODE_RESOURCES[b.name]!) } : {}), open: { toPublic: b.shareType === 'unconditional' }, updateCycle: i < 5 ? 'realtime' : CYCLES[i % CYCLES.length]!,
      usageRequirements: '仅限履行法定职责使用，不得向第三方提供', contributingDepartmentIds: (b.contributors ?? []).map(idOf),
    },
  }));
  let i = 0;
  for (const [slug, names] of Object.entries(DEPARTMENT_RESOURCES)) {
    for (const name of names) {
      i++;
      const { items, format, methods } = itemsFor(name, i);
      const s = share(i, name);
      out.push({
        status: status(i, name), publishDate: date(i),
        input: {
          name, kind: 'department', departmentId: idOf(slug), abstract: `${name}，由本部门在履行职责过程中产生和维护，按目录规定提供共享。`, format, items,
          ...s, shareMethods: s.shareType === 'none' ? [] : methods, updateCycle: CYCLES[i % CYCLES.length]!,
          ...(i % 23 === 7 ? { electronic: false, digitisation: { plan: '历史纸质档案扫描录入并结构化', date: '2027-06-30' } } : {}),
        },
      });
    }
  }
  return out;
}

export async function seedCatalog(tx: Tx, idOf: (slug: string) => string, network: 'extranet' | 'intranet' = 'extranet'): Promise<number> {
  const list = demoCatalog(idOf);
  await bulkInsert(tx, await loadBulkDepartments(tx), list, network);
  return list.length;
}
