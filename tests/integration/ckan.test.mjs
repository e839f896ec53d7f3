// SPDX-License-Identifier: Apache-2.0
// The CKAN Action API as CKAN clients and harvesters call it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';

let world;
const action = async (name, query = '', options = {}) => request(world.url, options.body ? 'POST' : 'GET', `/api/3/action/${name}${query ? `?${query}` : ''}`, options);

before(async () => {
  world = await setupWorld('ckan');
  const bodies = [
    validDataset({ slug: 'befolkning', title: { sv: 'Befolkning per kommun', en: 'Population' }, themes: ['SOCI'], keywords: { sv: ['befolkning', 'kommuner'] } }),
    validDataset({ slug: 'luftkvalitet', title: { sv: 'Luftkvalitet' }, themes: ['ENVI'], keywords: { sv: ['luft'] },
      distributions: [{ access_url: 'https://a.se', download_urls: ['https://a.se/luft.json'], format: 'JSON', media_type: 'application/json', license: 'CC-BY-4.0', byte_size: 1234 }] }),
    validDataset({ slug: 'privat', title: { sv: 'Privat statistik' }, private: true }),
  ];
  for (const body of bodies) {
    const r = await request(world.url, 'POST', '/api/v1/datasets?wait_for_index=true', { token: world.tokens.editor, body });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await world.server.stop(); cleanup(world.data); });

test('status_show, license_list, package_list', async () => {
  const status = await action('status_show');
  assert.equal(status.status, 200);
  assert.equal(status.json.success, true);
  assert.match(status.json.help, /help_show\?name=status_show$/);
  assert.ok(status.json.result.ckan_version);
  const licenses = await action('license_list');
  assert.ok(licenses.json.result.some((l) => l.id === 'CC-BY-4.0' && l.url === 'http://creativecommons.org/licenses/by/4.0/'));
  const list = await action('package_list');
  assert.deepEqual(list.json.result.sort(), ['befolkning', 'luftkvalitet'], 'private datasets are not listed');
  assert.deepEqual((await action('package_list', 'limit=1&offset=1')).json.result.length, 1);
});

test('package_show returns CKAN\'s dataset dict', async () => {
  const shown = await action('package_show', 'id=luftkvalitet');
  assert.equal(shown.status, 200);
  const pkg = shown.json.result;
  assert.equal(pkg.name, 'luftkvalitet');
  assert.equal(pkg.title, 'Luftkvalitet');
  assert.equal(pkg.notes, 'Folkmängd den 31 december.');
  assert.equal(pkg.organization.name, 'scb');
  assert.equal(pkg.state, 'active');
  assert.equal(pkg.license_id, 'CC-BY-4.0');
  assert.deepEqual(pkg.tags.map((t) => t.name), ['luft']);
  assert.deepEqual(pkg.groups.map((g) => g.name), ['envi']);
  assert.equal(pkg.num_resources, 1);
  assert.equal(pkg.resources[0].url, 'https://a.se/luft.json');
  assert.equal(pkg.resources[0].format, 'JSON');
  assert.equal(pkg.resources[0].size, 1234);
  assert.ok(pkg.extras.some((e) => e.key === 'uri' && e.value.endsWith(`/datasets/${pkg.id}`)));
  const byPost = await action('package_show', '', { body: { id: pkg.id } });
  assert.equal(byPost.json.result.name, 'luftkvalitet');
  const missing = await action('package_show', 'id=nothing');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json.error.__type, 'Not Found Error');
  assert.equal(missing.json.success, false);
  assert.equal((await action('package_show', 'id=privat')).status, 404, 'private datasets stay hidden');
});

test('package_search with q, fq, rows, start, sort and facets', async () => {
  const all = await action('package_search', 'q=*:*&rows=10');
  assert.equal(all.json.result.count, 2);
  const found = await action('package_search', 'q=befolkning');
  assert.deepEqual(found.json.result.results.map((p) => p.name), ['befolkning']);
  const filtered = await action('package_search', `fq=${encodeURIComponent('organization:scb +res_format:json')}`);
  assert.deepEqual(filtered.json.result.results.map((p) => p.name), ['luftkvalitet']);
  assert.deepEqual((await action('package_search', 'fq=tags:kommuner')).json.result.results.map((p) => p.name), ['befolkning']);
  assert.deepEqual((await action('package_search', 'fq=groups:envi')).json.result.results.map((p) => p.name), ['luftkvalitet']);
  assert.deepEqual((await action('package_search', 'fq=license_id:CC-BY-4.0')).json.result.results.map((p) => p.name), ['luftkvalitet']);
  const paged = await action('package_search', 'rows=1&start=1&sort=name%20asc');
  assert.deepEqual(paged.json.result.results.map((p) => p.name), ['luftkvalitet']);
  const facets = await action('package_search', `facet.field=${encodeURIComponent('["organization","tags","res_format","groups","license_id"]')}&facet.limit=10`);
  assert.deepEqual(facets.json.result.facets.organization, { scb: 2 });
  assert.equal(facets.json.result.facets.groups.envi, 1);
  assert.equal(facets.json.result.search_facets.organization.items[0].display_name, 'Statistiska centralbyrån');
  const posted = await action('package_search', '', { body: { q: 'luft', rows: 5, 'facet.field': ['res_format'] } });
  assert.equal(posted.json.result.count, 1);
  assert.deepEqual(posted.json.result.facets.res_format, { JSON: 1 });
  const privateToo = await action('package_search', 'include_private=true', { token: world.tokens.member });
  assert.equal(privateToo.json.result.count, 3);
  const privateNotAsked = await action('package_search', '', { token: world.tokens.member });
  assert.equal(privateNotAsked.json.result.count, 2);
});

test('harvesting: what changed since a time, and pages past 10,000', async () => {
  // CKAN's own harvester asks for fq=metadata_modified:[SINCE TO *] and pages with start.
  const range = (from, to = '*') => `fq=${encodeURIComponent(`metadata_modified:[${from} TO ${to}]`)}`;
  assert.equal((await action('package_search', range('2000-01-01'))).json.result.count, 2);
  assert.equal((await action('package_search', range('2999-01-01T00:00:00Z'))).json.result.count, 0);
  const since = (await action('package_show', 'id=befolkning')).json.result.metadata_modified;
  await new Promise((resolve) => setTimeout(resolve, 20));
  const edited = await request(world.url, 'PATCH', '/api/v1/datasets/luftkvalitet?wait_for_index=true',
    { token: world.tokens.editor, body: { version: '2' } });
  assert.equal(edited.status, 200, edited.text);
  const changed = (await action('package_search', `${range(`${since.replace(/Z?$/, 'Z')}`, 'NOW')}&rows=10`)).json.result;
  assert.ok(changed.results.some((p) => p.name === 'luftkvalitet'), 'the edited dataset');
  const later = (await action('package_show', 'id=luftkvalitet')).json.result.metadata_modified;
  const sinceEdit = (await action('package_search', range(later))).json.result;
  assert.deepEqual(sinceEdit.results.map((p) => p.name), ['luftkvalitet']);
  // Both ends, exclusive ends and date math, as Solr takes them.
  assert.equal((await action('package_search', range('2000-01-01', '2001-01-01'))).json.result.count, 0);
  assert.equal((await action('package_search', range('NOW-1YEAR', 'NOW+1DAY'))).json.result.count, 2);
  const exclusive = `fq=${encodeURIComponent(`metadata_modified:{${later.replace(/Z?$/, 'Z')} TO *]`)}`;
  assert.deepEqual((await action('package_search', exclusive)).json.result.results, []);
  for (const bad of ['[yesterday TO *]', '2020-01-01', '[2020-01-01 TO *']) {
    const r = await action('package_search', `fq=${encodeURIComponent(`metadata_modified:${bad}`)}`);
    assert.equal(r.status, 409, `${bad}: ${r.text}`);
    assert.equal(r.json.error.__type, 'Search Error');
    assert.match(r.json.error.message, /metadata_modified|unbalanced/);
  }
  // Past the end of the catalogue is an empty page with the true count, however deep.
  const deep = (await action('package_search', 'start=20000&rows=10')).json.result;
  assert.deepEqual([deep.count, deep.results.length], [2, 0]);
  assert.equal((await action('package_search', 'start=5000000')).status, 409);
});

test('package_search counts are exact, as harvesters page by them', async () => {
  // Large enough that Xapian's matcher stops after the first page and estimates the rest.
  const big = await setupWorld('ckan-counts', { demo: 3000 });
  const get = async (path) => (await request(big.url, 'GET', path)).json;
  try {
    const everything = (await get('/api/v1/datasets?limit=1')).total;  // from the database
    const scb = (await get('/api/v1/datasets?limit=1&publisher=scb')).total;
    assert.ok(everything > 2500 && scb > 20, `${everything} datasets, ${scb} from scb`);
    for (const rows of [0, 1, 20]) {
      assert.equal((await get(`/api/3/action/package_search?rows=${rows}`)).result.count, everything, `rows=${rows}`);
      assert.equal((await get(`/api/3/action/package_search?fq=organization:scb&rows=${rows}`)).result.count, scb);
    }
    // A word: the count equals what paging by it reaches.
    const count = (await get('/api/3/action/package_search?q=sverige&rows=0')).result.count;
    const names = new Set();
    for (let start = 0; ; start += 1000) {
      const page = (await get(`/api/3/action/package_search?q=sverige&rows=1000&start=${start}`)).result.results;
      for (const pkg of page) names.add(pkg.name);
      if (page.length < 1000) break;
    }
    assert.ok(count > 100, `${count} matches`);
    assert.equal(count, names.size);
  } finally {
    await big.server.stop();
    cleanup(big.data);
  }
});

test('fq terms on the same field are ANDed, as Solr does', async () => {
  const both = await action('package_search', `fq=${encodeURIComponent('tags:befolkning tags:kommuner')}`);
  assert.deepEqual(both.json.result.results.map((p) => p.name), ['befolkning']);
  const none = await action('package_search', `fq=${encodeURIComponent('tags:befolkning tags:luft')}`);
  assert.equal(none.json.result.count, 0, 'no dataset has both tags');
});

test('thousands of fq values are refused at once, in linear time, and the server stays responsive', async () => {
  const terms = Array.from({ length: 20000 }, (_, i) => `tags:"t${i}"`).join(' ');
  const started = Date.now();
  const r = await action('package_search', '', { body: { fq: terms } });
  assert.equal(r.status, 409, r.text.slice(0, 300));
  assert.match(r.json.error.message, /longer than 10000 bytes/);
  // Under the length bound, the number of terms is bounded too.
  const many = Array.from({ length: 400 }, (_, i) => `tags:t${i}`).join(' OR ');
  const counted = await action('package_search', '', { body: { fq: many } });
  assert.equal(counted.status, 409, counted.text.slice(0, 300));
  assert.match(counted.json.error.message, /more than 300 terms/);
  assert.ok(Date.now() - started < 20000, `took ${Date.now() - started} ms`);
  assert.equal((await request(world.url, 'GET', '/healthz')).status, 200);
});

test('organizations and tags', async () => {
  assert.deepEqual((await action('organization_list')).json.result.sort(), ['scb', 'smhi']);
  const full = await action('organization_list', 'all_fields=true');
  const scb = full.json.result.find((o) => o.name === 'scb');
  assert.equal(scb.package_count, 2);
  assert.equal(scb.title, 'Statistiska centralbyrån');
  const shown = await action('organization_show', 'id=scb');
  assert.equal(shown.json.result.name, 'scb');
  assert.equal((await action('organization_show', 'id=nobody')).status, 404);
  const tags = await action('tag_list');
  assert.ok(tags.json.result.includes('kommuner'));
  assert.ok(!tags.json.result.includes('privat'));
});

test('bad input gets CKAN\'s error shape, never a 500', async () => {
  // [action, query, status, __type, the field or message it names]
  const cases = [
    ['package_search', 'fq=colour:red', 409, 'Search Error', /unknown field 'colour'/],
    ['package_search', 'rows=abc', 409, 'Validation Error', /rows/],
    ['package_search', 'sort=random', 409, 'Search Error', /can not sort on 'random'/],
    ['package_search', 'sort=name%20upwards', 400, 'Search Query Error', /Invalid "sort" parameter/],
    ['package_search', 'colour=red', 400, 'Search Query Error', /Invalid search parameters: \['colour'\]/],
    ['package_search', 'facet.field=notjson', 409, 'Validation Error', /facet.field/],
    ['package_search', 'fq=%22unbalanced', 409, 'Search Error', /unbalanced quote/],
    ['package_search', `q=${'x'.repeat(5000)}`, 409, 'Search Error', /longer than 1000 bytes/],
    ['package_search', 'start=-1', 409, 'Validation Error', /start/],
    ['package_show', '', 409, 'Validation Error', /id/],
  ];
  for (const [name, query, status, type, says] of cases) {
    const r = await action(name, query);
    const label = `${name}?${query.slice(0, 50)}: ${r.text.slice(0, 200)}`;
    assert.equal(r.status, status, label);
    assert.equal(r.json.success, false, label);
    assert.equal(r.json.error.__type, type, label);
    assert.match(r.json.error.message ?? JSON.stringify(r.json.error), says, label);
  }
  // rows past 1000 are cut to 1000, as CKAN does.
  assert.equal((await action('package_search', 'rows=5000')).json.result.count, 2);
  // An unknown action and a body that is not JSON get CKAN's bare message.
  const unknown = await action('no_such_action');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json, 'Bad request - Action name not known: no_such_action');
  const badJson = await request(world.url, 'POST', '/api/3/action/package_search', { raw: '{"q": ', headers: { 'content-type': 'application/json' } });
  assert.equal(badJson.status, 400);
  assert.match(badJson.json, /^Bad request - JSON Error: Error decoding JSON data/);
});
