import { useTranslation } from 'react-i18next';

/** Art. 39's seven grounds, as the server labels them (src/supervision/notices.rules.ts). */
const GROUNDS_ZH = [
  '不按照规定将本部门掌握的信息资源提供给其他部门共享',
  '随意采集信息资源、扩大采集范围，造成重复采集',
  '提供不真实、不准确、不全面的资源目录和信息资源，或未按时限注册、更新',
  '对获取的共享信息资源管理失控，致使滥用、非授权使用、未经许可扩散或泄漏',
  '擅自将共享信息资源用于履职以外、转让第三方或开展经营性活动',
  '对责令整改的问题拒不整改',
  '其他违反本细则的行为',
];
const GROUNDS_EN = [
  'Did not share its information resources with other departments as required',
  'Collected data at will or beyond its scope, duplicating collection',
  'Untrue, inaccurate or incomplete catalog or data, or not registered/updated in time',
  'Lost control of shared data: misuse, unauthorised use, spread or leak',
  'Used shared data beyond its duties, passed it on, or for profit',
  'Refused to rectify what it was ordered to',
  'Other breaches of these rules',
];
export const GROUND_NUMBERS = [1, 2, 3, 4, 5, 6, 7];

export function useGroundLabel() {
  const { i18n } = useTranslation();
  return (n: number) => `（${'一二三四五六七'[n - 1]}）${(i18n.language === 'en' ? GROUNDS_EN : GROUNDS_ZH)[n - 1] ?? ''}`;
}
