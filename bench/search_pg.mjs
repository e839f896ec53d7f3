// SPDX-License-Identifier: Apache-2.0
// PostgreSQL full-text search over the same datasets, the way a portal without a search engine
// does it: a tsvector column (Swedish and English configurations) with a GIN index, filters on
// indexed columns, facet counts by GROUP BY over the matches.
//
//   node bench/search_pg.mjs load SAMVERKA_URL        export the catalogue through the API, COPY it in
//   node bench/search_pg.mjs run QUERIES_FILE [ROUNDS]  prints "p50_ms p99_ms queries_per_s"
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

const client = new pg.Client({ host: '/tmp', port: Number(process.env.PGPORT || 18432), user: 'postgres', database: 'postgres' });
await client.connect();
const [mode, arg, roundsText] = process.argv.slice(2);

if (mode === 'load') {
  await client.query('DROP TABLE IF EXISTS datasets');
  await client.query(`CREATE TABLE datasets (
    id uuid PRIMARY KEY, title_sv text, title_en text, description_sv text, description_en text,
    keywords text, themes text[], publisher text, formats text[], licenses text[],
    access_rights text, modified timestamptz)`);
  const rows = [];
  const clean = (text) => (text || '').replace(/[\t\n\r]/g, ' ');
  const array = (list) => `{${(list || []).map((v) => `"${v.replace(/["\\]/g, '')}"`).join(',')}}`;
  const organizations = await (await fetch(`${arg}/api/v1/organizations`)).json();
  const slugOf = new Map(organizations.items.map((o) => [o.id, o.slug]));
  let cursor = null;
  let count = 0;
  const licenseCode = (iri) => iri.replace(/\/$/, '').split('/').slice(-2).join('/');
  do {
    const page = await (await fetch(`${arg}/api/v1/datasets?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json();
    for (const d of page.items) {
      const distributions = d.distributions || [];
      rows.push([d.id, clean(d.title?.sv), clean(d.title?.en), clean(d.description?.sv), clean(d.description?.en),
        clean([...(d.keywords?.sv || []), ...(d.keywords?.en || [])].join(' ')), array(d.themes), slugOf.get(d.publisher) || d.publisher,
        array([...new Set(distributions.map((x) => x.format))]), array([...new Set(distributions.map((x) => licenseCode(x.license || '')))]),
        d.access_rights || '', d.metadata_modified].join('\t'));
    }
    count += page.items.length;
    cursor = page.next;
    if (rows.length >= 20000 || !cursor) {
      // Multi-row INSERTs of 1,000 rows (the load is not what is measured).
      for (let start = 0; start < rows.length; start += 1000) {
        const chunk = rows.slice(start, start + 1000).map((line) => line.split('\t'));
        const values = [];
        const placeholders = chunk.map((fields, r) => `(${fields.map((_, c) => `$${r * 12 + c + 1}`).join(',')})`);
        for (const fields of chunk) values.push(...fields);
        await client.query(`INSERT INTO datasets VALUES ${placeholders.join(',')}`, values);
      }
      rows.length = 0;
      process.stderr.write(`\r${count} datasets`);
    }
  } while (cursor);
  process.stderr.write('\nindexing\n');
  await client.query(`ALTER TABLE datasets ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', coalesce(title_sv, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(title_en, '')), 'A') ||
    to_tsvector('swedish', coalesce(description_sv, '') || ' ' || coalesce(keywords, '')) ||
    to_tsvector('english', coalesce(description_en, ''))) STORED`);
  await client.query('CREATE INDEX datasets_tsv ON datasets USING gin (tsv)');
  await client.query('CREATE INDEX datasets_themes ON datasets USING gin (themes)');
  await client.query('CREATE INDEX datasets_formats ON datasets USING gin (formats)');
  await client.query('CREATE INDEX datasets_publisher ON datasets (publisher)');
  await client.query('VACUUM ANALYZE datasets');
  console.log(count);
} else if (mode === 'run') {
  const lines = readFileSync(arg, 'utf8').trim().split('\n');
  const rounds = Number(roundsText || 3);
  const sql = (filters) => `
    WITH q AS (SELECT websearch_to_tsquery('swedish', $1) || websearch_to_tsquery('english', $1) AS q),
    m AS MATERIALIZED (
      SELECT d.id, d.title_sv, d.themes, d.publisher, d.formats, d.licenses, d.access_rights,
             ts_rank(d.tsv, q.q) AS rank
      FROM datasets d, q WHERE ($1 = '' OR d.tsv @@ q.q) ${filters})
    SELECT json_build_object(
      'total', (SELECT count(*) FROM m),
      'top', (SELECT json_agg(x) FROM (SELECT id, title_sv FROM m ORDER BY rank DESC LIMIT 20) x),
      'theme', (SELECT json_agg(x) FROM (SELECT t, count(*) c FROM m, unnest(themes) t GROUP BY t ORDER BY c DESC LIMIT 20) x),
      'publisher', (SELECT json_agg(x) FROM (SELECT publisher, count(*) c FROM m GROUP BY publisher ORDER BY c DESC LIMIT 20) x),
      'format', (SELECT json_agg(x) FROM (SELECT f, count(*) c FROM m, unnest(formats) f GROUP BY f ORDER BY c DESC LIMIT 20) x),
      'license', (SELECT json_agg(x) FROM (SELECT l, count(*) c FROM m, unnest(licenses) l GROUP BY l ORDER BY c DESC LIMIT 20) x),
      'access_rights', (SELECT json_agg(x) FROM (SELECT access_rights, count(*) c FROM m GROUP BY access_rights ORDER BY c DESC LIMIT 20) x)) AS result`;
  const prepared = lines.map((line) => {
    const params = new URLSearchParams(line);
    const values = [params.get('q') || ''];
    let filters = '';
    for (const [key, column] of [['theme', 'themes'], ['format', 'formats']]) {
      if (params.get(key)) { values.push(params.get(key)); filters += ` AND $${values.length} = ANY(d.${column})`; }
    }
    for (const [key, column] of [['publisher', 'publisher'], ['access_rights', 'access_rights']]) {
      if (params.get(key)) { values.push(params.get(key)); filters += ` AND d.${column} = $${values.length}`; }
    }
    return { text: sql(filters), values };
  });
  const times = [];
  for (let round = 0; round <= rounds; round++) {
    for (const query of prepared) {
      const started = process.hrtime.bigint();
      await client.query(query);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (round > 0) times.push(ms);
    }
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0) / 1000;
  console.log(`${times[Math.floor(times.length / 2)].toFixed(3)} ${times[Math.floor(times.length * 0.99)].toFixed(3)} ${(times.length / total).toFixed(1)}`);
}
await client.end();
