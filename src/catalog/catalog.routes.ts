import type { App, AppContext } from '../http/context.js';
import { ioRoutes } from './io.routes.js';
import { resourceRoutes } from './resource.routes.js';
import { workRoutes } from './work.routes.js';

/** Every catalog route (SPEC C1); registered by src/http/app.ts with one line. */
export function catalogRoutes(app: App, ctx: AppContext): void {
  resourceRoutes(app, ctx);
  workRoutes(app, ctx);
  ioRoutes(app, ctx);
}
