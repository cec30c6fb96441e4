import type traceZh from './trace.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const traceEn: Widen<typeof traceZh> = {
  trace: {
    title: 'Trace',
    open: 'Trace',
    description: 'Who collected, shared, queried, compared, downloaded, accessed or updated data — by resource, providing department, user or record key (Art. 33). Record keys are matched by a keyed hash only; the index holds no value.',
    resource: 'Resource code',
    department: 'Providing department',
    user: 'User (id or username)',
    recordKey: 'Record key (e.g. ID number)',
    category: 'Category',
    range: 'Time range',
    search: 'Search',
    reset: 'Reset',
    exportCsv: 'Export CSV',
    exportXlsx: 'Export Excel',
    exportNote: 'Exported files carry a signed watermark (who, when); the export itself is audited.',
    needCriteria: 'Enter at least one criterion',
    empty: 'Nothing matches.',
    at: 'Time (Beijing)',
    action: 'Action',
    outcome: 'Outcome',
    actor: 'User',
    actorDepartment: 'Using department',
    provider: 'Provider',
    grant: 'Grant',
    rows: 'Rows',
    match: 'Match',
    matchKey: 'Record key',
    matchBulk: 'Bulk export (may hold it)',
    seq: 'Log seq',
    exportId: 'Watermark',
    categories: { collection: 'Collection', share: 'Share', query: 'Query', comparison: 'Comparison', download: 'Download', access: 'Access', update: 'Update' },
    outcomes: { success: 'Success', failure: 'Failure', denied: 'Denied' },
  },
};

export default traceEn;
