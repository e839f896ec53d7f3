// SPDX-License-Identifier: Apache-2.0
// Harvesting DCAT-US data.json catalogues (1.1 and 3.0) from a local web server: a real
// agency's file with its mistakes, GSA's examples, and broken variants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupWorld, request, cleanup } from './harness.mjs';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const files = {
  '/arm/data.json': readFileSync(join(DATA, 'testdata', 'datajson', 'us_arm_doe_data.json')),
  '/climate/data.json': readFileSync(join(DATA, 'standards', 'dcat-us', 'catalog_typical_example.json')),
  '/bad-date/data.json': readFileSync(join(DATA, 'standards', 'dcat-us', 'catalog_invalid_issued_format.json')),
  '/not-json/data.json': Buffer.from('<html>Not here</html>'),
  '/no-datasets/data.json': Buffer.from('{"@type": "dcat:Catalog", "title": "Tom"}'),
};

let world;
let site;
let siteUrl;
const call = (method, path, options) => request(world.url, method, path, options);

before(async () => {
  site = createServer((req, res) => {
    const body = files[req.url];
    if (!body) {
      res.writeHead(404);
      res.end();
      return;
    }
    const modified = 'Mon, 01 Jun 2026 10:00:00 GMT';
    if (req.headers['if-modified-since'] === modified) {
      res.writeHead(304);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'last-modified': modified });
    res.end(body);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  world = await setupWorld('harvest-datajson', { privateFetches: true });
});
after(async () => {
  await world?.server.stop();
  site?.close();
  cleanup(world?.data);
});

async function harvest(name, path) {
  const created = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin,
    body: { name, url: `${siteUrl}${path}`, type: 'datajson', enabled: false } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.type, 'datajson');
  return runSource(created.json.id);
}
async function runSource(id) {
  const started = await call('POST', `/api/v1/harvest/sources/${id}/runs`, { token: world.tokens.sysadmin });
  assert.equal(started.status, 202, started.text);
  for (let i = 0; i < 600; i++) {
    const run = (await call('GET', `/api/v1/harvest/runs/${started.json.run}`)).json;
    if (run.finished) return { ...run, source_id: id };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never finished');
}
const reportOf = async (run) => (await call('GET', `/api/v1/imports/${run.id}`, { token: world.tokens.sysadmin })).json;

test('a real DCAT-US 1.1 data.json arrives, with what it lacks said dataset by dataset', async () => {
  const run = await harvest('ARM', '/arm/data.json');
  assert.ok(['applied', 'partial'].includes(run.status), JSON.stringify(run));
  assert.equal(run.summary.datasets, 3, JSON.stringify(run.summary));
  // Its formats (cdf, hdfjpg) are no EU file types, so the datasets cannot be published: drafts.
  assert.equal(run.summary.draft, 3, JSON.stringify(run.summary));
  const report = await reportOf(run);
  const first = report.datasets.find((d) => d.iri === `${siteUrl}/arm/data.json#ncepgfsbrwpprof`);
  assert.ok(first, JSON.stringify(report.datasets.map((d) => d.iri)));
  const said = JSON.stringify(first);
  for (const expected of [/licence is unknown/, /bureauCode/, /programCode/, /'cdf' is not an EU file type/, /without a time zone/])
    assert.match(said, expected);
  assert.ok(report.datasets.some((d) => d.iri === `${siteUrl}/arm/data.json#10.5439%2F1027266`), 'identifiers are escaped into the IRI');

  const stored = (await call('GET', `/api/v1/datasets/${first.id}`, { token: world.tokens.sysadmin })).json;
  assert.deepEqual(stored.title, { en: 'NCEP GFS: vertical profiles of met quantities at standard pressures, at Barrow' });
  assert.equal(stored.identifier, 'ncepgfsbrwpprof');
  assert.equal(stored.access_rights, 'PUBLIC');
  assert.equal(stored.modified, '2019-06-27');
  assert.deepEqual(stored.contact_point, { kind: 'organization', name: 'ARM Data Center', email: 'adc@arm.gov' });
  assert.ok(stored.keywords.en.includes('Climate'));
  assert.equal(stored.distributions[0].access_url, 'http://www.archive.arm.gov/discovery/#v/results/s/s::ncepgfsbrwpprof');
  assert.equal(stored.distributions[0].license, undefined, 'an unknown licence is no licence');
  const publisher = (await call('GET', `/api/v1/organizations/${stored.publisher}`)).json;
  assert.equal(publisher.name.sv, 'Atmospheric Radiation Measurement Data Center');

  // The source answered with Last-Modified: the next run asks conditionally and ends unchanged.
  const again = await runSource(run.source_id);
  assert.equal(again.status, 'unchanged', JSON.stringify(again));
});

test('a DCAT-US 3.0 catalogue arrives; its dataset is its identifier IRI', async () => {
  const run = await harvest('Klimat', '/climate/data.json');
  assert.ok(['applied', 'partial'].includes(run.status), JSON.stringify(run));
  assert.equal(run.summary.datasets, 1);
  const report = await reportOf(run);
  const [only] = report.datasets;
  assert.equal(only.iri, 'https://example.gov/datasets/climate-observations-1');
  const stored = (await call('GET', `/api/v1/datasets/${only.id}`, { token: world.tokens.sysadmin })).json;
  assert.deepEqual(stored.title, { en: 'Daily Climate Observations 2024' });
  assert.deepEqual(stored.description, { en: 'Daily temperature, precipitation, and wind measurements.' });
  assert.equal(stored.contact_point.email, 'climate@example.gov');

  // GSA's bad example has a catalogue date in words: the catalogue's own fields are not read,
  // and its dataset still arrives.
  const bad = await harvest('Fel datum', '/bad-date/data.json');
  assert.ok(['applied', 'partial'].includes(bad.status), JSON.stringify(bad));
  assert.equal(bad.summary.datasets, 1);
});

test('what is not a data.json ends in a failure that says why, and writes nothing', async () => {
  const before = (await call('GET', '/api/v1/datasets?limit=1', { token: world.tokens.sysadmin })).json.total;
  for (const [path, why] of [['/not-json/data.json', /not JSON/], ['/no-datasets/data.json', /no "dataset" array/],
    ['/missing/data.json', /HTTP 404/]]) {
    const run = await harvest(`Trasig ${path}`, path);
    assert.equal(run.status, 'failed', JSON.stringify(run));
    assert.match(run.message, why);
  }
  assert.equal((await call('GET', '/api/v1/datasets?limit=1', { token: world.tokens.sysadmin })).json.total, before);
  const wrong = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin,
    body: { name: 'x', url: `${siteUrl}/x`, type: 'csw' } });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /datajson/);
});
