import ExcelJS from 'exceljs';
import { DATA_TYPE_LABELS, FORMAT_LABELS, KIND_LABELS, SHARE_METHOD_LABELS, SHARE_TYPE_LABELS, UPDATE_CYCLE_LABELS } from './model.js';
import type { ResourceView } from './resource.present.js';
import { CLASS_ITEMS } from './classification.js';
import { COLUMNS, type ColumnKey } from './xlsx.layout.js';

const yes = (b: boolean) => (b ? '是' : '否');

/** The rows of one resource, one per item (resource columns repeated, as departments fill them in). */
export function resourceRows(r: ResourceView): Array<Record<ColumnKey, string | number>> {
  const shared: Partial<Record<ColumnKey, string | number>> = {
    name: r.name, code: r.code, kind: KIND_LABELS[r.kind], classPath: r.kind === 'department' ? (r.classPath[3] ?? '') : r.classPath.slice(1).join('/'), provider: r.departmentName, providerCode: r.departmentCode,
    abstract: r.abstract, format: FORMAT_LABELS[r.format], formatDetail: r.formatDetail ?? '', shareType: SHARE_TYPE_LABELS[r.shareType],
    shareConditions: r.shareConditions ?? '', shareMethods: r.shareMethods.map((m) => SHARE_METHOD_LABELS[m as 'api']).join('、'),
    open: yes(r.open.toPublic), openConditions: r.open.conditions ?? '', updateCycle: UPDATE_CYCLE_LABELS[r.updateCycle], legalBasis: r.legalBasis ?? '',
    publishDate: r.publishDate ?? '', relatedCodes: r.relatedCodes.join('、'), classified: yes(r.classified), usageRequirements: r.usageRequirements ?? '',
    electronic: yes(r.electronic), digitisationPlan: r.digitisation?.plan ?? '', digitisationDate: r.digitisation?.date ?? '',
    contributors: r.contributingDepartments.map((d) => d.code).join('、'),
  };
  return r.items.map((i) => ({
    ...shared, itemName: i.name, itemNameEn: i.nameEn ?? '', dataType: i.dataType, length: i.length ?? '', itemDescription: i.description ?? '',
    base: yes(i.base), mask: i.mask ?? '',
  }) as Record<ColumnKey, string | number>);
}

function sheetWithHeader(wb: ExcelJS.Workbook, name: string, withExportColumns: boolean): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.filter((c) => withExportColumns || !('exportOnly' in c)).map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  return ws;
}

export async function catalogWorkbook(resources: readonly ResourceView[], onRow?: (n: number) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'govshare';
  const ws = sheetWithHeader(wb, '政务信息资源目录', true);
  resources.forEach((r, n) => {
    ws.addRows(resourceRows(r));
    onRow?.(n + 1);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template: the header, one example resource of two items, and a sheet explaining the allowed values. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheetWithHeader(wb, '目录填报', false);
  const example = { name: '婚姻登记信息', kind: '部门', classPath: '', provider: '', providerCode: '', abstract: '本部门办理的结婚、离婚登记信息。', format: '数据库', shareType: '有条件共享', shareConditions: '用于依法履职的身份和婚姻状况核验', shareMethods: '接口、比对', open: '否', updateCycle: '实时', classified: '否', electronic: '是' };
  ws.addRow({ ...example, itemName: '男方公民身份号码', dataType: 'C', length: 18, base: '否', mask: 'id_number' });
  ws.addRow({ itemName: '登记日期', dataType: 'D', base: '否' });
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '列', key: 'col', width: 18 }, { header: '可填写的值 / 说明', key: 'v', width: 100 }];
  help.getRow(1).font = { bold: true };
  help.addRows([
    { col: '说明', v: '每个信息项一行；同一资源的资源信息可在每行重复填写，或只在第一行填写。提供方为导入人所在部门，导入后为草稿。' },
    { col: '资源分类', v: Object.values(KIND_LABELS).join('、') },
    { col: '资源类目', v: `基础：${CLASS_ITEMS.base.join('、')}；主题：${CLASS_ITEMS.theme.join('、')}；部门资源不填` },
    { col: '信息资源格式', v: Object.values(FORMAT_LABELS).join('、') },
    { col: '数据类型', v: Object.entries(DATA_TYPE_LABELS).map(([k, v]) => `${k} ${v}`).join('、') },
    { col: '共享类型', v: `${Object.values(SHARE_TYPE_LABELS).join('、')}；有条件共享须填共享条件，不予共享须填不予共享依据` },
    { col: '共享方式', v: `${Object.values(SHARE_METHOD_LABELS).join('、')}（可多选，用“、”分隔）` },
    { col: '更新周期', v: Object.values(UPDATE_CYCLE_LABELS).join('、') },
    { col: '脱敏规则', v: 'id_number（身份证号）、phone（手机号）、name（姓名）、hash、year_only、null、keep:F,L' },
    { col: '是否…', v: '是 / 否' },
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
