import { pinyin } from 'pinyin-pro';

/**
 * Chinese full-text search without a server-side parser (DESIGN.md "Search"): the application turns text into
 * lexemes — CJK character bigrams (plus unigrams of names, for one-character queries), Latin and
 * digit words, and pinyin initials of the name and the department — and writes them as a tsvector literal with
 * positions and weights (A name, B items, C abstract, D department). Casting that literal (`$1::tsvector`) and
 * the query (`$2::tsquery`) involves no text-search configuration, so PGlite and PostgreSQL index and match the
 * same lexemes whatever their locale.
 */
const RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/gu;
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const MAX_WORD = 40;
const MAX_POS = 16_383; // tsvector position limit
const MAX_POS_PER_LEXEME = 2; // ts_rank weighs the first positions; more only grow the index

export type Weight = 'A' | 'B' | 'C' | 'D';

function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUN) ?? [];
}

const isCjk = (run: string) => CJK_CHAR.test(run[0] ?? '');

/** Lexemes of one text: bigrams of each CJK run (the run itself when it has one character), words otherwise. */
export function textTokens(text: string, unigrams = false): string[] {
  const out: string[] = [];
  for (const run of runs(text)) {
    if (!isCjk(run)) {
      out.push(run.slice(0, MAX_WORD));
      continue;
    }
    const chars = [...run];
    if (chars.length === 1 || unigrams) out.push(...chars);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Pinyin initials of the Chinese characters of `text` ("人口基础信息" → "rkjcxx"). */
export function initials(text: string): string {
  const han = [...text.normalize('NFKC')].filter((c) => CJK_CHAR.test(c)).join('');
  if (!han) return '';
  return (pinyin(han, { pattern: 'first', toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase().replace(/[^a-z]/g, '');
}

/** Every suffix of length ≥ 2, so a prefix query matches initials starting at any character ("jcxx" in "rkjcxx"). */
function suffixes(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= s.length && i < 40; i++) out.push(s.slice(i));
  return out;
}

/** "四川省公安厅" → "公安": the part of a department's name people abbreviate. */
export function departmentCore(name: string): string {
  return name.replace(/^(四川省|成都市武侯区|成都市|国家税务总局四川省)/, '').replace(/(人民政府办公厅|委员会|管理局|监督管理局|厅|局|委|中心|办公室)$/, '');
}

export interface SearchDoc {
  name: string;
  abstract: string;
  itemNames: readonly string[];
  departmentName: string;
  code: string;
}

/** The tsvector literal of a resource ("'人口':1A,7A '口基':2A …"), for `$1::tsvector`. */
export function documentVector(doc: SearchDoc): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const emit = (lexemes: string[], w: Weight) => {
    for (const l of lexemes) {
      pos = Math.min(pos + 1, MAX_POS);
      const list = positions.get(l) ?? [];
      if (list.length < MAX_POS_PER_LEXEME) list.push(`${pos}${w === 'D' ? '' : w}`);
      positions.set(l, list);
    }
  };
  const core = departmentCore(doc.departmentName);
  emit([...textTokens(doc.name, true), ...textTokens(doc.code), ...suffixes(initials(doc.name)), initials(core + doc.name)].filter(Boolean), 'A');
  emit(doc.itemNames.flatMap((n) => textTokens(n)), 'B');
  emit(textTokens(doc.abstract), 'C');
  emit([...textTokens(doc.departmentName), ...suffixes(initials(doc.departmentName))], 'D');
  return [...positions].map(([l, p]) => `'${l}':${p.join(',')}`).join(' ');
}

/**
 * The tsquery of a user's query: AND of every term's lexemes (bigrams of a CJK term, its character when it has
 * one); Latin letters and digits match as prefixes (so "gajd" finds the pinyin initials "gajdcjsrxx"). null when
 * the query has nothing searchable.
 */
export function queryText(q: string): string | null {
  const parts: string[] = [];
  for (const run of runs(q)) {
    if (isCjk(run)) {
      for (const t of textTokens(run)) parts.push(`'${t}'`);
    } else {
      const w = run.slice(0, MAX_WORD);
      parts.push(w.length >= 2 ? `'${w}':*` : `'${w}'`);
    }
  }
  const unique = [...new Set(parts)];
  return unique.length === 0 ? null : unique.slice(0, 32).join(' & ');
}
