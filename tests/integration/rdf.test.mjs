// SPDX-License-Identifier: Apache-2.0
// DCAT-AP-SE RDF out of the real binary, validated with a real SHACL engine against the SEMIC
// DCAT-AP 3.0.1 shapes (with the range shapes) from the standards folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Parser } from 'n3';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';
import { validate } from '../rdf/shacl.mjs';

const STANDARDS = new URL('../data/standards/semic-dcat-ap/3.0.1/', import.meta.url);
const shapes = ['shacl/dcat-ap-SHACL.ttl', 'shacl/ranges.ttl'].map((file) => readFileSync(new URL(file, STANDARDS), 'utf8'));
const recommended = readFileSync(new URL('html-shacl/shapes_recommended.ttl', STANDARDS), 'utf8');

let world;
const call = (method, path, options) => request(world.url, method, path, options);
before(async () => {
  world = await setupWorld('rdf', { demo: 80 });
  const full = validDataset({
    publisher: 'scb', identifier: 'SCB-BE0101', temporal: { start: '2020-01-01', end: '2024-12-31' },
    spatial: ['http://sws.geonames.org/2661886/'], frequency: 'ANNUAL', languages: ['SWE'], issued: '2021-03-01',
    conforms_to: ['https://www.scb.se/standard'], landing_page: 'https://www.scb.se/befolkning', documentation: ['https://www.scb.se/dok'],
    applicable_legislation: ['http://data.europa.eu/eli/reg_impl/2023/138/oj'], hvd_categories: ['c_a9135398'], version: '2.1',
    contact_point: { kind: 'organization', name: 'SCB', email: 'information@scb.se', phone: '+46 10 479 40 00' },
    distributions: [{ access_url: 'https://www.scb.se/data', download_urls: ['https://www.scb.se/data.csv'], format: 'CSV', media_type: 'text/csv',
      license: 'CC-BY-4.0', byte_size: 1234, checksum: { algorithm: 'sha256', value: 'ab'.repeat(32) }, status: 'COMPLETED', availability: 'STABLE',
      title: { sv: 'Tabell' }, description: { sv: 'Tabellen', en: 'The table' } }],
  });
  const r = await call('POST', '/api/v1/datasets', { token: world.tokens.sysadmin, body: { ...full, publisher: 'scb' } });
  assert.equal(r.status, 201, r.text);
  world.full = r.json;
});
after(async () => { await world.server.stop(); cleanup(world.data); });

test('the catalogue conforms to the DCAT-AP 3.0.1 shapes with zero violations', async () => {
  const catalog = await call('GET', '/catalog.ttl?page_size=1000');
  assert.equal(catalog.status, 200);
  assert.match(catalog.headers.get('content-type'), /^text\/turtle/);
  const report = await validate(shapes, catalog.text);
  assert.deepEqual(report.violations.slice(0, 5), [], `${report.violations.length} violations`);
  assert.equal(report.conforms, true);
  const advice = await validate([recommended], catalog.text);
  console.log(`# recommended-shape warnings over the demo catalogue: ${advice.others.length + advice.violations.length}`);
  const quads = new Parser().parse(catalog.text);
  assert.equal(quads.filter((q) => q.subject.termType === 'BlankNode').length, 0, 'no blank nodes');
  const literals = quads.filter((q) => q.object.termType === 'Literal' && q.object.datatype.value.endsWith('langString'));
  assert.ok(literals.length > 100 && literals.every((q) => q.object.language), 'free text carries a language tag');
  const datasets = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset');
  const published = (await call('GET', '/api/v1/datasets?limit=1000')).json.total;
  assert.equal(datasets.length, published, 'every published public dataset, nothing else');
});

test('a fully described dataset keeps every property and conforms', async () => {
  const turtle = await call('GET', `/datasets/${world.full.id}.ttl`);
  assert.equal(turtle.status, 200);
  const report = await validate(shapes, turtle.text);
  assert.equal(report.violations.length, 0, JSON.stringify(report.violations.slice(0, 3)));
  const quads = new Parser().parse(turtle.text);
  const has = (predicate, object) => quads.some((q) => q.predicate.value === predicate && (!object || q.object.value === object));
  for (const [predicate, object] of [
    ['http://purl.org/dc/terms/identifier', 'SCB-BE0101'],
    ['http://purl.org/dc/terms/accrualPeriodicity', 'http://publications.europa.eu/resource/authority/frequency/ANNUAL'],
    ['http://www.w3.org/ns/dcat#startDate', '2020-01-01'],
    ['http://purl.org/dc/terms/format', 'http://publications.europa.eu/resource/authority/file-type/CSV'],
    ['http://www.w3.org/ns/dcat#mediaType', 'https://www.iana.org/assignments/media-types/text/csv'],
    ['http://purl.org/dc/terms/license', 'http://creativecommons.org/licenses/by/4.0/'],
    ['http://spdx.org/rdf/terms#checksumValue', 'ab'.repeat(32)],
    ['http://data.europa.eu/r5r/hvdCategory', 'http://data.europa.eu/bna/c_a9135398'],
    ['http://www.w3.org/2006/vcard/ns#hasEmail', 'mailto:information@scb.se'],
    ['http://www.w3.org/ns/dcat#byteSize', '1234'],
    ['http://data.europa.eu/r5r/availability', 'http://publications.europa.eu/resource/authority/planned-availability/STABLE'],
  ]) assert.ok(has(predicate, object), `${predicate} ${object}`);
});

test('every format parses; N-Triples and RDF/XML with raptor2, JSON-LD as JSON-LD', async () => {
  const id = world.full.id;
  const counts = {};
  for (const [extension, syntax] of [['ttl', 'turtle'], ['nt', 'ntriples'], ['rdf', 'rdfxml']]) {
    const r = await call('GET', `/datasets/${id}.${extension}`);
    assert.equal(r.status, 200);
    const file = join(tmpdir(), `samverka-rdf-${process.pid}.${extension}`);
    writeFileSync(file, r.text);
    const rapper = spawnSync('rapper', ['-i', syntax, '-c', file], { encoding: 'utf8' });
    assert.equal(rapper.status, 0, rapper.stderr);
    counts[extension] = Number(rapper.stderr.match(/returned (\d+) triples/)[1]);
  }
  assert.equal(counts.nt, counts.ttl);
  assert.equal(counts.rdf, counts.ttl);
  const jsonld = await call('GET', `/datasets/${id}.jsonld`);
  assert.equal(jsonld.headers.get('content-type'), 'application/ld+json');
  const dataset = jsonld.json['@graph'].find((node) => node['@type']?.includes('dcat:Dataset'));
  assert.ok(dataset['dct:title'].some((t) => t['@language'] === 'sv'));
  const negotiated = await call('GET', '/catalog?page_size=1', { headers: { accept: 'application/ld+json' } });
  assert.ok(negotiated.json['@graph']);
  assert.equal(negotiated.headers.get('vary'), 'Accept');
});

test('Hydra paging, visibility and bad requests', async () => {
  const page = await call('GET', '/catalog.nt?page=2&page_size=10');
  assert.match(page.text, /hydra\/core#previous> <[^>]*page=1&page_size=10>/);
  assert.match(page.text, /hydra\/core#next> <[^>]*page=3&page_size=10>/);
  assert.match(page.text, /hydra\/core#first>/);
  assert.match(page.text, /hydra\/core#last>/);
  const draft = await call('POST', '/api/v1/datasets', { token: world.tokens.editor, body: validDataset({ state: 'draft', title: { sv: 'Utkast' } }) });
  assert.equal((await call('GET', `/datasets/${draft.json.id}.ttl`)).status, 404);
  assert.equal((await call('GET', `/datasets/${draft.json.id}.ttl`, { token: world.tokens.member })).status, 200);
  assert.equal((await call('GET', `/datasets/${world.full.id}.xml`)).status, 404);
  assert.equal((await call('GET', `/datasets/${world.full.id}`)).status, 404);
  assert.equal((await call('GET', '/catalog.ttl?page=0')).status, 400);
  assert.equal((await call('GET', '/catalog.ttl?page_size=5000')).status, 400);
  assert.equal((await call('GET', '/organizations/scb.ttl')).status, 200);
  // Anonymous pages stop at 100 datasets; the links say so. A token lifts it to 1,000.
  const anonymous = await call('GET', '/catalog.nt?page_size=1000');
  assert.match(anonymous.text, /hydra\/core#first> <[^>]*page=1&page_size=100>/);
  const signedIn = await call('GET', '/catalog.nt?page_size=1000', { token: world.tokens.member });
  assert.match(signedIn.text, /hydra\/core#first> <[^>]*page=1&page_size=1000>/);
});

test('the catalogue filters by publisher and modified_since, and its page links keep them', async () => {
  const count = (text) => (text.match(/<http:\/\/www\.w3\.org\/ns\/dcat#dataset>/g) || []).length;
  const all = await call('GET', '/catalog.nt?page_size=1000');
  const scb = await call('GET', '/catalog.nt?page_size=1000&publisher=scb');
  const scbCount = (await call('GET', '/api/v1/datasets?publisher=scb&limit=1')).json.total;
  assert.equal(count(scb.text), scbCount);
  assert.ok(count(scb.text) < count(all.text));
  const future = await call('GET', '/catalog.nt?modified_since=2999-01-01T00:00:00%2B01:00');
  assert.equal(count(future.text), 0);
  assert.match(future.text, /modified_since=2999-01-01T00:00:00%2B01:00/);
  const paged = await call('GET', '/catalog.nt?page_size=2&publisher=scb');
  assert.match(paged.text, /next> <[^>]*page=2&page_size=2&publisher=scb>/);
  const searched = await call('GET', '/catalog.nt?page_size=1000&q=SCB-BE0101%20OR%20befolkning');
  const found = (await call('GET', '/api/v1/search?q=SCB-BE0101%20OR%20befolkning&type=dataset&limit=1&facets=type')).json.total;
  assert.equal(count(searched.text), found);
  assert.ok(found > 0 && found < count(all.text));
  assert.match(searched.text, /hydra\/core#totalItems> "\d+"/);
  assert.equal((await call('GET', '/catalog.ttl?q=%22unbalanced')).status < 500, true);
  assert.equal((await call('GET', '/catalog.ttl?publisher=nobody')).status, 400);
  assert.equal((await call('GET', '/catalog.ttl?modified_since=yesterday')).status, 400);
});
