import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, ErrorBody } from '../http/schemas.js';
import { checkpointCovering, listCheckpoints } from './checkpoint.store.js';
import { buildConsistencyProof, buildEventProof } from './proof.service.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const HexList = Type.Array(Type.String());

export const CheckpointOut = Type.Object({
  type: Type.String(), index: Type.Integer(), firstSeq: Type.Integer(), seq: Type.Integer(), size: Type.Integer(),
  merkleRoot: Type.String(), chainHead: Type.String(), prevCheckpointHash: Type.String(), logSize: Type.Integer(),
  logRoot: Type.String(), at: Type.String(), hashAlg: Type.String(), sigAlg: Type.String(), keyId: Type.String(),
  keyFingerprint: Type.String(), hash: Type.String(), signature: Type.String(),
});

const StoredEventOut = Type.Object({
  seq: Type.Integer(), at: Type.String(), actorId: Nullable(Type.String()), actorName: Nullable(Type.String()),
  departmentId: Nullable(Type.String()), action: Type.String(), objectType: Nullable(Type.String()), objectId: Nullable(Type.String()),
  outcome: Type.String(), requestId: Nullable(Type.String()), detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  prevHash: Type.String(), hash: Type.String(),
});

/**
 * Proofs for auditors (Art. 33, 37; docs/audit-proofs.md): they prove one event, or that the log only grew between
 * two checkpoints, without the whole log, and check it offline with src/audit/proof.ts or any RFC 6962 verifier.
 * Oversight roles only, like verify: a proof names the event it proves.
 */
export function proofRoutes(app: App, ctx: AppContext): void {
  app.get('/audit/events/:seq/proof', {
    config: { permission: 'audit.verify' },
    schema: {
      tags: ['audit'], summary: '单条审计事件的存在性证明 / Inclusion proof of one audit event',
      params: Strict({ seq: Type.Integer({ minimum: 1 }) }),
      response: {
        200: Type.Object({
          event: StoredEventOut, leafHash: Type.String(), leafIndex: Type.Integer(), treeSize: Type.Integer(), auditPath: HexList,
          checkpoint: CheckpointOut, platformPublicKey: Type.String(),
        }),
        ...StdErrors, 410: ErrorBody,
      },
    },
  }, async (req) => {
    await ctx.audit.flush();
    return buildEventProof(ctx.db, ctx.audit, req.params.seq);
  });

  app.get('/audit/checkpoints', {
    config: { permission: 'audit.verify' },
    schema: {
      tags: ['audit'], summary: '签名检查点（最新在前）/ Signed checkpoints, newest first',
      querystring: Strict({ covers: Type.Optional(Type.Integer({ minimum: 1 })), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(CheckpointOut), total: Type.Integer(), platformPublicKey: Type.String() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, covers } = req.query;
    const platformPublicKey = ctx.keys.publicPem;
    if (covers !== undefined) {
      const cp = await checkpointCovering(ctx.db, covers);
      return { items: cp ? [cp] : [], total: cp ? 1 : 0, platformPublicKey };
    }
    return { ...(await listCheckpoints(ctx.db, page, size)), platformPublicKey };
  });

  app.get('/audit/consistency', {
    config: { permission: 'audit.verify' },
    schema: {
      tags: ['audit'], summary: '两个检查点之间的一致性证明 / Consistency proof between two checkpoints',
      querystring: Strict({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      response: {
        200: Type.Object({ from: CheckpointOut, to: CheckpointOut, inclusionPath: HexList, consistencyPath: HexList, platformPublicKey: Type.String() }),
        ...StdErrors,
      },
    },
  }, async (req) => buildConsistencyProof(ctx.db, req.query.from, req.query.to));
}
