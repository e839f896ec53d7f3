// SPDX-License-Identifier: Apache-2.0
// RDF import through the real binary: the official DCAT-AP-SE and SEMIC examples and real
// publishers' files go in over HTTP, come back out as RDF, and are compared as graphs on the
// properties the model holds; anything the import could not carry over must be named in its
// report. Then the bad files: not RDF, truncated, wrong encodings, external entities, entity
// bombs, cycles, rejected datasets, rights.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { Parser } from 'n3';
import { setupWorld, request, cleanup, cli, cliOk, BIN, tempDataDir, startServer } from './harness.mjs';
import { validate } from '../rdf/shacl.mjs';

const DATA = new URL('../data/', import.meta.url);
const path = (relative) => new URL(relative, DATA).pathname;
const SEMIC = 'standards/semic-dcat-ap/3.0.1/';
const shapes = ['shacl/dcat-ap-SHACL.ttl', 'shacl/ranges.ttl'].map((file) => readFileSync(path(SEMIC + file), 'utf8'));

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const R5R = 'http://data.europa.eu/r5r/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
// The properties the model holds, with the report field that names a value left out.
const DATASET_PROPERTIES = {
  [`${DCT}title`]: 'title', [`${DCT}description`]: 'description', [`${DCT}identifier`]: 'identifier',
  [`${DCAT}keyword`]: 'keywords', [`${DCAT}theme`]: 'themes', [`${DCT}accessRights`]: 'access_rights',
  [`${DCT}accrualPeriodicity`]: 'frequency', [`${DCT}language`]: 'languages', [`${DCT}spatial`]: 'spatial',
  [`${DCT}conformsTo`]: 'conforms_to', [`${DCAT}landingPage`]: 'landing_page', [`${FOAF}page`]: 'documentation',
  [`${DCT}issued`]: 'issued', [`${DCT}modified`]: 'modified', [`${DCAT}version`]: 'version',
  [`${R5R}hvdCategory`]: 'hvd_categories', [`${R5R}applicableLegislation`]: 'applicable_legislation',
};
const DISTRIBUTION_PROPERTIES = {
  [`${DCT}title`]: 'title', [`${DCT}description`]: 'description', [`${DCAT}accessURL`]: 'access_url',
  [`${DCAT}downloadURL`]: 'download_urls', [`${DCT}format`]: 'format', [`${DCAT}mediaType`]: 'media_type',
  [`${DCT}license`]: 'license', [`${DCAT}byteSize`]: 'byte_size', ['http://www.w3.org/ns/adms#status']: 'status',
  [`${R5R}availability`]: 'availability', [`${DCT}issued`]: 'issued', [`${DCT}modified`]: 'modified',
  [`${DCT}language`]: 'languages', [`${DCT}conformsTo`]: 'conforms_to', [`${FOAF}page`]: 'documentation',
};

const SERVICE_PROPERTIES = {
  [`${DCT}title`]: 'title', [`${DCT}description`]: 'description', [`${DCAT}endpointURL`]: 'endpoint_url',
  [`${DCAT}endpointDescription`]: 'endpoint_description', [`${DCT}license`]: 'license', [`${DCAT}keyword`]: 'keywords',
  [`${DCAT}theme`]: 'themes', [`${DCT}accessRights`]: 'access_rights', [`${DCT}conformsTo`]: 'conforms_to',
  [`${DCAT}landingPage`]: 'landing_page', [`${R5R}hvdCategory`]: 'hvd_categories', [`${DCAT}servesDataset`]: 'serves_datasets',
};

// Source files are read by independent parsers: n3 for Turtle and N-Triples, rapper for RDF/XML.
function sourceQuads(file) {
  if (file.endsWith('.rdf')) {
    const rapper = spawnSync('rapper', ['-q', '-i', 'rdfxml', '-o', 'ntriples', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(rapper.status, 0, rapper.stderr);
    return new Parser({ format: 'N-Triples' }).parse(rapper.stdout);
  }
  return new Parser({ baseIRI: 'urn:samverka:import:' }).parse(readFileSync(file, 'utf8'));
}

// Objects of a subject, by predicate, with predicate names compared case-insensitively (the
// import reads dcterms:Modified as dct:modified and says so).
function objectsOf(quads, subject) {
  const out = new Map();
  for (const quad of quads) {
    if (quad.subject.value !== subject.value || quad.subject.termType !== subject.termType) continue;
    const key = quad.predicate.value.toLowerCase();
    if (!out.has(key)) out.set(key, []);
    out.get(key).push(quad.object);
  }
  return out;
}
const trim = (value) => value.trim().replace(/\/$/, '');
// Values compare by their text (and language when the source gave one).
const literalKey = (term) => (term.termType === 'Literal' && term.language ? `${trim(term.value)}@${term.language.toLowerCase()}` : trim(term.value));

// Every source value of a supported property is in the export, or the report names its field.
function assertCarriedOver(label, sourceNode, exportedNode, properties, warnings, prefix = '') {
  const lost = [];
  for (const [predicate, field] of Object.entries(properties)) {
    const wanted = (sourceNode.get(predicate.toLowerCase()) || []).filter((term) => term.termType !== 'BlankNode');
    if (!wanted.length) continue;
    // A format may be given as a media type or a code; it is kept as the EU file type.
    const keys = (term) => (field === 'format' ? [trim(term.value).split('/').pop().toUpperCase()] : [literalKey(term), trim(term.value)]);
    const have = new Set((exportedNode.get(predicate.toLowerCase()) || []).flatMap(keys));
    for (const term of wanted) {
      if (keys(term).some((key) => have.has(key))) continue;
      const explained = warnings.some((warning) => warning.field.replace(/\[\d+\]/g, '[]').startsWith(`${prefix}${field}`));
      if (!explained) lost.push(`${field}: ${term.value}`);
    }
  }
  assert.deepEqual(lost, [], `${label}: values lost without a word in the report`);
}

let world;
const call = (method, path, options) => request(world.url, method, path, options);
const TYPES = { rdf: 'application/rdf+xml', ttl: 'text/turtle', nt: 'application/n-triples', jsonld: 'application/ld+json' };
const importFile = (file, { token = world.tokens.sysadmin, query = '', body } = {}) => call('POST', `/api/v1/import${query}`, {
  token, raw: body ?? readFileSync(file), headers: { 'content-type': TYPES[file.split('.').pop()] || 'application/octet-stream' },
});
// Polls an import report until its import has run; the last answer (status, text, json).
const settledReport = async (location) => {
  for (let attempt = 0; attempt < 400; attempt++) {
    const r = await call('GET', location, { token: world.tokens.sysadmin });
    if (!['queued', 'running'].includes(r.json?.status)) return r;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${location} never finished`);
};
// Everything a sysadmin can see, to prove that a refused import changed nothing.
const snapshot = async () => {
  const datasets = (await call('GET', '/api/v1/datasets?limit=1000', { token: world.tokens.sysadmin })).json;
  const organizations = (await call('GET', '/api/v1/organizations')).json;
  return JSON.stringify([datasets.total, datasets.items.map((d) => [d.id, d.revision]), organizations.items.length]);
};

before(async () => { world = await setupWorld('import'); });
// Exit code 0 also means no sanitizer report (a leak in a parser shows up only at exit).
after(async () => { assert.equal(await world.server.stop(), 0); cleanup(world.data); });

const ROUND_TRIP = [
  ['standards/dcat-ap-se/obligatoriskt.rdf', ''],
  ['standards/dcat-ap-se/obligatoriskt.ttl', ''],
  ['standards/dcat-ap-se/rekommenderat.rdf', ''],
  ['standards/dcat-ap-se/rekommenderat.ttl', ''],
  [`${SEMIC}examples/example-bee-population.ttl`, ''],
  [`${SEMIC}examples/example-bee-population-dataset-series.ttl`, '?publisher=smhi'],
  ['standards/semic-dcat-ap/2.1.1/examples/example1.nt', ''],
  ['standards/semic-dcat-ap/2.1.1/examples/example2.nt', ''],
  ['testdata/dcat/se_scb_demo_dcat_ap.rdf', ''],
  ['testdata/dcat/no_fdk_dcat_ap_no_harvest_response.ttl', ''],
];

for (const [relative, query] of ROUND_TRIP) {
  test(`round trip: ${relative}`, async () => {
    const file = path(relative);
    const imported = await importFile(file, { query });
    assert.equal(imported.status, 201, imported.text);
    const report = imported.json;
    assert.equal(report.status, 'applied');
    const source = sourceQuads(file);
    const sourceDatasets = source.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`).map((q) => q.subject);
    assert.equal(report.datasets.length, sourceDatasets.length, 'every dataset of the file is in the report');
    assert.ok(report.datasets.length > 0);
    for (const subject of sourceDatasets) {
      const item = report.datasets.find((d) => subject.termType === 'NamedNode' ? d.iri === subject.value : d.iri_minted_from);
      assert.ok(item, `${subject.value} is reported`);
      assert.notEqual(item.outcome, 'rejected', JSON.stringify(item));
      const exported = await call('GET', `/datasets/${item.id}.nt`, { token: world.tokens.sysadmin });
      assert.equal(exported.status, 200);
      const out = new Parser({ format: 'N-Triples' }).parse(exported.text);
      const exportedSubject = out.find((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`).subject;
      assertCarriedOver(`${relative} ${subject.value}`, objectsOf(source, subject), objectsOf(out, exportedSubject), DATASET_PROPERTIES, item.warnings);
      // Distributions pair up by access URL.
      const sourceDistributions = (objectsOf(source, subject).get(`${DCAT}distribution`.toLowerCase()) || []);
      const exportedDistributions = (objectsOf(out, exportedSubject).get(`${DCAT}distribution`.toLowerCase()) || []);
      assert.equal(exportedDistributions.length, sourceDistributions.length, 'every distribution');
      for (const distribution of sourceDistributions) {
        const node = objectsOf(source, distribution);
        const access = (node.get(`${DCAT}accessURL`.toLowerCase()) || [])[0]?.value;
        const match = exportedDistributions.map((d) => objectsOf(out, d)).find((d) => (d.get(`${DCAT}accessURL`.toLowerCase()) || [])[0]?.value === access);
        if (!access) continue;  // a draft's distribution without an access URL: its error is in the report
        assert.ok(match, `distribution ${access}`);
        assertCarriedOver(`${relative} ${access}`, node, match, DISTRIBUTION_PROPERTIES, item.warnings, 'distributions[].');
      }
      // The publisher keeps its name.
      const publisher = (objectsOf(source, subject).get(`${DCT}publisher`) || [])[0];
      const names = publisher ? (objectsOf(source, publisher).get(`${FOAF}name`) || []) : [];
      if (names.length && !query) {
        const exportedPublisher = out.find((q) => q.subject.equals(exportedSubject) && q.predicate.value === `${DCT}publisher`).object;
        const exportedNames = out.filter((q) => q.subject.equals(exportedPublisher) && q.predicate.value === `${FOAF}name`).map((q) => q.object.value);
        assert.ok(names.some((name) => exportedNames.includes(name.value)), `publisher ${names[0].value} in ${exportedNames}`);
      }
    }
    // Data services: the same comparison, matched by IRI.
    const sourceServices = source.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}DataService`).map((q) => q.subject);
    assert.equal(report.data_services.length, sourceServices.length, 'every data service of the file is in the report');
    for (const subject of sourceServices.filter((s) => s.termType === 'NamedNode')) {
      const item = report.data_services.find((d) => d.iri === subject.value);
      assert.ok(item && item.outcome !== 'rejected', JSON.stringify(item));
      const exported = await call('GET', `/data-services/${item.id}.nt`);
      assert.equal(exported.status, 200);
      const out = new Parser({ format: 'N-Triples' }).parse(exported.text);
      assertCarriedOver(`${relative} ${subject.value}`, objectsOf(source, subject), objectsOf(out, { termType: 'NamedNode', value: subject.value }), SERVICE_PROPERTIES, item.warnings);
    }
    // The same file again changes nothing.
    const before = await snapshot();
    const again = await importFile(file, { query });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.summary.unchanged, report.datasets.length, JSON.stringify(again.json.summary));
    assert.equal(again.json.summary.data_services.unchanged, report.data_services.length);
    assert.equal(again.json.summary.organizations_created, 0);
    assert.equal(await snapshot(), before);
  });
}

test('imported published datasets export with zero SHACL violations', async () => {
  const catalog = await call('GET', '/catalog.ttl?page_size=1000');
  const count = (catalog.text.match(/dcat:dataset|ns\/dcat#dataset>/g) || []).length;
  assert.ok(count >= 1, `${count} published datasets`);
  const report = await validate(shapes, catalog.text);
  assert.deepEqual(report.violations.slice(0, 5), [], `${report.violations.length} violations`);
});

test('the report tells drafts, misspelt properties and minted IRIs apart', async () => {
  const scb = (await importFile(path('testdata/dcat/se_scb_demo_dcat_ap.rdf'))).json;
  assert.ok(scb.notes.some((note) => note.includes('dc/terms/Modified')), scb.notes.join('\n'));
  const tab = scb.datasets.find((d) => d.iri.endsWith('TAB003'));
  assert.equal(tab.state, 'draft');
  assert.ok(tab.errors.some((e) => e.field === 'distributions[0].format'), 'a draft names what it lacks');
  const dataset = (await call('GET', `/api/v1/datasets/${tab.id}`, { token: world.tokens.sysadmin })).json;
  assert.equal(dataset.modified, '2023-11-24T07:30:00', 'dcterms:Modified was read');
  assert.equal(dataset.identifier, 'TAB003', 'dcterms:Identifier was read');
  assert.equal(dataset.state, 'draft');
  assert.equal((await call('GET', `/api/v1/datasets/${tab.id}`)).status, 404, 'drafts stay hidden');
  assert.ok(tab.missing_recommended.includes('contact_point') && tab.missing_recommended.includes('distributions[0].description'));
  assert.equal(scb.summary.missing_recommended['distributions[].description'], 10, JSON.stringify(scb.summary.missing_recommended));
  assert.ok(tab.warnings.some((w) => w.field === 'landing_page' && /2 values/.test(w.message)));

  const blank = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    [] a dcat:Dataset ; dct:identifier "LUFT-1" ; dct:title "Luftkvalitet"@sv ; dct:description "Mätningar."@sv ; dct:publisher _:p .
    [] a dcat:Dataset ; dct:title "Buller"@sv ; dct:description "Kartor."@sv ; dct:publisher _:p .
    _:p a foaf:Agent ; foaf:name "Naturvårdsverket"@sv ; dct:identifier "202100-1975" .`;
  const first = await importFile('x.ttl', { body: blank });
  assert.equal(first.status, 201, first.text);
  const [luft, buller] = first.json.datasets;
  assert.equal(luft.iri_minted_from, 'dct:identifier');
  assert.equal(buller.iri_minted_from, 'publisher and title');
  assert.deepEqual(first.json.organizations_created.map((o) => o.name), ['Naturvårdsverket']);
  const second = await importFile('x.ttl', { body: blank });
  assert.deepEqual(second.json.datasets.map((d) => [d.outcome, d.iri, d.id]), [['unchanged', luft.iri, luft.id], ['unchanged', buller.iri, buller.id]]);
  const organization = (await call('GET', '/api/v1/organizations')).json.items.find((o) => o.name.sv === 'Naturvårdsverket');
  assert.equal(organization.org_number, '2021001975');
  // Digits inside an IRI segment are not taken for an organisation number (one in ten passes the
  // check digit by chance); the whole last segment is.
  const embedded = `<https://example.se/d/emb> a <${DCAT}Dataset> ; <${DCT}title> "Inbäddat"@sv ; <${DCT}description> "x"@sv ;
    <${DCT}publisher> <https://example.se/agency-2021001975-x> .
    <https://example.se/agency-2021001975-x> <${FOAF}name> "Inbäddade verket"@sv .`;
  assert.equal((await importFile('x.ttl', { body: embedded })).status, 201);
  const created = (await call('GET', '/api/v1/organizations')).json.items.find((o) => o.name.sv === 'Inbäddade verket');
  assert.ok(created && !created.org_number, JSON.stringify(created));
});

// The shape of SCB's PxWeb catalogue: distinct dataset IRIs, some pairs sharing a
// dct:identifier. A dataset is its IRI: every one is stored, and the pairs are flagged.
test('datasets that share a dct:identifier under different IRIs are all kept, and flagged', async () => {
  const entry = (iri, identifier, title) => `<https://px.example.se/api/v1/sv/${iri}> a <${DCAT}Dataset> ;
    <${DCT}identifier> "${identifier}" ; <${DCT}title> "${title}"@sv ; <${DCT}description> "Tabell ${title}."@sv ;
    <${DCT}publisher> <https://example.se/org/2021000837> .`;
  const body = [
    entry('BE/BE0101/BefolkningNy', 'BE0101', 'Folkmängd efter region'),
    entry('BE/BE0101/BefolkningR1860', 'BE0101', 'Folkmängd 1860–'),
    entry('AM/AM0101/Lon', 'AM0101', 'Löner'),
    `<https://example.se/org/2021000837> <${FOAF}name> "Statistiska centralbyrån"@sv .`,
  ].join('\n');
  const first = await importFile('x.ttl', { body });
  assert.equal(first.status, 201, first.text);
  const { summary, datasets } = first.json;
  assert.equal(summary.created + summary.draft, 3, JSON.stringify(summary));
  assert.equal(summary.possible_duplicates, 2);
  const ids = new Set(datasets.map((d) => d.id));
  assert.equal(ids.size, 3, 'three datasets, three ids');
  for (const dataset of datasets) {
    const stored = await call('GET', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.sysadmin });
    assert.equal(stored.status, 200);
    assert.equal(stored.json.iri, dataset.iri, 'each is stored under its own IRI');
  }
  const [ny, r1860, lon] = ['BefolkningNy', 'BefolkningR1860', 'Lon'].map((end) => datasets.find((d) => d.iri.endsWith(end)));
  assert.ok(ny.warnings.some((w) => w.field === 'identifier' && w.message.includes(r1860.iri)), JSON.stringify(ny.warnings));
  assert.ok(r1860.warnings.some((w) => w.field === 'identifier' && w.message.includes(ny.iri)));
  assert.ok(!lon.warnings.some((w) => w.field === 'identifier'));
  // Again: nothing changes, nothing merges.
  const second = await importFile('x.ttl', { body });
  assert.deepEqual(second.json.datasets.map((d) => [d.outcome, d.id]), datasets.map((d) => ['unchanged', d.id]));
  // Another file with a new IRI for an identifier the catalogue holds: a new dataset, flagged.
  const moved = await importFile('x.ttl', { body: [entry('ny/BE0101', 'BE0101', 'Folkmängd, ny adress'),
    `<https://example.se/org/2021000837> <${FOAF}name> "Statistiska centralbyrån"@sv .`].join('\n') });
  assert.equal(moved.status, 201, moved.text);
  const [movedDataset] = moved.json.datasets;
  assert.equal(movedDataset.outcome === 'created' || movedDataset.outcome === 'draft', true, movedDataset.outcome);
  assert.ok(!ids.has(movedDataset.id));
  assert.ok(movedDataset.warnings.some((w) => w.field === 'identifier' && /possible duplicate: the catalogue's dataset/.test(w.message)), JSON.stringify(movedDataset.warnings));
});

test('JSON-LD: the catalogue exported as JSON-LD imports into another catalogue unchanged', async () => {
  const other = await setupWorld('import-jsonld', { demo: 40 });
  try {
    const exported = await request(other.url, 'GET', '/catalog.jsonld?page_size=1000');
    const total = (await request(other.url, 'GET', '/api/v1/datasets?limit=1')).json.total;
    const imported = await importFile('catalog.jsonld', { body: exported.text, query: '?dry_run=true' });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.json.status, 'dry_run');
    assert.equal(imported.json.datasets.length, total);
    assert.equal(imported.json.summary.rejected, 0, JSON.stringify(imported.json.datasets.find((d) => d.outcome === 'rejected')));
    assert.equal(imported.json.summary.created, total, JSON.stringify(imported.json.summary));
    // The same datasets as Turtle give the same mapping.
    const turtle = await request(other.url, 'GET', '/catalog.ttl?page_size=1000');
    const fromTurtle = (await importFile('catalog.ttl', { body: turtle.text, query: '?dry_run=true' })).json;
    assert.deepEqual(fromTurtle.datasets.map((d) => [d.iri, d.title, d.warnings.length]), imported.json.datasets.map((d) => [d.iri, d.title, d.warnings.length]));
  } finally {
    await other.server.stop();
    cleanup(other.data);
  }
  const handwritten = JSON.stringify({
    '@context': { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', title: { '@id': 'dct:title', '@container': '@language' },
      description: { '@id': 'dct:description', '@language': 'sv' }, publisher: { '@id': 'dct:publisher', '@type': '@id' }, keyword: 'dcat:keyword' },
    '@graph': [{ '@id': 'https://example.se/ds/1', '@type': 'dcat:Dataset', title: { sv: 'Badplatser', en: 'Bathing sites' },
      description: 'Badplatser i kommunen.', keyword: [{ '@value': 'bad', '@language': 'sv' }], publisher: 'https://example.se/org' },
    { '@id': 'https://example.se/org', 'http://xmlns.com/foaf/0.1/name': 'Exempelkommunen' }],
  });
  const jsonld = await importFile('x.jsonld', { body: handwritten });
  assert.equal(jsonld.status, 201, jsonld.text);
  const bathing = (await call('GET', `/api/v1/datasets/${jsonld.json.datasets[0].id}`, { token: world.tokens.sysadmin })).json;
  assert.deepEqual(bathing.title, { sv: 'Badplatser', en: 'Bathing sites' });
  assert.deepEqual(bathing.description, { sv: 'Badplatser i kommunen.' });
  assert.deepEqual(bathing.keywords, { sv: ['bad'] });
  const remote = await importFile('x.jsonld', { body: JSON.stringify({ '@context': 'https://example.org/context.jsonld', '@id': 'https://e.se/x', 'dct:title': 'x' }) });
  assert.equal(remote.status, 400);
  assert.match(remote.json.detail, /remote @context .* not fetched/);
});

test('one rejected dataset fails the whole file unless partial is asked for; dry runs write nothing', async () => {
  const file = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://example.se/ok/1> a dcat:Dataset ; dct:title "Ett"@sv ; dct:description "Ett."@sv ; dct:publisher <https://example.se/org/scb> .
    <https://example.se/ok/2> a dcat:Dataset ; dct:title "Två"@sv ; dct:description "Två."@sv ; dct:publisher <https://example.se/org/scb> .
    <https://example.se/orphan> a dcat:Dataset ; dct:title "Ingen utgivare"@sv .
    <https://example.se/org/scb> <http://xmlns.com/foaf/0.1/name> "Statistiska centralbyrån"@sv .`;
  const before = await snapshot();
  const failed = await importFile('x.ttl', { body: file });
  assert.equal(failed.status, 422, failed.text);
  assert.equal(failed.json.status, 'failed');
  const orphan = failed.json.datasets.find((d) => d.iri.endsWith('orphan'));
  assert.equal(orphan.outcome, 'rejected');
  assert.match(orphan.reason, /no dct:publisher is named/);
  assert.equal(await snapshot(), before, 'nothing written');
  const stored = await call('GET', `/api/v1/imports/${failed.json.id}`, { token: world.tokens.sysadmin });
  assert.equal(stored.json.status, 'failed', 'the failed report is kept');

  const dry = await importFile('x.ttl', { body: file, query: '?dry_run=true&partial=true' });
  assert.equal(dry.status, 200);
  assert.equal(dry.json.summary.created, 2);
  assert.equal(dry.headers.get('location'), null);
  assert.equal(await snapshot(), before, 'a dry run writes nothing');

  const partial = await importFile('x.ttl', { body: file, query: '?partial=true&wait_for_index=true' });
  assert.equal(partial.status, 201, partial.text);
  assert.equal(partial.json.status, 'partial');
  assert.deepEqual([partial.json.summary.created, partial.json.summary.rejected], [2, 1]);
  const scb = partial.json.datasets.find((d) => d.iri === 'https://example.se/ok/1');
  const stored1 = (await call('GET', `/api/v1/datasets/${scb.id}`)).json;
  assert.equal(stored1.publisher, (await call('GET', '/api/v1/organizations/scb')).json.id, 'matched to scb by its Swedish name');
  const found = await call('GET', '/api/v1/search?q=%22Ingen%20utgivare%22%20OR%20Tv%C3%A5');
  assert.deepEqual(found.json.items.map((d) => d.title.sv), ['Två'], 'imported datasets are searchable');
});

test('async imports: answered at once with their job, run one at a time, reported when done', async () => {
  const waitFor = async (location) => (await settledReport(location)).json;
  const file = (n) => `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://example.se/async/${n}> a dcat:Dataset ; dct:title "Kö ${n}"@sv ; dct:description "Köad import ${n}."@sv ;
      dct:publisher <https://example.se/org/scb> .
    <https://example.se/org/scb> <http://xmlns.com/foaf/0.1/name> "Statistiska centralbyrån"@sv .`;
  // Several at once: each answered 202 with its queued job, and where to follow it and its report.
  const answers = await Promise.all([1, 2, 3].map((n) => importFile('x.ttl', { body: file(n), query: '?async=true&source=queue.ttl' })));
  for (const answer of answers) {
    assert.equal(answer.status, 202, answer.text);
    assert.equal(answer.json.type, 'import');
    assert.ok(['queued', 'running'].includes(answer.json.state), answer.text);
    assert.equal(answer.headers.get('location'), `/api/v1/jobs/${answer.json.id}`);
    assert.equal(answer.json.report, `/api/v1/imports/${answer.json.id}`);
  }
  const reports = await Promise.all(answers.map((answer) => waitFor(answer.json.report)));
  for (const answer of answers) {
    const job = (await call('GET', answer.headers.get('location'), { token: world.tokens.sysadmin })).json;
    assert.equal(job.state, 'succeeded', JSON.stringify(job));
    assert.equal(job.result.report, answer.json.report);
    assert.equal(job.result.status, 'applied');
    assert.ok(job.log.some((line) => /started/.test(line.message)), JSON.stringify(job.log));
  }
  for (const report of reports) {
    assert.equal(report.status, 'applied', JSON.stringify(report));
    assert.equal(report.summary.created, 1);
    assert.equal(report.source, 'queue.ttl');
    const stored = await call('GET', `/api/v1/datasets/${report.datasets[0].id}`);
    assert.equal(stored.status, 200);
  }
  // A file that is not RDF: still 202, then a failed report that says why; nothing written.
  const before = await snapshot();
  const bad = await importFile('x.ttl', { body: 'Detta är inte RDF.', query: '?async=true' });
  assert.equal(bad.status, 202);
  const failed = await waitFor(bad.json.report);
  assert.equal(failed.status, 'failed');
  assert.match(failed.message, /not valid RDF/);
  assert.equal(await snapshot(), before);
  // A dry run is reported like the others, and writes nothing.
  const dry = await importFile('x.ttl', { body: file(4), query: '?async=true&dry_run=true' });
  const dryReport = await waitFor(dry.json.report);
  assert.equal(dryReport.status, 'dry_run');
  assert.equal(dryReport.summary.created, 1);
  assert.equal(await snapshot(), before);
  // A large one reports how far it got while it runs.
  const lines = [];
  for (let n = 0; n < 2000; n++) {
    lines.push(`<https://example.se/progress/${n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .`,
      `<https://example.se/progress/${n}> <http://purl.org/dc/terms/title> "Framsteg ${n}"@sv .`);
  }
  const large = await call('POST', '/api/v1/import?async=true&publisher=scb', { token: world.tokens.sysadmin,
    raw: lines.join('\n'), headers: { 'content-type': 'application/n-triples' } });
  assert.equal(large.status, 202, large.text);
  const seen = [];
  for (let attempt = 0; attempt < 2000; attempt++) {
    const r = (await call('GET', large.json.report, { token: world.tokens.sysadmin })).json;
    if (r.status === 'running') seen.push(r.progress);
    if (!['queued', 'running'].includes(r.status)) {
      assert.equal(r.summary.draft + r.summary.created, 2000);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(seen.length > 0 && seen.every((p) => p && p.done <= p.total), JSON.stringify(seen.slice(0, 5)));
  assert.ok(seen.some((p) => p.total === 2000), 'progress counts the file\'s datasets');

  // Refused at once: bad options, an unknown publisher, no token.
  assert.equal((await importFile('x.ttl', { body: file(5), query: '?async=maybe' })).status, 400);
  assert.equal((await importFile('x.ttl', { body: file(5), query: '?async=true&publisher=nobody' })).status, 400);
  assert.equal((await importFile('x.ttl', { body: file(5), query: '?async=true', token: '' })).status, 401);
  assert.equal((await call('GET', bad.headers.get('location'), { token: world.tokens.outsider })).status, 404);
  assert.equal((await call('GET', bad.json.report, { token: world.tokens.outsider })).status, 404);
  const failedJob = (await call('GET', bad.headers.get('location'), { token: world.tokens.sysadmin })).json;
  assert.equal(failedJob.state, 'failed');
  assert.match(failedJob.message, /not valid RDF/);
});

test('N-Triples with typed literals import without leaking (raptor2 2.0.15 leaks one IRI per literal)', () => {
  const data = tempDataDir('import-nt');
  cliOk(['init', data]);
  cliOk(['org', 'add', 'scb', '--name-sv', 'Statistiska centralbyrån', '--data', data]);
  const lines = [];
  for (let n = 0; n < 50; n++) {
    const d = `<https://example.se/nt/${n}>`;
    lines.push(`${d} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .`,
      `${d} <http://purl.org/dc/terms/title> "Serie ${n}"^^<http://www.w3.org/2001/XMLSchema#string> .`,
      `${d} <http://purl.org/dc/terms/description> "Beskrivning ${n}"@sv .`,
      `${d} <http://purl.org/dc/terms/issued> "2020-01-0${n % 9 + 1}"^^<http://www.w3.org/2001/XMLSchema#date> .`);
  }
  const file = join(dirname(data), 'typed.nt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = cli(['import', file, '--publisher', 'scb', '--json', '--data', data]);
  assert.doesNotMatch(result.stderr, /LeakSanitizer|ERROR: AddressSanitizer/);
  assert.equal(result.status, 0, result.stderr.slice(0, 500));
  const report = JSON.parse(result.stdout);
  assert.equal(report.summary.created + report.summary.draft, 50);
  cleanup(data);
});

test('queued imports are jobs: they survive SIGTERM and kill -9, and can be cancelled', async () => {
  const data = tempDataDir('import-queue');
  cliOk(['init', data]);
  // One worker, so that a second job waits while the first runs.
  const config = join(data, 'samverka.toml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('# workers = 2', 'workers = 1'));
  cliOk(['user', 'add', 'root', '--email', 'root@example.se', '--sysadmin', '--data', data]);
  const token = cliOk(['token', 'create', 'root', '--data', data]).trim().split('\n').pop();
  // Large enough (6,000 datasets, seconds to import) that the later ones are still waiting
  // when the server stops.
  const turtle = (prefix) => {
    const lines = ['@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .',
      '<https://example.se/org/x> <http://xmlns.com/foaf/0.1/name> "Exempelmyndigheten"@sv .'];
    for (let n = 0; n < 6000; n++) {
      lines.push(`<https://example.se/${prefix}/${n}> a dcat:Dataset ; dct:title "Stor ${n}"@sv ; dct:description "Stor fil ${n}."@sv ; dct:publisher <https://example.se/org/x> .`);
    }
    return lines.join('\n');
  };
  const big = turtle('big');
  const queue = async (server, count, body = big) => {
    const answers = [];
    for (let n = 0; n < count; n++) {
      const r = await request(server.url, 'POST', '/api/v1/import?async=true', { token, raw: body, headers: { 'content-type': 'text/turtle' } });
      assert.equal(r.status, 202, r.text);
      answers.push(r.json);
    }
    return answers;
  };
  const job = async (server, id) => (await request(server.url, 'GET', `/api/v1/jobs/${id}`, { token })).json;
  const waitForState = async (server, id, states) => {
    for (let attempt = 0; attempt < 6000; attempt++) {
      const current = await job(server, id);
      if (states.includes(current.state)) return current;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`job ${id} never reached ${states}`);
  };
  const count = async (server) => (await request(server.url, 'GET', '/api/v1/datasets?limit=1', { token })).json.total;

  let server = await startServer(data);
  let jobs = await queue(server, 4);
  // Queuing never waits for the running import (which holds the catalogue's writer).
  await waitForState(server, jobs[0].id, ['running']);
  assert.equal((await job(server, jobs[3].id)).state, 'queued');
  assert.equal((await request(server.url, 'GET', jobs[3].report, { token })).json.status, 'queued');
  const stopping = Date.now();
  assert.equal(await server.stop(), 0, 'the running import stops at its next dataset, then the server exits');
  assert.ok(Date.now() - stopping < 10000, `stopped in ${Date.now() - stopping} ms`);
  assert.match(cli(['jobs', 'show', jobs[0].id, '--data', data]).stdout.split('\n')[0], /: (queued|succeeded)$/,
    'the running one is queued again (or had just finished)');
  const listed = cliOk(['jobs', 'list', '--state', 'queued', '--data', data]);
  assert.ok(listed.includes(jobs[3].id), 'the waiting ones are still queued after SIGTERM');
  server = await startServer(data);
  for (const queued of jobs) assert.equal((await waitForState(server, queued.id, ['succeeded', 'failed'])).state, 'succeeded');
  assert.equal((await request(server.url, 'GET', jobs[3].report, { token })).json.status, 'applied');
  assert.equal(await count(server), 6000, 'the same file imported again changes nothing');

  // kill -9 while one runs: after the restart it starts again (an import is one transaction,
  // so the killed attempt wrote nothing), and the one behind it runs too.
  jobs = await queue(server, 2, turtle('again'));
  await waitForState(server, jobs[0].id, ['running']);
  server.child.ref();
  server.child.kill('SIGKILL');  // no chance to finish or write anything
  await new Promise((resolve) => (server.child.exitCode !== null || server.child.signalCode ? resolve() : server.child.once('exit', resolve)));
  server = await startServer(data);
  const restarted = await waitForState(server, jobs[0].id, ['succeeded', 'failed']);
  assert.equal(restarted.state, 'succeeded', JSON.stringify(restarted));
  assert.equal(restarted.attempts, 2);
  assert.ok(restarted.log.some((line) => /stopped while this job ran; it starts again/.test(line.message)));
  assert.equal((await waitForState(server, jobs[1].id, ['succeeded', 'failed'])).state, 'succeeded');
  assert.equal(await count(server), 12000);

  // Cancelled while running: nothing of it is written. Cancelled while queued: it never runs.
  jobs = await queue(server, 2, turtle('cancelled'));
  await waitForState(server, jobs[0].id, ['running']);
  const queuedCancel = await request(server.url, 'POST', `/api/v1/jobs/${jobs[1].id}/cancel`, { token });
  assert.equal(queuedCancel.status, 200, queuedCancel.text);
  assert.equal(queuedCancel.json.state, 'cancelled');
  const runningCancel = await request(server.url, 'POST', `/api/v1/jobs/${jobs[0].id}/cancel`, { token });
  assert.ok([200, 202].includes(runningCancel.status), runningCancel.text);
  assert.equal((await waitForState(server, jobs[0].id, ['cancelled', 'succeeded', 'failed'])).state, 'cancelled');
  assert.equal(await count(server), 12000, 'a cancelled import writes nothing');
  assert.equal((await request(server.url, 'GET', jobs[0].report, { token })).json.status, 'failed');
  const again = await request(server.url, 'POST', `/api/v1/jobs/${jobs[0].id}/cancel`, { token });
  assert.equal(again.status, 409, 'a finished job cannot be cancelled');
  const failedCli = cli(['jobs', 'cancel', jobs[1].id, '--data', data]);
  assert.equal(failedCli.status, 1);
  assert.match(failedCli.stderr, /ended already/);
  assert.equal(await server.stop(), 0);
  // The file of the import cancelled before it ran is removed at the next start.
  assert.ok(existsSync(join(data, 'uploads', `${jobs[1].id}.upload`)));

  // A crash after an import committed and before its job was marked done leaves the job
  // "running": started again, it finds its committed report and does not import twice.
  server = await startServer(data);
  const [committed] = await queue(server, 1, turtle('committed'));
  assert.equal((await waitForState(server, committed.id, ['succeeded', 'failed'])).state, 'succeeded');
  assert.equal(await server.stop(), 0);
  const done = committed.id;
  const sqlite = spawnSync('sqlite3', [join(data, 'jobs.db'),
    `UPDATE jobs SET state = 'running', finished = NULL, result = NULL WHERE id = '${done}'`], { encoding: 'utf8' });
  assert.equal(sqlite.status, 0, sqlite.stderr);
  server = await startServer(data);
  assert.ok(!existsSync(join(data, 'uploads', `${jobs[1].id}.upload`)), 'swept at start');
  const resumed = await waitForState(server, done, ['succeeded', 'failed']);
  assert.equal(resumed.state, 'succeeded', JSON.stringify(resumed));
  assert.equal(resumed.attempts, 2);
  assert.ok(resumed.log.some((line) => /had committed before the server stopped/.test(line.message)), JSON.stringify(resumed.log));
  const report = (await request(server.url, 'GET', `/api/v1/imports/${done}`, { token })).json;
  assert.equal(report.summary.created, 6000, 'the report of the committed run stands');
  assert.equal(await count(server), 18000);
  assert.equal(await server.stop(), 0);
  cleanup(data);
});

test('rights: tokens, editors and publishers', async () => {
  const file = readFileSync(path('standards/dcat-ap-se/rekommenderat.ttl'));
  assert.equal((await importFile('x.ttl', { body: file, token: '' })).status, 401);
  const outsider = await importFile('x.ttl', { body: file, token: world.tokens.outsider, query: '?publisher=scb' });
  assert.equal(outsider.status, 422);
  assert.match(outsider.json.datasets[0].reason, /only editors/);
  const unknown = await importFile('x.ttl', { body: file, token: world.tokens.editor });
  assert.equal(unknown.status, 422, 'an editor cannot create organisations');
  assert.match(unknown.json.datasets[0].reason, /only sysadmins create organisations|only editors of the publishing organisation/);
  const takeover = await importFile('x.ttl', { body: file, token: world.tokens.editor, query: '?publisher=scb' });
  assert.equal(takeover.status, 422, 'the IRI belongs to a dataset of another organisation');
  assert.match(takeover.json.datasets[0].reason, /exists under an organisation you may not edit/);
  const own = Buffer.from(file.toString().replaceAll('https://example.com/dataset1', 'https://example.com/scb-dataset')
    .replaceAll('https://example.com/dataservice1', 'https://example.com/scb-api'));
  const editor = await importFile('x.ttl', { body: own, token: world.tokens.editor, query: '?publisher=scb&source=rekommenderat.ttl' });
  assert.equal(editor.status, 201, editor.text);
  const location = editor.headers.get('location');
  assert.equal((await call('GET', location, { token: world.tokens.member })).json.source, 'rekommenderat.ttl');
  assert.equal((await call('GET', location, { token: world.tokens.outsider })).status, 404);
  assert.equal((await call('GET', location)).status, 401);
  assert.equal((await importFile('x.ttl', { body: file, query: '?publisher=nobody' })).status, 400);
  assert.equal((await call('POST', '/api/v1/import', { token: world.tokens.sysadmin, raw: 'x', headers: { 'content-type': 'image/png' } })).status, 415);
});

test('bad files get a clear error and change nothing', async () => {
  const rekommenderat = readFileSync(path('standards/dcat-ap-se/rekommenderat.rdf'));
  const cases = [
    ['not RDF', 'x.ttl', 'Detta är inte RDF.', /not valid RDF/],
    ['empty', 'x.ttl', '', /no RDF triples|not valid RDF/],
    ['truncated RDF/XML', 'x.rdf', rekommenderat.subarray(0, rekommenderat.length / 2), /not valid RDF/],
    ['Latin-1 Turtle', 'x.ttl', Buffer.concat([Buffer.from('<https://e.se/d> <http://purl.org/dc/terms/title> "V'), Buffer.from([0xe4]), Buffer.from('xj\u00f6"@sv .\n')]), /not valid UTF-8: byte 52 \(line 1\)/],
    ['mixed encodings', 'x.nt', Buffer.concat([Buffer.from('<https://e.se/d> <http://purl.org/dc/terms/title> "Väx"@sv .\n<https://e.se/d> <http://purl.org/dc/terms/title> "S'), Buffer.from([0xf6]), Buffer.from('"@en .\n')]), /line 2/],
    ['broken JSON-LD', 'x.jsonld', '{"@context": {', /not valid JSON-LD/],
    ['an official example that is not valid Turtle', 'x.ttl', readFileSync(path(`${SEMIC}examples/example-bee-population-dataset-series-api.ttl`)), /line 20/],
  ];
  const before = await snapshot();
  for (const [label, name, body, message] of cases) {
    const r = await importFile(name, { body });
    assert.equal(r.status, 400, `${label}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json', label);
    assert.match(r.json.detail, message, label);
  }
  const bom = await importFile('x.ttl', { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path('standards/dcat-ap-se/rekommenderat.ttl'))]), query: '?dry_run=true' });
  assert.equal(bom.status, 200, 'a byte-order mark is skipped');
  assert.equal(await snapshot(), before);
});

test('XML: external entities are never resolved, entity bombs are stopped', async () => {
  const xxe = `<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> <!ENTITY remote SYSTEM "http://127.0.0.1:1/x"> <!ENTITY org "Exempel"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://example.se/xxe"><dct:title xml:lang="sv">&org; &secret;&remote;</dct:title></dcat:Dataset>
</rdf:RDF>`;
  const r = await importFile('x.rdf', { body: xxe, query: '?dry_run=true&publisher=scb' });
  assert.ok(r.status === 200 || r.status === 400, r.text);
  assert.doesNotMatch(r.text, /root:/, 'no file content');
  if (r.status === 200) assert.match(r.json.datasets[0].title, /^Exempel/, 'internal entities expand');
  const lol = ['<!ENTITY a0 "lollollollollollollollollollol">'];
  for (let level = 1; level <= 12; level += 1) lol.push(`<!ENTITY a${level} "${`&a${level - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?><!DOCTYPE rdf:RDF [${lol.join('')}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://example.se/bomb"><dct:title>&a12;</dct:title></dcat:Dataset></rdf:RDF>`;
  const exploded = await importFile('x.rdf', { body: bomb, query: '?dry_run=true&publisher=scb' });
  assert.equal(exploded.status, 400, exploded.text.slice(0, 300));
  assert.equal((await call('GET', '/healthz')).status, 200, 'the server lives on');

  // One flat entity referenced ten thousand times: each reference small, the sum 400 MB. Refused
  // from the declarations before the parser expands anything; the answer stays small.
  const flat = `<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY e "${'x'.repeat(40000)}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://example.se/flat"><dct:title>${'&e;'.repeat(10000)}</dct:title></dcat:Dataset></rdf:RDF>`;
  const started = Date.now();
  const amplified = await importFile('x.rdf', { body: flat, query: '?publisher=scb' });
  assert.equal(amplified.status, 400, amplified.text.slice(0, 300));
  assert.match(amplified.json.detail, /entity references expand to more than 16 MiB/);
  assert.ok(amplified.text.length < 5000);
  assert.ok(Date.now() - started < 20000, `took ${Date.now() - started} ms`);
  const queued = await importFile('x.rdf', { body: flat, query: '?publisher=scb&async=true' });
  assert.equal(queued.status, 202);
  const report = await settledReport(queued.json.report);
  assert.equal(report.status, 200, report.text.slice(0, 300));
  assert.ok(report.text.length < 5000, `the stored report is ${report.text.length} bytes`);
});

test('nesting thousands deep is refused at once, in RDF/XML and Turtle', async () => {
  const depth = 20000;
  const xml = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.se/">
<rdf:Description rdf:about="https://example.se/deep">${'<ex:p><rdf:Description>'.repeat(depth)}${'</rdf:Description></ex:p>'.repeat(depth)}</rdf:Description></rdf:RDF>`;
  const turtle = `<https://example.se/deep> <https://example.se/p> ${'[ <https://example.se/p> '.repeat(depth)}1${' ]'.repeat(depth)} .`;
  for (const [file, body] of [['x.rdf', xml], ['x.ttl', turtle]]) {
    const started = Date.now();
    const r = await importFile(file, { body, query: '?publisher=scb&dry_run=true' });
    assert.equal(r.status, 400, r.text.slice(0, 300));
    assert.match(r.json.detail, /nests more than 128 levels deep/);
    assert.ok(Date.now() - started < 20000, `${file} took ${Date.now() - started} ms`);
  }
});

test('a parser message quoting part of a character is stored as valid UTF-8', async () => {
  const queued = await importFile('x.ttl', { body: Buffer.from([0xc3, 0xa9]), query: '?async=true' });
  assert.equal(queued.status, 202);
  const report = await settledReport(queued.json.report);
  assert.equal(report.status, 200, report.text.slice(0, 300));
  const job = await fetch(`${world.url}${queued.headers.get('location')}`, { headers: { authorization: `Bearer ${world.tokens.sysadmin}` } });
  const bytes = Buffer.from(await job.arrayBuffer());
  assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
});

test('huge literals, hasPart cycles and 20,000 datasets in one file', async () => {
  const huge = `<https://example.se/huge> <${RDF_TYPE}> <${DCAT}Dataset> .
<https://example.se/huge> <${DCT}title> "${'x'.repeat(3_000_000)}"@sv .
<https://example.se/huge> <${DCT}description> "Stor."@sv .
<https://example.se/a> <${RDF_TYPE}> <${DCAT}Dataset> .
<https://example.se/a> <${DCT}hasPart> <https://example.se/b> .
<https://example.se/b> <${RDF_TYPE}> <${DCAT}Dataset> .
<https://example.se/b> <${DCT}hasPart> <https://example.se/a> .
<https://example.se/b> <${DCT}isPartOf> <https://example.se/b> .
`;
  const r = await importFile('x.nt', { body: huge, query: '?publisher=scb&dry_run=true' });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const big = r.json.datasets.find((d) => d.iri.endsWith('huge'));
  assert.equal(big.state, 'draft', 'a 3 MB title is left out, so the dataset lacks one');
  assert.ok(big.errors.some((e) => e.field === 'title'), JSON.stringify(big.errors));
  assert.ok(r.json.notes.some((note) => /a literal of 3000000 bytes about https:\/\/example.se\/huge was left out/.test(note)), JSON.stringify(r.json.notes));
  assert.ok(r.text.length < 100000, 'no literal is echoed whole into the report');
  assert.equal(r.json.datasets.length, 3);

  // Large files go through the command line (the HTTP body limit is 10 MB by default).
  const lines = [];
  for (let index = 0; index < 20000; index += 1) {
    const subject = `<https://example.se/bulk/${index}>`;
    lines.push(`${subject} <${RDF_TYPE}> <${DCAT}Dataset> .`, `${subject} <${DCT}title> "Mängd ${index}"@sv .`,
      `${subject} <${DCT}description> "Beskrivning ${index}"@sv .`, `${subject} <${DCT}identifier> "B${index}" .`);
  }
  const file = join(dirname(world.data), 'bulk.nt');
  writeFileSync(file, lines.join('\n'));
  const dry = cli(['import', file, '--publisher', 'smhi', '--dry-run', '--data', world.data]);
  assert.equal(dry.status, 0, dry.stderr.slice(-500));
  assert.match(dry.stdout, /dry_run: 20000 datasets: 20000 created, 0 updated, 0 unchanged, 0 draft, 0 rejected/);
  const bad = cli(['import', join(dirname(world.data), 'missing.ttl'), '--data', world.data]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /cannot open/);
});

test('samverka import URL: fetched within bounds, never from private addresses unless allowed', async () => {
  const { createServer } = await import('node:http');
  const turtle = readFileSync(path('standards/dcat-ap-se/rekommenderat.ttl'));
  const server = createServer((req, res) => {
    if (req.url === '/moved') { res.writeHead(302, { location: '/catalog' }); res.end(); return; }
    if (req.url === '/missing') { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8' });
    res.end(turtle);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  // The server lives in this process, so the command runs asynchronously.
  const cli = (args) => new Promise((resolve) => {
    const child = spawn(BIN, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  try {
    const refused = await cli(['import', `${base}/catalog`, '--publisher', 'scb', '--dry-run', '--data', world.data]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /127\.0\.0\.1, a private or local address/);
    const config = join(world.data, 'samverka.toml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace('# allow_private_addresses = false', 'allow_private_addresses = true'));
    try {
      const fetched = await cli(['import', `${base}/moved`, '--publisher', 'scb', '--dry-run', '--data', world.data]);
      assert.equal(fetched.status, 0, fetched.stderr);
      assert.match(fetched.stdout, /dry_run: 1 datasets/);
      const missing = await cli(['import', `${base}/missing`, '--data', world.data]);
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /answered HTTP 404/);
      assert.match((await cli(['import', 'ftp://example.se/x.ttl', '--data', world.data])).stderr, /cannot open|only http and https/);
    } finally {
      writeFileSync(config, original);
    }
  } finally {
    server.close();
  }
});

test('300 mangled files never give a 500 or stop the server', async () => {
  const seeds = [
    ['x.ttl', readFileSync(path('standards/dcat-ap-se/rekommenderat.ttl'))],
    ['x.rdf', readFileSync(path('standards/dcat-ap-se/rekommenderat.rdf'))],
    ['x.jsonld', Buffer.from((await call('GET', '/catalog.jsonld?page_size=5')).text)],
    ['x.nt', Buffer.from((await call('GET', '/catalog.nt?page_size=5')).text)],
  ];
  let seed = 20261128;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const statuses = new Set();
  for (let round = 0; round < 300; round += 1) {
    const [name, original] = seeds[round % seeds.length];
    const bytes = Buffer.from(original);
    const kind = random(4);
    let mangled;
    if (kind === 0) mangled = bytes.subarray(0, random(bytes.length));             // truncated
    else if (kind === 1) {                                                         // flipped bytes
      for (let flip = 0; flip < 1 + random(20); flip += 1) bytes[random(bytes.length)] = random(256);
      mangled = bytes;
    } else if (kind === 2) {                                                       // a slice repeated
      const start = random(bytes.length);
      const piece = bytes.subarray(start, start + random(200));
      mangled = Buffer.concat([bytes.subarray(0, start), piece, piece, bytes.subarray(start)]);
    } else {                                                                       // punctuation removed
      const drop = '<>"{}[].;'.charCodeAt(random(9));
      mangled = Buffer.from(bytes.filter((byte) => byte !== drop || random(3) > 0));
    }
    const r = await importFile(name, { body: mangled, query: '?dry_run=true&partial=true&publisher=scb' });
    statuses.add(r.status);
    assert.ok(r.status < 500, `round ${round} (${name}, kind ${kind}): ${r.status} ${r.text.slice(0, 300)}`);
  }
  assert.ok(statuses.has(400) && statuses.has(200), [...statuses].join(','));
  assert.equal((await call('GET', '/healthz')).status, 200);
});

test('RDF/XML imports and exports at the same time (raptor2 frees libxml2 globals per world)', async () => {
  const xml = readFileSync(path('standards/dcat-ap-se/rekommenderat.rdf'));
  const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2
    ? importFile('x.rdf', { body: xml, query: '?dry_run=true' })
    : call('GET', '/catalog.rdf'))));
  for (const answer of answers) assert.ok([200, 201].includes(answer.status), answer.text.slice(0, 200));
  assert.equal((await call('GET', '/healthz')).status, 200, 'the server lives on');
});
