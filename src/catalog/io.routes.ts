import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict, Uuid } from '../http/schemas.js';
import { exportCatalog, importCatalog } from './io.service.js';
import { templateWorkbook } from './xlsx.build.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['catalog'];
const EXT = { xlsx: 'xlsx', json: 'json', dcat: 'jsonld' } as const;

const ImportedOut = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), version: Type.Integer() });

/** Template, import (the xlsx file as the raw request body) and export of the catalog. */
export function ioRoutes(app: App, ctx: AppContext): void {
  app.get('/catalog/template.xlsx', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: '目录填报模板 / The xlsx template' },
  }, async (_req, reply) => reply.type(XLSX).header('content-disposition', `attachment; filename="catalog-template.xlsx"; filename*=UTF-8''${encodeURIComponent('政务信息资源目录模板.xlsx')}`).send(await templateWorkbook()));

  app.get('/catalog/export', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: '导出已发布目录（xlsx / JSON / DCAT-AP JSON-LD）/ Export the published catalog', querystring: Strict({ format: Type.Union([Type.Literal('xlsx'), Type.Literal('json'), Type.Literal('dcat')]), department: Type.Optional(Uuid) }) },
  }, async (req, reply) => {
    const out = await exportCatalog(ctx, req.query.format, { department: req.query.department, apiBase: `${req.protocol}://${req.host}` });
    return reply.type(out.contentType).header('content-disposition', `attachment; filename="catalog.${EXT[req.query.format]}"`).send(out.body);
  });

  // The xlsx travels as the request body (Content-Type: the xlsx type or application/octet-stream); the parser
  // is scoped to this route so the rest of the API stays JSON only.
  void app.register(async (scope) => {
    scope.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    (scope as App).post('/catalog/import', {
      config: { permission: 'catalog.edit' },
      schema: {
        tags, summary: '导入 Excel 目录（全部成功或全部不导入）/ Import an xlsx catalog (all or nothing)',
        description: '一行带“信息资源代码”的资源成为本部门该资源的新草稿版本（代码不存在或属于其他部门：逐行报错）/ A row with a resource code of the importing department becomes a new draft version of that resource',
        response: { 201: Type.Object({ imported: Type.Integer(), updated: Type.Integer(), resources: Type.Array(ImportedOut), updatedResources: Type.Array(ImportedOut) }), ...StdErrors },
      },
    }, async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) return reply.status(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `请以 ${XLSX} 上传 Excel 文件`, messageEn: `Send the xlsx file as the body with Content-Type ${XLSX}` } });
      return reply.status(201).send(await importCatalog(ctx, req.actor, req.body, req.id));
    });
  });
}
