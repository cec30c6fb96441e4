import { sql, type Kysely } from 'kysely';

// The catalog's search index moves out of catalog_versions into a narrow table of the published catalog (one row
// per published resource) plus pre-aggregated facet counts: searching and counting facets over 100,000 entries
// then reads narrow rows instead of whole versions (bench/catalog-search.ts). `tsv` holds every lexeme without
// positions (strip: smaller, only for matching); `rank_tsv` the name's lexemes with positions and weight (ts_filter),
// for ranking. Existing published versions are indexed here, so a database migrated with 0002 keeps a complete index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS catalog_versions_tsv`.execute(db);
  await sql`DROP INDEX IF EXISTS catalog_versions_published_dept`.execute(db);
  await sql`DROP INDEX IF EXISTS catalog_versions_published_region`.execute(db);
  await sql`DROP INDEX IF EXISTS catalog_versions_published_date`.execute(db);
  await sql`CREATE TABLE catalog_search (
    resource_id text PRIMARY KEY REFERENCES catalog_resources(id),
    version integer NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    department_id text NOT NULL,
    region_code text NOT NULL,
    kind text NOT NULL,
    share_type text NOT NULL,
    format text NOT NULL,
    update_cycle text NOT NULL,
    open boolean NOT NULL,
    publish_date date,
    published_at timestamptz NOT NULL,
    rank_tsv tsvector NOT NULL,
    tsv tsvector NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX catalog_search_tsv ON catalog_search USING gin (tsv)`.execute(db);
  await sql`CREATE INDEX catalog_search_published ON catalog_search(published_at DESC, code)`.execute(db);
  await sql`CREATE INDEX catalog_search_department ON catalog_search(department_id)`.execute(db);
  await sql`CREATE INDEX catalog_search_region ON catalog_search(region_code)`.execute(db);
  // Facet counts per combination of facet values: a listing without a query counts facets over a few thousand
  // combinations instead of every resource.
  await sql`CREATE TABLE catalog_facet_counts (
    region_code text NOT NULL,
    department_id text NOT NULL,
    kind text NOT NULL,
    share_type text NOT NULL,
    format text NOT NULL,
    update_cycle text NOT NULL,
    open boolean NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (department_id, kind, share_type, format, update_cycle, open, region_code)
  )`.execute(db);
  await sql`INSERT INTO catalog_search (resource_id, version, code, name, department_id, region_code, kind, share_type, format, update_cycle, open, publish_date, published_at, rank_tsv, tsv)
    SELECT resource_id, version, code, name, department_id, region_code, kind, share_type, format, update_cycle, open, publish_date, coalesce(published_at, now()),
           ts_filter(tsv, '{a}'), strip(tsv)
      FROM catalog_versions WHERE status = 'published'`.execute(db);
  await sql`INSERT INTO catalog_facet_counts (region_code, department_id, kind, share_type, format, update_cycle, open, n)
    SELECT region_code, department_id, kind, share_type, format, update_cycle, open, count(*)
      FROM catalog_search GROUP BY region_code, department_id, kind, share_type, format, update_cycle, open`.execute(db);
}
