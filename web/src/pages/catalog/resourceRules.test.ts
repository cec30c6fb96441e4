import { describe, expect, it } from 'vitest';
import type { ResourceInput } from '../../api/resources';
import zhCN from '../../i18n/zh-CN';
import en from '../../i18n/en';
import { checkResourceInput, type Issue } from './resourceRules';

/**
 * The form's rules against the server's (src/catalog/resource.rules.ts) on the same bodies: same codes, same
 * fields, same Chinese and English messages. The server module is imported by a path the web typecheck does
 * not follow (it is Node code), vitest resolves it at run time.
 */
interface ServerIssue {
  code: string;
  field: string;
  message: string;
  messageEn: string;
}
interface ServerRules {
  normalise(input: Omit<ResourceInput, 'departmentId'>, classPath: string[]): unknown;
  checkResource(body: unknown, ctx: { network: 'extranet' | 'intranet' }): ServerIssue[];
}
const SERVER_RULES = '../../../../src/catalog/resource.rules.ts';

function render(messages: typeof zhCN, issue: Issue): string {
  const key = issue.code === 'SHARE_METHOD_FORMAT_MISMATCH' ? `${issue.code}_${String(issue.params?.rule)}` : issue.code;
  const template = (messages.rules as Record<string, string>)[key] ?? `missing ${key}`;
  return template.replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(issue.params?.[p] ?? ''));
}

const base: ResourceInput = {
  name: '企业登记基本信息',
  kind: 'department',
  departmentId: '00000000-0000-4000-8000-000000000000',
  abstract: '全省企业登记的基本信息。',
  format: 'database',
  items: [
    { name: '统一社会信用代码', dataType: 'C', length: 18 },
    { name: '企业名称', dataType: 'C', length: 200 },
  ],
  shareType: 'conditional',
  shareConditions: '依法履职需要',
  shareMethods: ['table', 'compare'],
  open: { toPublic: false },
  updateCycle: 'daily',
};

const cases: Array<[string, Partial<ResourceInput>, 'extranet' | 'intranet']> = [
  ['a valid entry', {}, 'extranet'],
  ['blank name and abstract', { name: '  ', abstract: '' }, 'extranet'],
  ['an over-long name and abstract', { name: '名'.repeat(201), abstract: '摘'.repeat(1001) }, 'extranet'],
  ['no items', { items: [] }, 'extranet'],
  [
    'bad items',
    {
      items: [
        { name: '', dataType: 'C' },
        { name: '姓名', dataType: 'C', length: 0 },
        { name: '姓名', dataType: 'C' },
      ],
    },
    'extranet',
  ],
  ['a base resource without base items', { kind: 'base', classPath: ['人口'] }, 'extranet'],
  ['conditional without conditions', { shareConditions: ' ' }, 'extranet'],
  ['not shared, open, no basis', { shareType: 'none', shareConditions: undefined, shareMethods: [], open: { toPublic: true } }, 'extranet'],
  ['no share methods', { shareMethods: [] }, 'extranet'],
  ['a file shared as a table and compared', { format: 'file', shareMethods: ['table', 'compare'] }, 'extranet'],
  ['classified on the extranet, open', { classified: true, shareType: 'unconditional', shareConditions: undefined, open: { toPublic: true } }, 'extranet'],
  ['classified on the intranet', { classified: true }, 'intranet'],
  ['not electronic without a plan', { electronic: false }, 'extranet'],
  ['not electronic with a bad date', { electronic: false, digitisation: { plan: '2027 年完成', date: '2027/01/01' } }, 'extranet'],
  ['contributors of a department resource', { contributingDepartmentIds: ['00000000-0000-4000-8000-000000000001'] }, 'extranet'],
  ['related codes', { relatedCodes: ['101001/000001', 'abc', ' ', '101001/000001'] }, 'extranet'],
];

describe('the form checks the catalog rules as the server does', async () => {
  const server = (await import(/* @vite-ignore */ SERVER_RULES)) as ServerRules;

  for (const [name, change, network] of cases) {
    it(name, () => {
      const input = { ...base, ...change };
      const { departmentId: _, ...rest } = input;
      const web = checkResourceInput(rest, { network });
      const srv = server.checkResource(server.normalise(rest, ['部门']), { network });
      expect(web.map((i) => ({ code: i.code, field: i.field, message: render(zhCN, i), messageEn: render(en, i) }))).toEqual(
        srv.map((i) => ({ code: i.code, field: i.field, message: i.message, messageEn: i.messageEn })),
      );
    });
  }

  it('covers every rule the server has', () => {
    const codes = new Set(cases.flatMap(([, change, network]) => checkResourceInput({ ...base, ...change }, { network }).map((i) => i.code)));
    expect([...codes].sort()).toEqual(
      [
        'ABSTRACT_REQUIRED',
        'ABSTRACT_TOO_LONG',
        'BASE_ITEMS_REQUIRED',
        'CLASSIFIED_CANNOT_BE_OPEN',
        'CLASSIFIED_ON_EXTRANET',
        'CONTRIBUTORS_NOT_ALLOWED',
        'DIGITISATION_DATE_INVALID',
        'DIGITISATION_PLAN_REQUIRED',
        'ITEMS_REQUIRED',
        'ITEM_LENGTH_INVALID',
        'ITEM_NAME_DUPLICATE',
        'ITEM_NAME_REQUIRED',
        'LEGAL_BASIS_REQUIRED',
        'NAME_REQUIRED',
        'NAME_TOO_LONG',
        'NONE_CANNOT_BE_OPEN',
        'RELATED_CODE_INVALID',
        'SHARE_CONDITIONS_REQUIRED',
        'SHARE_METHODS_REQUIRED',
        'SHARE_METHOD_FORMAT_MISMATCH',
      ].sort(),
    );
  });
});
