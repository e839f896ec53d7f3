// SPDX-License-Identifier: Apache-2.0
// Search through the real binary: Swedish and English, compounds, folding, facets, filters,
// visibility, suggestions, bad queries, and an index that never drifts from the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setupWorld, request, cleanup, validDataset, startServer, cliOk, tempDataDir } from './harness.mjs';

let world;
const call = (method, path, options) => request(world.url, method, path, options);
const search = async (query, token) => {
  const r = await call('GET', `/api/v1/search?${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const titles = (results) => results.items.map((item) => item.title.sv).sort();

before(async () => {
  world = await setupWorld('search');
  const datasets = [
    validDataset({ title: { sv: 'Vattenkvalitet i Mälardalen', en: 'Water quality in the Mälaren region' }, themes: ['ENVI'], keywords: { sv: ['vatten', 'sjöar'] } }),
    validDataset({ title: { sv: 'Befolkning per kommun', en: 'Population by municipality' }, themes: ['SOCI'] }),
    validDataset({ title: { sv: 'Luftkvalitet i städer', en: 'Air quality in cities' }, themes: ['ENVI'], distributions: [{ access_url: 'https://a.se', format: 'GEOJSON', license: 'CC-BY-4.0' }] }),
    validDataset({ title: { sv: 'Hemligt utkast om vatten' }, state: 'draft' }),
    validDataset({ title: { sv: 'Kollektivtrafikens hållplatser', en: 'Public transport stops' }, themes: ['TRAN'], publisher: 'smhi' }),
  ];
  for (const body of datasets) {
    const token = body.publisher === 'smhi' ? world.tokens.outsider : world.tokens.editor;
    const r = await call('POST', '/api/v1/datasets?wait_for_index=true', { token, body });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('index-wait'), null, 'the change was searchable before the answer');
  }
  const service = await call('POST', '/api/v1/data-services?wait_for_index=true', { token: world.tokens.editor,
    body: { publisher: 'scb', title: { sv: 'Befolkningsstatistikens API' }, endpoint_url: 'https://api.scb.se' } });
  assert.equal(service.status, 201);
});
after(async () => { await world.server.stop(); cleanup(world.data); });

test('words in Swedish and English, compounds and folded diacritics', async () => {
  const cases = [
    ['q=vattenkvalitet', ['Vattenkvalitet i Mälardalen']],
    ['q=vatten', ['Vattenkvalitet i Mälardalen']],
    ['q=kvalitet', ['Luftkvalitet i städer', 'Vattenkvalitet i Mälardalen']],
    ['q=malardalen', ['Vattenkvalitet i Mälardalen']],
    ['q=municipalities', ['Befolkning per kommun']],
    ['q=kommunen&type=dataset', ['Befolkning per kommun']],
    ['q=%22public%20transport%22', ['Kollektivtrafikens hållplatser']],
    ['q=kvalitet%20NOT%20luft', ['Vattenkvalitet i Mälardalen']],
    ['q=title:befolkning&type=dataset', ['Befolkning per kommun']],
    ['q=kollektivtraf*', ['Kollektivtrafikens hållplatser']],
  ];
  for (const [query, expected] of cases) assert.deepEqual(titles(await search(query)), expected, query);
  const hit = (await search('q=vattenkvalitet')).items[0];
  assert.equal(hit.publisher.slug, 'scb');
  const described = (await search('q=folkm%C3%A4ngd&type=dataset')).items[0];
  assert.match(described.snippet, /<mark>Folkmängd<\/mark>/);
});

test('facets with labels, filters, sorting and paging', async () => {
  const all = await search('type=dataset&facets=theme,publisher,format,license');
  assert.equal(all.total, 4, 'published datasets only');
  assert.equal(all.total_is_estimate, false);
  assert.equal(all.facets_are_estimates, false, 'small results count every match');
  const exact = await search('type=dataset&facets=theme&exact=true');
  assert.deepEqual([exact.total, exact.facets_are_estimates], [4, false]);
  const envi = all.facets.theme.find((f) => f.value === 'ENVI');
  assert.deepEqual(envi, { value: 'ENVI', label_sv: 'Miljö', label_en: 'Environment', count: 2 });
  assert.equal(all.facets.publisher.find((f) => f.value === 'scb').label_sv, 'Statistiska centralbyrån');
  assert.ok(all.facets.license.some((f) => f.value === 'CC-BY-4.0'));
  assert.deepEqual(titles(await search('theme=ENVI&format=GEOJSON')), ['Luftkvalitet i städer']);
  assert.deepEqual(titles(await search('theme=http://publications.europa.eu/resource/authority/data-theme/TRAN')), ['Kollektivtrafikens hållplatser']);
  assert.deepEqual(titles(await search('publisher=smhi')), ['Kollektivtrafikens hållplatser']);
  assert.deepEqual(titles(await search('keyword=sjoar')), ['Vattenkvalitet i Mälardalen']);
  const sorted = await search('type=dataset&sort=title');
  assert.deepEqual(sorted.items.map((i) => i.title.sv), ['Befolkning per kommun', 'Kollektivtrafikens hållplatser', 'Luftkvalitet i städer', 'Vattenkvalitet i Mälardalen']);
  const first = await search('type=dataset&sort=title&limit=3');
  assert.ok(first.next);
  const second = await search(`type=dataset&sort=title&limit=3&cursor=${first.next}`);
  assert.deepEqual(second.items.map((i) => i.title.sv), ['Vattenkvalitet i Mälardalen']);
  assert.equal(second.next, null);
  assert.deepEqual(titles(await search('type=data_service')), ['Befolkningsstatistikens API']);
  // facet_mincount leaves out the values counted fewer times (ENVI has 2 public datasets).
  const themes = (query) => search(query).then((r) => r.facets.theme.map((f) => f.value).sort());
  assert.deepEqual(await themes('type=dataset&facets=theme&facet_mincount=2'), ['ENVI']);
  assert.ok((await themes('type=dataset&facets=theme')).length > 1);
  assert.equal((await call('GET', '/api/v1/search?facet_mincount=0')).status, 400);
});

test('drafts are found only by those who may read them', async () => {
  assert.deepEqual(titles(await search('q=hemligt')), []);
  assert.deepEqual(titles(await search('q=hemligt', world.tokens.outsider)), []);
  assert.deepEqual(titles(await search('q=hemligt&state=draft', world.tokens.editor)), ['Hemligt utkast om vatten']);
  assert.equal((await call('GET', '/api/v1/search?state=draft')).status, 401);
  assert.equal((await call('GET', '/api/v1/search?state=draft', { token: world.tokens.member })).status, 403);
  const suggestions = await call('GET', '/api/v1/search/suggest?q=hemli');
  assert.deepEqual(suggestions.json.items, [], 'completions never reveal drafts');
});

test('suggestions and completions', async () => {
  const misspelt = await search('q=befolknnig');
  assert.equal(misspelt.suggestion, 'befolkning');
  const completions = await call('GET', '/api/v1/search/suggest?q=vatt');
  assert.ok(completions.json.items.includes('vattenkvalitet'), completions.text);
});

test('bad queries get 400, never 500', async () => {
  const cases = ['q=%22unbalanced', 'q=((((', 'q=)', 'q=AND%20OR', 'q=title:', 'q=*'];
  for (const query of cases) {
    const r = await call('GET', `/api/v1/search?${query}`);
    assert.ok(r.status === 200 || r.status === 400, `${query} -> ${r.status}`);
  }
  const bad = ['limit=0', 'limit=100000', 'offset=10001', 'cursor=nonsense', 'facets=colour', 'theme=WEATHER',
    'sort=random', 'modified_since=yesterday', 'colour=red', `q=${'a'.repeat(2000)}`, 'type=everything'];
  for (const query of bad) {
    const r = await call('GET', `/api/v1/search?${query}`);
    assert.equal(r.status, 400, `${query}: ${r.text.slice(0, 200)}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
  }
  // Empty pieces of a query string (a trailing or doubled &) are nothing, not an unknown name;
  // an empty name with a value still is one.
  assert.deepEqual(titles(await search('q=vatten&')), titles(await search('q=vatten')));
  assert.equal((await search('q=vatten&&theme=ENVI')).total, 1);
  assert.equal((await call('GET', '/api/v1/search?q=vatten&=x')).status, 400);
  const huge = await call('GET', `/api/v1/search?q=${'a'.repeat(100 * 1024)}`);
  assert.ok([400, 431].includes(huge.status), `100 KB query: ${huge.status}`);
  assert.equal((await call('GET', '/healthz')).status, 200);
});

test('changes and withdrawals reach the index and its facet counts', async () => {
  const themeCount = async (code) => ((await search('type=dataset&facets=theme')).facets.theme.find((f) => f.value === code) || { count: 0 }).count;
  const agriBefore = await themeCount('AGRI');  // builds the in-memory facet table
  const created = await call('POST', '/api/v1/datasets?wait_for_index=true', { token: world.tokens.editor,
    body: validDataset({ title: { sv: 'Grundvattennivåer' }, themes: ['AGRI'] }) });
  assert.deepEqual(titles(await search('q=grundvattenniva')), ['Grundvattennivåer']);
  assert.equal(await themeCount('AGRI'), agriBefore + 1);
  await call('PATCH', `/api/v1/datasets/${created.json.id}?wait_for_index=true`, { token: world.tokens.editor, body: { title: { sv: 'Grundvattenstånd' }, themes: ['ENER'] } });
  assert.deepEqual(titles(await search('q=grundvattenniva')), []);
  assert.deepEqual(titles(await search('q=grundvattenstand')), ['Grundvattenstånd']);
  assert.equal(await themeCount('AGRI'), agriBefore, 'the old value is no longer counted');
  assert.equal(await themeCount('ENER'), 1);
  await call('DELETE', `/api/v1/datasets/${created.json.id}?wait_for_index=true`, { token: world.tokens.editor });
  assert.deepEqual(titles(await search('q=grundvattenstand')), []);
  assert.equal(await themeCount('ENER'), 0, 'withdrawn datasets leave the public counts');
  await call('PATCH', '/api/v1/organizations/scb?wait_for_index=true', { token: world.tokens.sysadmin, body: { name: { sv: 'SCB, Statistiska centralbyrån' } } });
  const renamed = await search('q=vattenkvalitet');
  assert.equal(renamed.items[0].publisher.name.sv, 'SCB, Statistiska centralbyrån', 'an organisation change reindexes its datasets');
});

test('kill -9 in the middle of a bulk load: after restart the index equals a fresh reindex', async () => {
  const { child } = world.server;
  child.ref();  // the harness unrefs servers; waiting for this one's exit must keep node alive
  const writes = [];
  for (let index = 0; index < 200; index++) {
    writes.push(call('POST', '/api/v1/datasets', { token: world.tokens.editor,
      body: validDataset({ title: { sv: `Massladdning ${index} vattenflöde`, en: `Bulk ${index}` } }) }).catch(() => null));
    if (index === 120) child.kill('SIGKILL');
  }
  await Promise.all(writes);
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', resolve)));
  world.server = await startServer(world.data);
  world.url = world.server.url;
  for (let attempt = 0; attempt < 200; attempt++) {
    const health = (await call('GET', '/healthz')).json;
    if (health.search_index.lag === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const queries = ['q=vattenflode&limit=1000', 'q=massladdning&limit=1000', 'type=dataset&limit=1000&facets=theme,publisher', 'q=kvalitet'];
  const before = [];
  for (const query of queries) before.push(await search(query, world.tokens.sysadmin));
  const stored = (await call('GET', '/api/v1/datasets?limit=1000&state=published', { token: world.tokens.sysadmin })).json.total;
  assert.equal(before[2].total, stored, 'every stored dataset is indexed');
  cliOk(['reindex', '--data', world.data]);
  for (let index = 0; index < queries.length; index++) {
    const afterReindex = await search(queries[index], world.tokens.sysadmin);
    assert.deepEqual(afterReindex.items.map((i) => i.id).sort(), before[index].items.map((i) => i.id).sort(), queries[index]);
    assert.deepEqual(afterReindex.facets, before[index].facets, queries[index]);
    assert.equal(afterReindex.total, before[index].total, queries[index]);
  }
});

test('filter values are bounded per filter and in all, and repeated values count once', async () => {
  const many = Array.from({ length: 101 }, (_, i) => `kw${i}`).join(',');
  const r = await call('GET', `/api/v1/search?keyword=${many}`);
  assert.equal(r.status, 400);
  assert.match(r.json.detail, /keyword.*101 values; at most 100/);
  const hundred = (prefix) => Array.from({ length: 100 }, (_, i) => `${prefix}${i}`).join(',');
  const all = await call('GET', `/api/v1/search?keyword=${hundred('a')}&format=${hundred('b')}&license=CC0-1.0&theme=ENVI,SOCI&publisher=${hundred('c')}&language=sv`);
  assert.equal(all.status, 400);
  assert.match(all.json.detail, /304 values in all; at most 300/);
  const repeated = await search(`theme=${Array(100).fill('ENVI').join(',')}`);
  assert.deepEqual(titles(repeated), ['Luftkvalitet i städer', 'Vattenkvalitet i Mälardalen']);
});

test('a search past its time budget stops and answers 503', async () => {
  const data = world.data;
  await world.server.stop();
  writeFileSync(join(data, 'samverka.toml'), '[server]\nread_budget_ms = 1\n');
  const server = await startServer(data);
  try {
    let refused = null;
    for (let i = 0; i < 20 && !refused; i++) {
      const r = await request(server.url, 'GET', `/api/v1/search?q=vatten+OR+luft+OR+befolkning+OR+w${i}&facets=theme,publisher,keyword,format`);
      if (r.status === 503) refused = r;
      else assert.equal(r.status, 200, r.text);
    }
    assert.ok(refused, 'a 1 ms budget is spent by a search with facets');
    assert.match(refused.json.detail, /longer than this request may take \(1 ms\)/);
    assert.equal(refused.headers.get('retry-after'), '1');
  } finally {
    await server.stop();
    writeFileSync(join(data, 'samverka.toml'), '');
    world.server = await startServer(data);
    world.url = world.server.url;
  }
});

test('an index written by an older samverka is rebuilt at start while the server serves', async () => {
  const data = tempDataDir('aged-index');
  cliOk(['init', data, '--demo', '200']);
  const current = () => readlinkSync(join(data, 'search', 'current'));
  const before = current();
  const aged = spawnSync(process.env.AGE_INDEX || 'build-debug/tests/age_index', [join(data, 'search', before)], { encoding: 'utf8' });
  assert.equal(aged.status, 0, aged.stderr);
  const server = await startServer(data);
  try {
    // Searches are answered from the old index meanwhile; then the new one is swapped in.
    assert.equal((await request(server.url, 'GET', '/api/v1/search?limit=1')).status, 200);
    for (let i = 0; i < 100 && current() === before; i++) await new Promise((r) => setTimeout(r, 100));
    assert.notEqual(current(), before, 'a new index replaced the aged one');
    assert.match(server.stderr(), /event=search_index_outdated schema=1 current=3/);
    for (let i = 0; i < 50 && !/search_index_rebuilt/.test(server.stderr()); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.match(server.stderr(), /event=search_index_rebuilt/);
    // What the new schema holds: the slug, sortable (CKAN's sort=name asc).
    let names = [];
    for (let i = 0; i < 50; i++) {
      const r = await request(server.url, 'GET', '/api/3/action/package_search?rows=5&sort=name%20asc&fl=name');
      names = r.json.result.results.map((p) => p.name);
      if (names.length === 5 && names.every((n) => n)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(names, [...names].sort());
    assert.equal(names.length, 5);
    assert.equal((await request(server.url, 'GET', `/api/3/action/package_search?fq=name:${names[0]}&rows=0`)).json.result.count, 1);
  } finally {
    await server.stop();
    cleanup(data);
  }
});

test('concurrent searches that translate phrases do not share a stemmer (a race that corrupted memory)', async () => {
  const queries = ['life expectancy statistics', 'sick leave days', 'water quality lakes', 'air quality in cities', 'public transport stops', 'population by municipality', 'traffic accidents roads', 'unemployment rate youth'];
  // Rounds of 16 at once (under the per-client connection limit); the race shows within a few
  // hundred requests on two server threads.
  for (let round = 0; round < 60; round++) {
    const answers = await Promise.all(Array.from({ length: 16 }, (_, index) =>
      call('GET', `/api/v1/search?q=${encodeURIComponent(queries[(round + index) % queries.length])}&facets=theme,publisher`)));
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
  }
  assert.equal((await call('GET', '/healthz')).status, 200);
});
