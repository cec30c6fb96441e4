import { Type } from 'typebox';
import { auditActor } from '../auth/actor.js';
import type { App, AppContext } from '../http/context.js';
import { RegionCode, Strict } from '../http/schemas.js';
import { annualReportFile } from './annual.export.js';

const Query = Strict({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  region: Type.Optional(RegionCode),
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]),
});

/** 年度报告 (Art. 34): the region's annual report as xlsx or PDF; every download is audited. */
export function reportRoutes(app: App, ctx: AppContext): void {
  app.get('/reports/annual', {
    config: { permission: 'report.read' },
    schema: { tags: ['supervision'], summary: '年度共享工作报告（xlsx / PDF）/ Annual report', querystring: Query },
  }, async (req, reply) => {
    const file = await annualReportFile(ctx, req.actor, { year: req.query.year, regionCode: req.query.region }, req.query.format);
    await ctx.audit.record({
      action: 'report.annual', outcome: 'success', actor: auditActor(req.actor), requestId: req.id, objectType: 'region', objectId: file.report.region.code,
      detail: { year: file.report.year, format: req.query.format, departments: file.report.summary.departments },
    });
    return reply.type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.zhFilename)}`)
      .send(file.body);
  });
}
