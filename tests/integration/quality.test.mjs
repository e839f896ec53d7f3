// SPDX-License-Identifier: Apache-2.0
// Metadata quality through the real binary: a quality run (a job) checks the links of published
// datasets against a local HTTP server, politely, and scores datasets, the publisher and the
// catalogue with the MQA; the scores match tables worked out by hand (docs/quality.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Parser } from 'n3';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '../rdf/shacl.mjs';
import { setupWorld, request, cleanup } from './harness.mjs';

let world;
let site;      // the publishers' web server: some links work, some do not
let siteUrl;
const seen = [];  // {method, path, range, at} of every request the site got
const call = (method, path, options) => request(world.url, method, path, options);

before(async () => {
  site = createServer((req, res) => {
    seen.push({ method: req.method, path: req.url, range: req.headers.range, at: Date.now() });
    if (req.url === '/ok.csv') {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '12' });
      res.end(req.method === 'HEAD' ? undefined : 'a,b\n1,2\n3,4\n');
    } else if (req.url === '/nohead') {  // a server that refuses HEAD but serves a range
      if (req.method === 'HEAD') {
        res.writeHead(405);
        res.end();
      } else {
        res.writeHead(206, { 'content-type': 'application/vnd.ms-excel', 'content-range': 'bytes 0-0/5000' });
        res.end('x');
      }
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: '/ok.csv' });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  world = await setupWorld('quality', { privateFetches: true });
});
after(async () => {
  await world?.server.stop();
  site?.close();
  cleanup(world?.data);
});

async function finished(jobId) {
  for (let i = 0; i < 1200; i++) {
    const job = await call('GET', `/api/v1/jobs/${jobId}`, { token: world.tokens.sysadmin });
    if (['succeeded', 'failed', 'cancelled'].includes(job.json.state)) return job.json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} never finished`);
}

const byId = (score) => Object.fromEntries(score.indicators.map((item) => [item.id, item.points]));

let rich;
let bare;

test('a dataset is scored at once; links not yet checked earn nothing and say so', async () => {
  const created = await call('POST', '/api/v1/datasets', { token: world.tokens.editor, body: {
    title: { sv: 'Badplatser' }, description: { sv: 'Kommunens badplatser.' }, publisher: 'scb',
    keywords: { sv: ['bad', 'strand'] }, themes: ['ENVI'],
    spatial: ['http://publications.europa.eu/resource/authority/country/SWE'],
    temporal: { start: '2020-01-01', end: '2024-12-31' }, access_rights: 'PUBLIC',
    contact_point: { name: 'Miljöenheten', email: 'miljo@example.se' },
    issued: '2020-05-01', modified: '2024-06-01',
    distributions: [
      { access_url: `${siteUrl}/ok.csv`, download_urls: [`${siteUrl}/ok.csv`], format: 'CSV',
        media_type: 'text/csv', license: 'CC-BY-4.0', rights: { sv: 'Ange källa' }, byte_size: 1200 },
      { access_url: `${siteUrl}/gone`, format: 'PDF', license: 'https://example.se/var-egen-licens' },
      { access_url: `${siteUrl}/nohead`, download_urls: [`${siteUrl}/redirect`], format: 'XLSX', license: 'CC0-1.0' },
    ] } });
  assert.equal(created.status, 201, created.text);
  rich = created.json;
  const minimal = await call('POST', '/api/v1/datasets', { token: world.tokens.editor, body: {
    title: { sv: 'Budget' }, description: { sv: 'Budgeten.' }, publisher: 'scb', keywords: { sv: ['budget'] },
    distributions: [{ access_url: `${siteUrl}/gone2`, format: 'XLS' }] } });
  assert.equal(minimal.status, 201, minimal.text);
  bare = minimal.json;

  const score = await call('GET', `/api/v1/datasets/${rich.slug}/quality`);
  assert.equal(score.status, 200, score.text);
  assert.equal(score.json.dataset, rich.id);
  const access = score.json.indicators.find((item) => item.id === 'accessUrlStatusCode');
  assert.deepEqual([access.points, access.distributions, access.distributions_unchecked], [0, 3, 3]);
  assert.ok(score.json.links.every((link) => link.checked === null));
  assert.deepEqual(score.json.history, [], 'no run has recorded a score yet');
  assert.equal(seen.length, 0, 'reading a score fetches nothing');
  assert.equal((await call('GET', '/api/v1/datasets/no-such-dataset/quality')).status, 404);
  assert.equal((await call('GET', '/api/v1/quality')).status, 404, 'nothing scored before the first run');
});

test('only sysadmins start quality runs', async () => {
  assert.equal((await call('POST', '/api/v1/quality/runs', { body: {} })).status, 401);
  assert.equal((await call('POST', '/api/v1/quality/runs', { token: world.tokens.admin, body: {} })).status, 403);
  const bad = await call('POST', '/api/v1/quality/runs', { token: world.tokens.sysadmin, body: { links: 'yes' } });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /links/);
  assert.equal((await call('POST', '/api/v1/quality/runs', { token: world.tokens.sysadmin, body: [] })).status, 422);
});

test('a run checks each URL politely and the scores follow the hand tables', async () => {
  const started = await call('POST', '/api/v1/quality/runs', { token: world.tokens.sysadmin, body: {} });
  assert.equal(started.status, 202, started.text);
  const job = await finished(started.json.id);
  assert.equal(job.state, 'succeeded', job.message);
  assert.deepEqual(job.result.links, { urls: 5, checked: 5, reachable: 3, broken: 2 });

  // HEAD first; HEAD refused, a GET of one byte. One host, 2 checks a second at most.
  const nohead = seen.filter((r) => r.path === '/nohead').map((r) => `${r.method} ${r.range ?? ''}`);
  assert.deepEqual(nohead, ['HEAD ', 'GET bytes=0-0']);
  const firsts = ['/ok.csv', '/gone', '/nohead', '/redirect', '/gone2']
    .map((path) => seen.find((r) => r.path === path && r.method === 'HEAD').at);
  assert.ok(Math.max(...firsts) - Math.min(...firsts) >= 1800,
    `five checks of one host started within ${Math.max(...firsts) - Math.min(...firsts)} ms`);

  // The rich dataset, by hand (weights from the MQA):
  const score = (await call('GET', `/api/v1/datasets/${rich.id}/quality`)).json;
  assert.deepEqual(byId(score), {
    keywordAvailability: 30, categoryAvailability: 30, spatialAvailability: 20, temporalAvailability: 20,
    accessUrlStatusCode: 33.3,        // 2 of 3 access URLs answer (the 404 does not): 50 x 2/3
    downloadUrlAvailability: 13.3,    // 2 of 3 distributions have one: 20 x 2/3
    downloadUrlStatusCode: 20,        // both answer (one through a redirect): 30 x 2/3
    formatAvailability: 20, mediaTypeAvailability: 10, formatMediaTypeVocabularyAlignment: 10,
    formatMediaTypeNonProprietary: 20, formatMediaTypeMachineInterpretable: 20,  // the CSV one
    dcatApCompliance: 30,
    licenceAvailability: 20,          // all three
    knownLicence: 6.7,                // CC BY 4.0 and CC0, not the agency's own: 10 x 2/3
    accessRightsAvailability: 10, accessRightsVocabularyAlignment: 5, contactPointAvailability: 20,
    publisherAvailability: 10,
    rightsAvailability: 1.7, byteSizeAvailability: 1.7,  // 5 x 1/3 each
    dateIssuedAvailability: 5, dateModifiedAvailability: 5,
  });
  assert.equal(score.points, 361.7);  // 100 + 66.7 + 110 + 71.7 + 13.3
  assert.equal(score.rating, 'excellent');
  assert.equal(score.fixes[0].indicator, 'accessUrlStatusCode');
  const gone = score.links.find((link) => link.url === `${siteUrl}/gone`);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.history.map((check) => [check.status, check.reachable]), [[404, false]]);
  assert.equal(gone.reachable, false);
  const head = score.links.find((link) => link.url === `${siteUrl}/nohead`);
  assert.equal(head.content_length, 5000);
  const redirect = score.links.find((link) => link.url === `${siteUrl}/redirect`);
  assert.equal(redirect.redirected_to, `${siteUrl}/ok.csv`);

  // The bare one: keywords 30, format 20, machine-readable XLS 20, compliance 30, publisher 10.
  const small = (await call('GET', `/api/v1/datasets/${bare.id}/quality`)).json;
  assert.equal(small.points, 110);
  assert.equal(small.rating, 'bad');
  // Each dataset's score is recorded by the run, with its dimensions.
  assert.deepEqual(score.history.map((entry) => entry.points), [361.7]);
  assert.deepEqual(small.history.map((entry) => [entry.points, entry.dimensions.findability]), [[110, 30]]);

  // The publisher and the catalogue: the mean of the two.
  for (const path of ['/api/v1/organizations/scb/quality', '/api/v1/quality']) {
    const scope = await call('GET', path);
    assert.equal(scope.status, 200, scope.text);
    assert.equal(scope.json.datasets, 2);
    assert.equal(scope.json.points, 235.8);  // (361.67 + 110) / 2
    assert.equal(scope.json.rating, 'good');
    assert.equal(scope.json.broken_links_total, 2);
    assert.deepEqual(scope.json.broken_links.map((link) => link.url).sort(), [`${siteUrl}/gone`, `${siteUrl}/gone2`]);
    assert.equal(scope.json.history.length, 1);
    const keywords = scope.json.indicators.find((item) => item.id === 'categoryAvailability');
    assert.deepEqual([keywords.points, keywords.datasets_missing], [15, 1]);
  }
  assert.equal((await call('GET', '/api/v1/organizations/smhi/quality')).status, 404);

  // The portal: the badge on the dataset page, the publisher's page with its broken links.
  const page = await call('GET', `/sv/datasets/${rich.slug}`);
  assert.match(page.text, /Metadatakvalitet: 362 av 405 poäng \(utmärkt\)/);
  const publisher = await call('GET', '/en/organizations/scb/quality');
  assert.equal(publisher.status, 200);
  assert.match(publisher.text, /<strong>235.8<\/strong> of 405 points · good/);
  assert.ok(publisher.text.includes(`${siteUrl}/gone2`) && publisher.text.includes('HTTP 404'));
  // The dataset's RDF carries the score as DQV measurements, as data.europa.eu publishes it.
  const turtle = await call('GET', `/datasets/${rich.id}.ttl`);
  assert.equal(turtle.status, 200);
  const quads = new Parser().parse(turtle.text);
  const DQV = 'http://www.w3.org/ns/dqv#';
  const measurements = quads.filter((q) => q.predicate.value === `${DQV}hasQualityMeasurement`).map((q) => q.object.value);
  assert.equal(measurements.length, 24, 'the 23 metrics and the score');
  const valueOf = (metric) => {
    const node = quads.find((q) => q.predicate.value === `${DQV}isMeasurementOf` && q.object.value === `https://piveau.eu/ns/voc#${metric}`).subject.value;
    const value = quads.find((q) => q.subject.value === node && q.predicate.value === `${DQV}value`).object;
    assert.ok(quads.some((q) => q.subject.value === node && q.predicate.value === `${DQV}computedOn` && q.object.value === rich.iri));
    return [value.value, value.datatype.value.split('#')[1]];
  };
  assert.deepEqual(valueOf('keywordAvailability'), ['true', 'boolean']);
  assert.deepEqual(valueOf('accessUrlStatusCode'), ['0.6667', 'decimal']);
  assert.deepEqual(valueOf('score'), ['361.7', 'decimal']);

  const unscored = await call('GET', '/sv/organizations/smhi/quality');
  assert.equal(unscored.status, 200);
  assert.match(unscored.text, /Ingen mätning ännu/);
});

test('a second run checks nothing that is not due and adds to the history', async () => {
  const before = seen.length;
  // One dataset gains a theme between the runs (+30 points): only its history grows.
  const themed = await call('PATCH', `/api/v1/datasets/${bare.id}`, { token: world.tokens.editor, body: { themes: ['ECON'] } });
  assert.equal(themed.status, 200, themed.text);
  const started = await call('POST', '/api/v1/quality/runs', { token: world.tokens.sysadmin, body: {} });
  const job = await finished(started.json.id);
  assert.equal(job.state, 'succeeded', job.message);
  assert.equal(job.result.links.checked, 0);
  assert.equal(seen.length, before);
  const scope = (await call('GET', '/api/v1/quality?history=10')).json;
  assert.equal(scope.history.length, 2);
  assert.ok(scope.history[0].scored < scope.history[1].scored, 'oldest first');
  assert.equal((await call('GET', '/api/v1/quality?history=0')).status, 400);
  assert.equal(job.result.datasets_changed, 1);
  const small = (await call('GET', `/api/v1/datasets/${bare.id}/quality`)).json;
  assert.deepEqual(small.history.map((entry) => [entry.points, entry.dimensions.findability]), [[110, 30], [140, 60]]);
  assert.ok(small.history[0].scored < small.history[1].scored, 'oldest first');
  const rich_ = (await call('GET', `/api/v1/datasets/${rich.id}/quality`)).json;
  assert.deepEqual(rich_.history.map((entry) => entry.points), [361.7], 'an unchanged score adds no row');
  // The dataset's quality page shows the trend, newest first.
  const page = await call('GET', `/en/datasets/${bare.slug}/quality`);
  assert.equal(page.status, 200);
  const trend = page.text.slice(page.text.indexOf('id="trend"'), page.text.indexOf('id="indicators"'));
  assert.deepEqual([...trend.matchAll(/<td class="number">([\d.]+)<\/td>/g)].map((m) => m[1]), ['140', '110']);
});

// The official DCAT-AP-SE examples, scored by hand from the files (docs/quality.md's rules; the
// links are not checked here). Whether the dataset's RDF meets the DCAT-AP shapes is asked of
// rdf-validate-shacl, not of the code under test.
test('the official DCAT-AP-SE examples score as the hand tables say', async () => {
  const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'standards');
  const shapes = ['dcat-ap-SHACL.ttl', 'ranges.ttl'].map((file) => readFileSync(join(DATA, 'semic-dcat-ap', '3.0.1', 'shacl', file), 'utf8'));
  const scoreOf = async (file) => {
    const imported = await call('POST', '/api/v1/import?partial=true', { token: world.tokens.sysadmin,
      raw: readFileSync(join(DATA, 'dcat-ap-se', file)), headers: { 'content-type': 'text/turtle' } });
    assert.ok([200, 201].includes(imported.status), imported.text);
    const id = imported.json.datasets.find((d) => d.iri === 'https://example.com/dataset1').id;
    const rdf = await call('GET', `/datasets/${id}.ttl`, { token: world.tokens.sysadmin });
    const shacl = await validate(shapes, rdf.text);
    const score = (await call('GET', `/api/v1/datasets/${id}/quality`, { token: world.tokens.sysadmin })).json;
    return { points: byId(score), total: score.points, rating: score.rating, compliance: shacl.conforms ? 30 : 0 };
  };
  const zero = Object.fromEntries(Object.keys(byId((await call('GET', `/api/v1/datasets/${bare.id}/quality`)).json)).map((id) => [id, 0]));

  // obligatoriskt.ttl: title, description, publisher, a contact point, one distribution with
  // an access URL only.
  const mandatory = await scoreOf('obligatoriskt.ttl');
  assert.deepEqual(mandatory.points, { ...zero, contactPointAvailability: 20, publisherAvailability: 10,
    dcatApCompliance: mandatory.compliance });
  assert.equal(mandatory.total, 30 + mandatory.compliance);

  // rekommenderat.ttl: keyword, theme, spatial, temporal (100); of two distributions one has a
  // download URL (20 x 1/2), none checked; both give their format as a media type (text/csv,
  // application/json: format, media type, both from vocabularies, non-proprietary,
  // machine-readable: 80); CC0 on both (20 + 10), PUBLIC (10 + 5), contact point 20,
  // publisher 10; issued 5, no modification date, rights or byte size.
  const recommended = await scoreOf('rekommenderat.ttl');
  assert.deepEqual(recommended.points, { ...zero,
    keywordAvailability: 30, categoryAvailability: 30, spatialAvailability: 20, temporalAvailability: 20,
    downloadUrlAvailability: 10,
    formatAvailability: 20, mediaTypeAvailability: 10, formatMediaTypeVocabularyAlignment: 10,
    formatMediaTypeNonProprietary: 20, formatMediaTypeMachineInterpretable: 20,
    dcatApCompliance: recommended.compliance,
    licenceAvailability: 20, knownLicence: 10, accessRightsAvailability: 10, accessRightsVocabularyAlignment: 5,
    contactPointAvailability: 20, publisherAvailability: 10, dateIssuedAvailability: 5 });
  assert.equal(recommended.total, 270 + recommended.compliance);
  assert.equal(recommended.rating, 'good');
});
