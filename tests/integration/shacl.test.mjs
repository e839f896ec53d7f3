// SPDX-License-Identifier: Apache-2.0
// The built-in SHACL engine (`samverka quality validate`, and the DCAT-AP compliance indicator
// of the quality scores) against rdf-validate-shacl, a real SHACL engine, with the same SEMIC
// DCAT-AP 3.0.1 shapes: the same violations (focus node, path, shape) on the official
// examples, real publishers' files, broken variants and Samverka's own export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupWorld, request, cleanup, cli } from './harness.mjs';
import { validate } from '../rdf/shacl.mjs';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const SEMIC = join(DATA, 'standards', 'semic-dcat-ap');
const shapes = ['dcat-ap-SHACL.ttl', 'ranges.ttl'].map((file) => readFileSync(join(SEMIC, '3.0.1', 'shacl', file), 'utf8'));
let scratch;
let world;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'samverka-shacl-'));
  world = await setupWorld('shacl', { demo: 30 });
});
after(async () => {
  await world?.server.stop();
  cleanup(world?.data);
  rmSync(scratch, { recursive: true, force: true });
});

// Blank-node labels differ between parsers: a blank focus node is "_:".
const key = (focus, path, shape) => `${focus?.startsWith('_:') || !focus?.includes(':') ? '_:' : focus} | ${path} | ${shape}`;

async function compare(name, turtle) {
  const file = join(scratch, name.replace(/[^a-z0-9.-]/gi, '_'));
  writeFileSync(file, turtle);
  const ours = cli(['quality', 'validate', file, '--format', 'turtle', '--json']);
  assert.ok([0, 2].includes(ours.status), `${name}: ${ours.stderr}`);
  const mine = JSON.parse(ours.stdout);
  const theirs = await validate(shapes, turtle);
  const a = mine.violations.map((v) => key(v.focus, v.path, v.shape)).sort();
  const b = theirs.violations.map((v) => key(v.focus, v.path, v.shape)).sort();
  assert.deepEqual(a, b, `${name}: our violations against rdf-validate-shacl's`);
  assert.equal(mine.conforms, theirs.conforms, name);
  assert.equal(ours.status, theirs.conforms ? 0 : 2, name);
  return mine;
}

test('the official examples and real files get the verdicts rdf-validate-shacl gives', async () => {
  // (The third official 3.0.1 example is not valid Turtle, line 20; rdf_import tests that.)
  const files = [
    join(SEMIC, '3.0.1', 'examples', 'example-bee-population.ttl'),
    join(SEMIC, '3.0.1', 'examples', 'example-bee-population-dataset-series.ttl'),
    join(SEMIC, '2.1.1', 'examples', 'example1.nt'),
    join(SEMIC, '2.1.1', 'examples', 'example2.nt'),
    join(DATA, 'standards', 'dcat-ap-se', 'obligatoriskt.ttl'),
    join(DATA, 'standards', 'dcat-ap-se', 'rekommenderat.ttl'),
    join(DATA, 'testdata', 'dcat', 'no_fdk_dcat_ap_no_harvest_response.ttl'),
  ];
  let violations = 0;
  for (const file of files) violations += (await compare(file.split('/').pop(), readFileSync(file, 'utf8'))).violations.length;
  // SCB's RDF/XML, as N-Triples (the reference engine reads Turtle).
  const scb = spawnSync('rapper', ['-q', '-i', 'rdfxml', '-o', 'ntriples', join(DATA, 'testdata', 'dcat', 'se_scb_demo_dcat_ap.rdf')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(scb.status, 0, scb.stderr);
  violations += (await compare('se_scb_demo_dcat_ap.nt', scb.stdout)).violations.length;
  assert.ok(violations > 100, `the files do break rules (${violations} violations): the comparison means something`);
});

test('broken variants: missing mandatory values, wrong kinds, ranges and datatypes, duplicates', async () => {
  const prefixes = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .\n';
  const variants = {
    'no-description': '<https://ex.se/d1> a dcat:Dataset ; dct:title "Utan beskrivning"@sv .',
    'distribution-without-access-url': '<https://ex.se/d2> a dcat:Dataset ; dct:title "T"@sv ; dct:description "D"@sv ; dcat:distribution <https://ex.se/x> . <https://ex.se/x> a dcat:Distribution .',
    'literal-publisher': '<https://ex.se/d3> a dcat:Dataset ; dct:title "T"@sv ; dct:description "D"@sv ; dct:publisher "SCB" .',
    'untyped-publisher': '<https://ex.se/d4> a dcat:Dataset ; dct:title "T"@sv ; dct:description "D"@sv ; dct:publisher <https://ex.se/org> .',
    'bad-byte-size': '<https://ex.se/d5> a dcat:Dataset ; dct:title "T"@sv ; dct:description "D"@sv ; dcat:distribution <https://ex.se/y> . <https://ex.se/y> a dcat:Distribution ; dcat:accessURL <https://ex.se/y.csv> ; dcat:byteSize "stor"^^xsd:decimal .',
    'two-publishers': '<https://ex.se/d6> a dcat:Dataset ; dct:title "T"@sv ; dct:description "D"@sv ; dct:publisher <https://ex.se/a>, <https://ex.se/b> . <https://ex.se/a> a foaf:Agent ; foaf:name "A" . <https://ex.se/b> a foaf:Agent ; foaf:name "B" .',
    'blank-distribution': '<https://ex.se/d7> a dcat:Dataset ; dct:title "T"@sv ; dct:description "D"@sv ; dcat:distribution [ a dcat:Distribution ] .',
    'stated-twice': '<https://ex.se/d8> a dcat:Dataset ; dct:title "T"@sv . <https://ex.se/d8> dct:title "T"@sv .',
  };
  for (const [name, body] of Object.entries(variants)) {
    const result = await compare(name, prefixes + body);
    assert.equal(result.conforms, false, `${name} must break a rule`);
  }
});

test('Samverka\'s own export: a catalogue page and datasets with their quality measurements', async () => {
  const page = await request(world.url, 'GET', '/catalog.ttl');
  assert.equal(page.status, 200);
  await compare('catalog-page-1.ttl', page.text);
  const { items } = (await request(world.url, 'GET', '/api/v1/datasets?limit=5')).json;
  for (const item of items) {
    const own = await request(world.url, 'GET', `/datasets/${item.id}.ttl`);
    const result = await compare(`dataset-${item.id}.ttl`, own.text);
    // The quality score's DCAT-AP compliance indicator says the same.
    const score = (await request(world.url, 'GET', `/api/v1/datasets/${item.id}/quality`, { token: world.tokens.sysadmin })).json;
    const compliance = score.indicators.find((i) => i.id === 'dcatApCompliance');
    assert.equal(compliance.met, result.conforms, `${item.id}: the indicator follows the shapes`);
    assert.equal(score.shacl.conforms, result.conforms);
  }
});
