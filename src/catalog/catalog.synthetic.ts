import type { Db } from '../db/database.js';
import { analyzeCatalog, bulkInsert, loadBulkDepartments, type BulkResource } from './catalog.bulk.js';
import { FORMATS, UPDATE_CYCLES, type Item } from './model.js';

/**
 * Synthetic resources for benchmarks (bench/catalog-search.ts): realistic-looking Chinese names, abstracts and
 * items over the existing departments, published, inserted with multi-row inserts in batches. Deterministic for
 * a given seed.
 */
const PLACES = ['', '', '', '成都市', '绵阳市', '德阳市', '宜宾市', '南充市', '乐山市', '泸州市', '达州市', '凉山州'];
const SUBJECTS = ['企业', '个体工商户', '社会组织', '学校', '医疗机构', '药品', '食品', '道路', '桥梁', '河流', '森林', '耕地', '建设项目', '住房', '车辆', '船舶', '人口', '老年人', '残疾人', '退役军人', '农民工', '失业人员', '纳税人', '律师', '教师', '医师', '导游', '景区', '文物', '矿产', '水库', '气象站', '电网', '充电桩', '养老机构', '幼儿园', '社区', '特种设备', '危险化学品', '粮食'];
const ACTIONS = ['登记', '许可', '备案', '年检', '处罚', '补贴', '监测', '检查', '评价', '认证', '注册', '审批', '统计', '申报', '变更', '注销', '抽检', '救助', '缴费', '投诉'];
const SUFFIXES = ['信息', '数据', '目录', '台账', '清单', '明细'];
const ITEMS: Item[] = [
  { name: '统一社会信用代码', dataType: 'C', length: 18 }, { name: '单位名称', dataType: 'C', length: 200 }, { name: '法定代表人', dataType: 'C', length: 50, mask: 'name' },
  { name: '公民身份号码', dataType: 'C', length: 18, mask: 'id_number' }, { name: '姓名', dataType: 'C', length: 50, mask: 'name' }, { name: '联系电话', dataType: 'C', length: 20, mask: 'phone' },
  { name: '地址', dataType: 'C', length: 200 }, { name: '行政区划代码', dataType: 'C', length: 12 }, { name: '登记日期', dataType: 'D' }, { name: '有效期至', dataType: 'D' },
  { name: '证书编号', dataType: 'C', length: 50 }, { name: '许可事项', dataType: 'C', length: 500 }, { name: '处罚决定书文号', dataType: 'C', length: 50 }, { name: '金额', dataType: 'Y' },
  { name: '数量', dataType: 'I' }, { name: '经度', dataType: 'F' }, { name: '纬度', dataType: 'F' }, { name: '状态', dataType: 'C', length: 10 }, { name: '备注', dataType: 'M' },
  { name: '经办机构', dataType: 'C', length: 100 }, { name: '检查结果', dataType: 'C', length: 200 }, { name: '监测值', dataType: 'N', length: 18 }, { name: '更新时间', dataType: 'T' },
];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticResource(rand: () => number, departmentId: string): BulkResource {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const subject = pick(SUBJECTS);
  const action = pick(ACTIONS);
  const name = `${pick(PLACES)}${subject}${action}${pick(SUFFIXES)}`;
  const start = Math.floor(rand() * ITEMS.length);
  const count = 4 + Math.floor(rand() * 7);
  const items = Array.from({ length: count }, (_, i) => ITEMS[(start + i) % ITEMS.length]!);
  const cycle = pick(UPDATE_CYCLES);
  const r = rand();
  const shareType = r < 0.1 ? 'none' : r < 0.45 ? 'unconditional' : 'conditional';
  const format = rand() < 0.7 ? 'database' : pick(FORMATS.filter((f) => f !== 'database'));
  const tabular = format === 'database' || format === 'spreadsheet';
  return {
    status: 'published',
    input: {
      name, kind: 'department', departmentId, abstract: `${name}：记录${subject}${action}的办理过程和结果，由提供部门在履职过程中采集和维护。`, format, items,
      shareType, ...(shareType === 'conditional' ? { shareConditions: '依法履职需要，经审批后使用' } : {}), ...(shareType === 'none' ? { legalBasis: '相关法律法规规定不予共享' } : {}),
      shareMethods: shareType === 'none' ? [] : tabular ? ['table', 'api'] : ['file'], open: { toPublic: shareType === 'unconditional' && rand() < 0.5 }, updateCycle: cycle,
    },
  };
}

/** Inserts `n` published synthetic resources spread over every department; returns how many were written. */
export async function generateSyntheticResources(db: Db, n: number, opts: { seed?: number; batch?: number; network?: 'extranet' | 'intranet'; onProgress?: (done: number) => void } = {}): Promise<number> {
  const rand = rng(opts.seed ?? 42);
  const batch = opts.batch ?? 5_000;
  const departments = await db.transaction().execute((tx) => loadBulkDepartments(tx));
  const ids = [...departments.keys()];
  if (ids.length === 0) throw new Error('generateSyntheticResources: no departments; seed the organisations first');
  let done = 0;
  while (done < n) {
    const size = Math.min(batch, n - done);
    const list = Array.from({ length: size }, () => syntheticResource(rand, ids[Math.floor(rand() * ids.length)]!));
    await db.transaction().execute((tx) => bulkInsert(tx, departments, list, opts.network ?? 'extranet'));
    done += size;
    opts.onProgress?.(done);
  }
  await db.transaction().execute((tx) => analyzeCatalog(tx));
  return done;
}
