import type { ResourceView } from './resource.present.js';

/**
 * DCAT-AP 3.0.0 JSON-LD of the published catalog (CATALOG-METADATA.md "DCAT mapping"). The context is inline:
 * platforms on government networks have no internet, so nothing may point at a remote context (SPEC §5).
 * Every node that a shape constrains by class carries its @type, so the export validates against the shipped
 * SHACL shapes (dcat-ap-SHACL.ttl and range.ttl).
 */
const EU = 'http://publications.europa.eu/resource/authority';
export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  govshare: 'urn:govshare:',
};

const FREQUENCY: Record<string, string> = {
  realtime: 'UPDATE_CONT', daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY', quarterly: 'QUARTERLY', half_yearly: 'ANNUAL_2', yearly: 'ANNUAL', other: 'IRREG',
};
const FILE_TYPE: Record<string, string> = {
  database: 'JSON', spreadsheet: 'XLSX', file: 'PDF', image: 'JPEG', stream: 'MP4', self_describing: 'XML', other: 'BIN',
};

const zh = (s: string) => ({ '@value': s, '@language': 'zh' });
const codeId = (code: string) => `govshare:resource/${code.replace('/', '-')}`;

export interface DcatOptions {
  catalogTitle: string;
  publisher: { code: string; name: string };
  /** Base URL of the platform's API for distribution access URLs; a URN is used when unknown (CLI export). */
  apiBase?: string | undefined;
}

function dataset(r: ResourceView, o: DcatOptions) {
  const publisher = { '@id': `govshare:department/${r.departmentCode}`, '@type': 'foaf:Agent', 'foaf:name': zh(r.departmentName) };
  const access = r.open.toPublic ? 'PUBLIC' : r.shareType === 'none' ? 'NON_PUBLIC' : 'RESTRICTED';
  const accessUrl = o.apiBase ? `${o.apiBase}/api/v1/resources/${encodeURIComponent(r.code)}` : `${codeId(r.code)}/access`;
  return {
    '@id': codeId(r.code),
    '@type': 'dcat:Dataset',
    'dct:identifier': r.code,
    'dct:title': zh(r.name),
    'dct:description': zh(r.abstract),
    'dct:publisher': publisher,
    ...(r.publishDate ? { 'dct:issued': { '@value': r.publishDate, '@type': 'xsd:date' } } : {}),
    'dct:accrualPeriodicity': { '@id': `${EU}/frequency/${FREQUENCY[r.updateCycle]}`, '@type': 'dct:Frequency' },
    'dcat:theme': {
      '@id': `govshare:class/${r.classCode.slice(0, 3)}`, '@type': 'skos:Concept', 'skos:prefLabel': zh(r.classPath.slice(0, 2).join('/')),
      'skos:inScheme': { '@id': 'govshare:class-scheme', '@type': 'skos:ConceptScheme', 'dct:title': zh('政务信息资源分类') },
    },
    'dct:accessRights': { '@id': `${EU}/access-right/${access}`, '@type': 'dct:RightsStatement' },
    'dcat:keyword': r.items.slice(0, 50).map((i) => zh(i.name)),
    ...(r.relatedCodes.length > 0 ? { 'dct:relation': r.relatedCodes.map((c) => ({ '@id': codeId(c), '@type': 'rdfs:Resource' })) } : {}),
    'dcat:distribution': [{
      '@id': `${codeId(r.code)}/distribution`,
      '@type': 'dcat:Distribution',
      'dcat:accessURL': { '@id': accessUrl, '@type': 'rdfs:Resource' },
      'dct:format': { '@id': `${EU}/file-type/${FILE_TYPE[r.format]}`, '@type': 'dct:MediaTypeOrExtent' },
    }],
  };
}

export function dcatCatalog(resources: readonly ResourceView[], o: DcatOptions) {
  return {
    '@context': DCAT_CONTEXT,
    '@id': 'govshare:catalog',
    '@type': 'dcat:Catalog',
    'dct:title': zh(o.catalogTitle),
    'dct:description': zh(`${o.catalogTitle}：已发布的政务信息资源（DCAT-AP 3.0.0）`),
    'dct:publisher': { '@id': `govshare:platform/${o.publisher.code}`, '@type': 'foaf:Agent', 'foaf:name': zh(o.publisher.name) },
    'dcat:dataset': resources.map((r) => dataset(r, o)),
  };
}
