import type zh from './report.zh-CN';
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export default {
  annualReport: {
    title: 'Annual sharing report',
    description: 'The region\'s annual report on resource sharing and evaluation results (Art. 34), as Excel and PDF. The province report aggregates its cities.',
    year: 'Year',
    region: 'Region',
    regionDefault: 'My region',
    xlsx: 'Download Excel',
    pdf: 'Download PDF',
    generating: 'Generating the report…',
    done: 'Report downloaded',
    contents: 'Contents: summary, department scores (with every criterion), sub-regions, monthly exchanges; the PDF adds charts of the monthly trend, the ranking and the share-type mix.',
  },
} satisfies Widen<typeof zh>;
