import { Type, type TSchema } from 'typebox';
import { MASK_PATTERN } from '../catalog/model.js';
import { IsoDate, Strict } from '../http/schemas.js';

/** Request and response schemas of the applications API (docs/workflow-api.md describes them for the screens). */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const ItemName = Type.String({ minLength: 1, maxLength: 64 });
const Method = Type.Union([Type.Literal('query'), Type.Literal('export'), Type.Literal('compare'), Type.Literal('api'), Type.Literal('file')]);

const fileFields = {
  items: Type.Array(ItemName, { minItems: 1, maxItems: 500 }),
  purpose: Type.String({ minLength: 1, maxLength: 500 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 500 }),
  validUntil: IsoDate,
  validFrom: Type.Optional(IsoDate),
  expectedVolume: Type.Optional(Type.String({ maxLength: 200 })),
  credentialId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  methods: Type.Optional(Type.Array(Method, { minItems: 1, maxItems: 5 })),
};

export const FileBody = Strict({ resourceCode: Type.String({ minLength: 1, maxLength: 64 }), ...fileFields });

/** Resubmit / amend: every field optional; what is left out is taken from the earlier application. */
export const FollowUpBody = Strict({
  items: Type.Optional(fileFields.items), purpose: Type.Optional(fileFields.purpose), legalBasis: Type.Optional(fileFields.legalBasis),
  validUntil: Type.Optional(IsoDate), validFrom: fileFields.validFrom, expectedVolume: fileFields.expectedVolume, credentialId: fileFields.credentialId, methods: fileFields.methods,
});

export const FiledOut = Type.Object({ id: Type.String(), status: Type.Literal('pending'), acceptBy: Type.String() });

export const DecisionBody = Strict({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  items: Type.Optional(Type.Array(ItemName, { minItems: 1, maxItems: 500 })),
  masks: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ pattern: MASK_PATTERN }))),
  /** At most this many records per request (a comparison batch, a page of rows) under the grant; unset: the bus's default. */
  maxRecords: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});

export const SignBody = Strict({ party: Type.Union([Type.Literal('consumer'), Type.Literal('provider')]), signedBy: Type.String({ minLength: 1, maxLength: 100 }) });

export const Status = Type.Union([
  Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused'), Type.Literal('withdrawn'),
  Type.Literal('superseded'), Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired'),
]);

const Dept = Type.Object({ id: Type.String(), name: Type.String() });
const Level = Type.Union([Type.Literal('normal'), Type.Literal('warning'), Type.Literal('overdue')]);
export const DeadlineOut = Type.Object({ date: Type.String(), workdaysLeft: Type.Integer(), level: Level, overdue: Type.Boolean(), provisional: Type.Boolean() });
const Signed = Nullable(Type.Object({ signedBy: Type.String(), signedAt: Type.String() }));

export const ApplicationOut = Type.Object({
  id: Type.String(), resourceCode: Type.String(), resourceName: Type.String(), resourceVersion: Type.Integer(), provider: Dept, consumer: Dept,
  items: Type.Array(Type.String()), approvedItems: Nullable(Type.Array(Type.String())), maxRecords: Nullable(Type.Integer()), masks: Type.Record(Type.String(), Type.String()), methods: Type.Array(Type.String()),
  purpose: Type.String(), legalBasis: Type.String(), expectedVolume: Nullable(Type.String()), credentialId: Nullable(Type.String()),
  validFrom: Type.String(), validUntil: Type.String(), status: Status, statusLabel: Type.String(), filedOn: Type.String(), acceptBy: Type.String(), acceptByProvisional: Type.Boolean(),
  decidedAt: Nullable(Type.String()), decisionReason: Nullable(Type.String()), signBy: Nullable(Type.String()), previousId: Nullable(Type.String()),
  linkKind: Nullable(Type.String()), deadline: Nullable(DeadlineOut),
  grant: Nullable(Type.Object({ id: Type.String(), status: Type.String(), statusReason: Nullable(Type.String()), validFrom: Type.String(), validUntil: Type.String() })),
  createdAt: Type.String(),
});

export const HistoryOut = Type.Array(Type.Object({
  at: Type.String(), action: Type.String(), text: Nullable(Type.String()), detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
  actor: Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()), departmentId: Nullable(Type.String()), departmentName: Nullable(Type.String()) }),
}));

export const ApplicationDetailOut = Type.Object({
  ...ApplicationOut.properties,
  agreement: Nullable(Type.Object({ number: Type.String(), digest: Type.String(), digestAlg: Type.String(), keyId: Type.String(), provider: Signed, consumer: Signed })),
  followUps: Type.Array(Type.Object({ id: Type.String(), linkKind: Nullable(Type.String()), status: Type.String(), filedOn: Type.String() })),
  history: HistoryOut,
});

export const AgreementOut = Type.Object({
  applicationId: Type.String(), content: Type.Record(Type.String(), Type.Unknown()), digest: Type.String(), digestAlg: Type.String(), seal: Type.String(),
  signatureAlg: Type.String(), keyId: Type.String(), publicKey: Type.String(), provider: Signed, consumer: Signed,
});

export const SignOut = Type.Object({ applicationId: Type.String(), party: Type.String(), status: Status, grantId: Nullable(Type.String()) });
