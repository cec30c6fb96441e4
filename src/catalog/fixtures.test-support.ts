import type { ResourceInput } from './model.js';
import { demoDepartmentId } from '../demo/seed.js';

/** A valid department resource body for tests; override what a test is about. */
export function sampleResource(slug = 'gat', overrides: Partial<ResourceInput> = {}): ResourceInput {
  return {
    name: '机动车驾驶人信息',
    kind: 'department',
    departmentId: demoDepartmentId(slug),
    abstract: '全省机动车驾驶人的驾驶证及记分信息。',
    format: 'database',
    items: [
      { name: '公民身份号码', dataType: 'C', length: 18, mask: 'id_number' },
      { name: '姓名', dataType: 'C', length: 50, mask: 'name' },
      { name: '准驾车型', dataType: 'C', length: 10 },
    ],
    shareType: 'conditional',
    shareConditions: '用于交通执法和政务服务的身份核验',
    shareMethods: ['api', 'compare'],
    open: { toPublic: false },
    updateCycle: 'daily',
    ...overrides,
  };
}

export async function json<T = Record<string, unknown>>(res: { statusCode: number; body: string }): Promise<T> {
  return JSON.parse(res.body) as T;
}
