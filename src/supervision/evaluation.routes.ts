import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict } from '../http/schemas.js';
import { DepartmentDetailOut, EvidenceOut, EvidenceQuery, RangeQuery, RankingOut } from './evaluation.schema.js';
import { departmentEvaluation, evaluate, figureEvidence, resolveRange, withoutEvidence } from './evaluation.service.js';

const tags = ['supervision'];
const DeptId = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** 评估 (Art. 34): ranking per department and per region, one department's breakdown, the rows behind a figure. */
export function evaluationRoutes(app: App, ctx: AppContext): void {
  app.get('/evaluation', {
    config: { permission: 'evaluation.read' },
    schema: { tags, summary: '评估结果：部门排名与区域汇总 / Evaluation by department and region', querystring: Strict(RangeQuery), response: { 200: RankingOut, ...StdErrors } },
  }, async (req) => {
    const e = await evaluate(ctx, req.actor, { ...resolveRange(ctx, req.query), regionCode: req.query.region });
    return { ...e, departments: e.departments.map(withoutEvidence) };
  });

  app.get('/evaluation/departments/:id', {
    config: { permission: 'evaluation.read' },
    schema: { tags, summary: '部门评估明细与依据 / A department\'s breakdown with evidence', params: DeptId, querystring: Strict(RangeQuery), response: { 200: DepartmentDetailOut, ...StdErrors } },
  }, async (req) => departmentEvaluation(ctx, req.actor, req.params.id, { ...resolveRange(ctx, req.query), regionCode: req.query.region }));

  app.get('/evaluation/departments/:id/evidence', {
    config: { permission: 'evaluation.read' },
    schema: { tags, summary: '指标依据的记录 / The rows behind one figure', params: DeptId, querystring: EvidenceQuery, response: { 200: EvidenceOut, ...StdErrors } },
  }, async (req) => {
    const { criterion, figure, ...range } = req.query;
    return figureEvidence(ctx, req.actor, req.params.id, { ...resolveRange(ctx, range), regionCode: range.region }, criterion, figure);
  });
}
