import type { App, AppContext } from '../http/context.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { evaluationRoutes } from './evaluation.routes.js';
import { noticeRoutes } from './notices.routes.js';
import { projectGateRoutes } from './projects.routes.js';

/** Supervision (SPEC C7): evaluation, rectification notices and the dashboards' queries. */
export function supervisionRoutes(app: App, ctx: AppContext): void {
  evaluationRoutes(app, ctx);
  noticeRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  projectGateRoutes(app, ctx);
}
