import { sql, type Kysely } from 'kysely';

// Catalog search, second pass (docs/performance.md "Catalog search"):
// - each combination of facet values (a row of catalog_facet_counts) gets a small integer id, and each indexed
//   resource points at its combination (facet_id): a query's facets are then counted by grouping its matches on
//   one integer and applying the facet filters to the few thousand combinations, not to every matching row;
// - indexes for the sort orders of a listing without a query (publish date, name; published_at exists);
// - a retired version records who retired it, when and why (retirement, shown in the version history).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE catalog_facet_counts ADD COLUMN id serial`.execute(db);
  await sql`CREATE UNIQUE INDEX catalog_facet_counts_id ON catalog_facet_counts(id)`.execute(db);
  await sql`ALTER TABLE catalog_search ADD COLUMN facet_id integer`.execute(db);
  await sql`UPDATE catalog_search s SET facet_id = fc.id FROM catalog_facet_counts fc
    WHERE fc.region_code = s.region_code AND fc.department_id = s.department_id AND fc.kind = s.kind AND fc.share_type = s.share_type
      AND fc.format = s.format AND fc.update_cycle = s.update_cycle AND fc.open = s.open`.execute(db);
  await sql`ALTER TABLE catalog_search ALTER COLUMN facet_id SET NOT NULL`.execute(db);
  await sql`CREATE INDEX catalog_search_publish_date ON catalog_search(publish_date DESC, code)`.execute(db);
  await sql`CREATE INDEX catalog_search_name ON catalog_search(name, code)`.execute(db);
  await sql`ALTER TABLE catalog_versions ADD COLUMN retirement jsonb`.execute(db);
}
