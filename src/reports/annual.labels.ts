import type { Criterion } from '../supervision/evaluation.weights.js';

/** Chinese names used by both the xlsx and the PDF (docs/evaluation.md defines each criterion). */
export const CRITERION_ZH: Record<Criterion, string> = {
  completeness: '目录完整性', timeliness: '更新及时性', shareRatio: '共享比例', applications: '申请办理',
  objections: '异议处理', nodeAvailability: '节点可用性', dataQuality: '数据质量', misuse: '规范使用',
};
export const SHARE_TYPE_ZH: Record<string, string> = { unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享' };
export const LEVEL_ZH: Record<string, string> = { province: '省', city: '市（州）', county: '县（市、区）' };

export const reportTitle = (regionName: string, year: number) => `${regionName}${year}年度政务信息资源共享工作报告`;
export const fileBase = (regionCode: string, year: number) => `annual-report-${regionCode}-${year}`;
