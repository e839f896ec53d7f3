// SPDX-License-Identifier: Apache-2.0
// PostgreSQL full-text search over the same datasets, the way a portal without a search engine
// does it (schema and indexes in search_pg_schema.sql and search_pg_index.sql): one statement a
// search, matching with the tsvector, filtering on indexed columns, top 20 by ts_rank and five
// facet counts by GROUP BY over the matches.
//
//   node bench/search_pg.mjs run QUERIES_FILE [ROUNDS]  prints "p50_ms p99_ms queries_per_s"
import pg from 'pg';
import { readFileSync } from 'node:fs';

const client = new pg.Client({ host: '/tmp', port: Number(process.env.PGPORT || 18432), user: 'postgres', database: 'postgres' });
await client.connect();
const [mode, arg, roundsText] = process.argv.slice(2);

if (mode === 'run') {
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
