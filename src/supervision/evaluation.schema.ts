import { Type, type Static } from 'typebox';
import { IsoDate, RegionCode, Strict } from '../http/schemas.js';
import { CRITERIA } from './evaluation.weights.js';

export const CriterionKey = Type.Union([
  Type.Literal('completeness'), Type.Literal('timeliness'), Type.Literal('shareRatio'), Type.Literal('applications'),
  Type.Literal('objections'), Type.Literal('nodeAvailability'), Type.Literal('dataQuality'), Type.Literal('misuse'),
]);
// keep the literal list above in step with CRITERIA (a compile-time check)
const _criteria: ReadonlyArray<Static<typeof CriterionKey>> = CRITERIA;
void _criteria;

export const RangeQuery = {
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  region: Type.Optional(RegionCode),
};

export const Figure = Type.Object({
  key: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()]),
  evidence: Type.Optional(Type.Object({ type: Type.String(), ids: Type.Array(Type.String()) })),
});

export const CriterionOut = Type.Object({
  key: CriterionKey, weight: Type.Number(), share: Type.Number(), points: Type.Number(), maxPoints: Type.Number(), figures: Type.Array(Figure),
});

export const DepartmentOut = Type.Object({
  departmentId: Type.String(), departmentName: Type.String(), regionCode: Type.String(), regionName: Type.String(),
  score: Type.Number(), rank: Type.Integer(), criteria: Type.Array(CriterionOut),
});

export const RegionOut = Type.Object({
  regionCode: Type.String(), regionName: Type.String(), level: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]),
  departments: Type.Integer(), score: Type.Union([Type.Number(), Type.Null()]),
  criteria: Type.Array(Type.Object({ key: CriterionKey, share: Type.Union([Type.Number(), Type.Null()]) })),
});

const Header = { from: Type.String(), to: Type.String(), asOf: Type.String(), weights: Type.Record(Type.String(), Type.Number()) };
export const RankingOut = Type.Object({ ...Header, departments: Type.Array(DepartmentOut), regions: Type.Array(RegionOut) });
export const DepartmentDetailOut = Type.Object({ ...Header, department: DepartmentOut });

export const EvidenceQuery = Strict({ ...RangeQuery, criterion: CriterionKey, figure: Type.String({ minLength: 1, maxLength: 40 }) });
export const EvidenceRow = Type.Object({
  id: Type.String(), label: Type.String(), detail: Type.Union([Type.String(), Type.Null()]), date: Type.Union([Type.String(), Type.Null()]),
});
export const EvidenceOut = Type.Object({ type: Type.String(), total: Type.Integer(), items: Type.Array(EvidenceRow) });
