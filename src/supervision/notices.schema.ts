import { Type } from 'typebox';
import { Strict } from '../http/schemas.js';

export const NoticeStatus = Type.Union(['proposed', 'dismissed', 'issued', 'replied', 'closed', 'circulated'].map((s) => Type.Literal(s)));
const Str = Type.String();
const OptStr = Type.Union([Type.String(), Type.Null()]);

export const NoticeOut = Type.Object({
  id: Str, department: Type.Object({ id: Str, name: Str }), region: Type.Object({ code: Str, name: Str }),
  ground: Type.Integer(), groundLabel: Str, facts: Str, status: Str, statusLabel: Str, source: Str, detectionKind: OptStr,
  evidence: Type.Array(Type.Object({ type: Str, id: Str })),
  deadlineWorkdays: Type.Union([Type.Integer(), Type.Null()]), issuedOn: OptStr, dueOn: OptStr, dueProvisional: Type.Boolean(),
  deadline: Type.Union([Type.Object({ date: Str, workdaysLeft: Type.Integer(), level: Str, overdue: Type.Boolean(), provisional: Type.Boolean() }), Type.Null()]),
  reply: OptStr, repliedAt: OptStr, closedAt: OptStr, circular: OptStr, circulatedAt: OptStr, dismissReason: OptStr, createdAt: Str,
});

export const NoticeDetailOut = Type.Object({
  ...NoticeOut.properties,
  history: Type.Array(Type.Object({ at: Str, action: Str, actorName: OptStr, departmentId: OptStr, text: OptStr, detail: Type.Unknown() })),
});

export const NoticeList = Type.Object({ items: Type.Array(NoticeOut), total: Type.Integer() });

const Ground = Type.Integer({ minimum: 1, maximum: 7 });
const Days = Type.Integer({ minimum: 1, maximum: 120 });

export const IssueBody = Strict({
  departmentId: Type.String({ minLength: 1, maxLength: 64 }), ground: Ground, facts: Type.String({ minLength: 1, maxLength: 4000 }),
  deadlineWorkdays: Type.Optional(Days),
  evidence: Type.Optional(Type.Array(Strict({ type: Type.String({ maxLength: 40 }), id: Type.String({ maxLength: 200 }) }), { maxItems: 200 })),
});
export const ConfirmBody = Type.Optional(Strict({ facts: Type.Optional(Type.String({ maxLength: 4000 })), ground: Type.Optional(Ground), deadlineWorkdays: Type.Optional(Days) }));
export const DismissBody = Strict({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const ReplyBody = Strict({ reply: Type.String({ minLength: 1, maxLength: 8000 }) });
export const ReviewBody = Strict({ decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]), comment: Type.Optional(Type.String({ maxLength: 2000 })) });
