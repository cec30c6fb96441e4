import { DomainError } from '../errors.js';
import type { NoticeStatus } from '../db/schema.js';

/** Art. 39: the seven grounds on which the leading group (through the office) orders rectification. */
export const GROUNDS: Readonly<Record<number, { zh: string; en: string }>> = {
  1: { zh: '不按照规定将本部门掌握的信息资源提供给其他部门共享', en: 'Did not share its information resources with other departments as required' },
  2: { zh: '随意采集信息资源、扩大采集范围，造成重复采集', en: 'Collected data at will or beyond its scope, duplicating collection' },
  3: { zh: '提供不真实、不准确、不全面的资源目录和信息资源，或未按时限注册、更新', en: 'Untrue, inaccurate or incomplete catalog or data, or not registered/updated in time' },
  4: { zh: '对获取的共享信息资源管理失控，致使滥用、非授权使用、未经许可扩散或泄漏', en: 'Lost control of shared data: misuse, unauthorised use, spread or leak' },
  5: { zh: '擅自将共享信息资源用于履职以外、转让第三方或开展经营性活动', en: 'Used shared data beyond its duties, passed it on, or for profit' },
  6: { zh: '对责令整改的问题拒不整改', en: 'Refused to rectify what it was ordered to' },
  7: { zh: '其他违反本细则的行为', en: 'Other breaches of these rules' },
};

export const STATUS_LABELS: Readonly<Record<NoticeStatus, string>> = {
  proposed: '平台建议', dismissed: '已驳回建议', issued: '整改中', replied: '已反馈整改', closed: '整改完成', circulated: '已书面通报',
};

export type NoticeAction = 'issue' | 'dismiss' | 'reply' | 'accept' | 'reject' | 'circulate';

/**
 * The notice's state machine. A proposal is confirmed (issued) or dismissed by the office; the department replies;
 * the office accepts the rectification or sends it back; past its deadline without an accepted reply the notice
 * becomes a written circular (未在规定时限内完成整改的予以书面通报). A circulated notice may still be rectified and closed.
 */
const NEXT: Record<NoticeAction, Partial<Record<NoticeStatus, NoticeStatus>>> = {
  issue: { proposed: 'issued' },
  dismiss: { proposed: 'dismissed' },
  reply: { issued: 'replied', circulated: 'circulated' },
  accept: { replied: 'closed', circulated: 'closed' },
  reject: { replied: 'issued' },
  circulate: { issued: 'circulated' },
};

export function transition(status: NoticeStatus, action: NoticeAction): NoticeStatus {
  const next = NEXT[action][status];
  if (!next) {
    throw new DomainError('NOTICE_INVALID_TRANSITION', 409, `整改通知当前状态（${STATUS_LABELS[status]}）不能执行此操作`, `A notice in status ${status} cannot be ${action}d`, { status, action });
  }
  return next;
}

/** The circular's text (书面通报), written by the platform when a deadline passes. */
export function circularText(n: { departmentName: string; ground: number; facts: string; issuedOn: string; dueOn: string }): string {
  return `${n.departmentName}于 ${n.issuedOn} 收到整改通知（第三十九条第（${'一二三四五六七'[n.ground - 1]}）项：${GROUNDS[n.ground]!.zh}），`
    + `整改期限为 ${n.dueOn}，逾期未完成整改，现予书面通报。事实：${n.facts}`;
}
