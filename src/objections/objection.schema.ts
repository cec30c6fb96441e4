import { Type, type TSchema } from 'typebox';
import { IsoDate, Strict } from '../http/schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Dept = Type.Object({ id: Type.String(), name: Type.String() });
const ItemName = Type.String({ minLength: 1, maxLength: 64 });

export const ObjectionBody = Strict({
  resourceCode: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  discoveredOn: IsoDate,
  items: Type.Optional(Type.Array(ItemName, { maxItems: 500 })),
  exampleKeys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
});

export const CorrectionBody = Strict({
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  correctedOn: Type.Optional(IsoDate),
  items: Type.Optional(Type.Array(ItemName, { maxItems: 500 })),
  records: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
});

export const ReplyBody = Strict({
  decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
  reply: Type.String({ minLength: 1, maxLength: 2000 }),
  correction: Type.Optional(CorrectionBody),
});

export const ObjectionStatus = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected')]);
const Level = Type.Union([Type.Literal('normal'), Type.Literal('warning'), Type.Literal('overdue')]);

export const ObjectionOut = Type.Object({
  id: Type.String(), resourceCode: Type.String(), resourceName: Type.String(), provider: Dept, consumer: Dept, description: Type.String(),
  items: Type.Array(Type.String()), exampleKeys: Type.Optional(Type.Array(Type.String())), discoveredOn: Type.String(), filedOn: Type.String(), reportBy: Type.String(),
  late: Type.Boolean(), replyBy: Type.String(), replyByProvisional: Type.Boolean(), status: ObjectionStatus, statusLabel: Type.String(),
  reply: Nullable(Type.String()), correction: Nullable(Type.Record(Type.String(), Type.Unknown())), repliedAt: Nullable(Type.String()),
  deadline: Nullable(Type.Object({ date: Type.String(), workdaysLeft: Type.Integer(), level: Level, overdue: Type.Boolean(), provisional: Type.Boolean() })),
  createdAt: Type.String(),
});

export const HistoryOut = Type.Array(Type.Object({
  at: Type.String(), action: Type.String(), text: Nullable(Type.String()), detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
  actor: Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()), departmentId: Nullable(Type.String()), departmentName: Nullable(Type.String()) }),
}));

export const ResourceObjectionsOut = Type.Object({
  resourceCode: Type.String(),
  open: Type.Array(ObjectionOut),
  corrections: Type.Array(Type.Object({
    objectionId: Type.String(), consumer: Dept, filedOn: Type.String(), repliedAt: Nullable(Type.String()), description: Type.String(),
    reply: Nullable(Type.String()), correction: Nullable(Type.Record(Type.String(), Type.Unknown())),
  })),
});
