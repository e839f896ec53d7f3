// SPDX-License-Identifier: Apache-2.0
// A DCAT source of 10,000 datasets split over sub-catalogues (dct:hasPart, each at its own URL)
// and Hydra pages, served by a local web server: every dataset arrives; a sub-catalogue that
// then fails is reported, and its datasets are not withdrawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { setupWorld, request, cleanup } from './harness.mjs';

let world;
let site;
let base;
let partCFails = false;
const documents = new Map();
const call = (method, path, options) => request(world.url, method, path, options);

const PREFIXES = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n';
function datasets(from, count) {
  const lines = [];
  for (let n = from; n < from + count; n++) {
    lines.push(`<https://delar.example.se/d/${n}> a dcat:Dataset ; dct:title "Del ${n}"@sv ; dct:description "Datamängd ${n}."@sv ;
  dcat:distribution <https://delar.example.se/d/${n}/csv> .
<https://delar.example.se/d/${n}/csv> a dcat:Distribution ; dcat:accessURL <https://delar.example.se/files/${n}.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .`);
  }
  return lines.join('\n');
}
function catalogue(iri, first, count, extra = '') {
  const members = [];
  for (let n = first; n < first + count; n++) members.push(`<https://delar.example.se/d/${n}>`);
  return `${PREFIXES}<${iri}> a dcat:Catalog ; dct:title "Katalog"@sv ${members.length ? `; dcat:dataset ${members.join(', ')}` : ''} ${extra} .\n${datasets(first, count)}\n`;
}

before(async () => {
  site = createServer((req, res) => {
    const body = documents.get(req.url);
    if (!body || (partCFails && req.url === '/part/c.ttl')) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/turtle' });
    res.end(body);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${site.address().port}`;
  // The root holds 10 datasets itself and names three sub-catalogues; a is paged with Hydra.
  documents.set('/root.ttl', catalogue(`${base}/root.ttl`, 0, 10,
    `; dct:hasPart <${base}/part/a.ttl>, <${base}/part/b.ttl>, <${base}/part/c.ttl>`));
  documents.set('/part/a.ttl', catalogue(`${base}/part/a.ttl`, 10, 3330) +
    `<${base}/part/a.ttl> hydra:view <${base}/part/a.ttl#view> . <${base}/part/a.ttl#view> hydra:next <${base}/part/a-2.ttl> .\n`);
  documents.set('/part/a-2.ttl', catalogue(`${base}/part/a.ttl`, 3340, 3330));
  documents.set('/part/b.ttl', catalogue(`${base}/part/b.ttl`, 6670, 3320));
  documents.set('/part/c.ttl', catalogue(`${base}/part/c.ttl`, 9990, 10));
  world = await setupWorld('harvest-parts', { privateFetches: true });
});
after(async () => {
  await world?.server.stop();
  site?.close();
  cleanup(world?.data);
});

async function run(sourceId) {
  const started = await call('POST', `/api/v1/harvest/sources/${sourceId}/runs`, { token: world.tokens.sysadmin });
  assert.equal(started.status, 202, started.text);
  for (let i = 0; i < 2400; i++) {
    const current = (await call('GET', `/api/v1/harvest/runs/${started.json.run}`)).json;
    if (current.finished) return current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run never finished');
}

test('10,000 datasets over sub-catalogues and Hydra pages arrive; a failed sub-catalogue withdraws nothing', async () => {
  const created = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin,
    body: { name: 'Delade katalogen', url: `${base}/root.ttl`, publisher: 'scb', enabled: false } });
  assert.equal(created.status, 201, created.text);
  const first = await run(created.json.id);
  assert.equal(first.status, 'applied', JSON.stringify(first));
  assert.equal(first.summary.created, 10000, JSON.stringify(first.summary));
  assert.match(first.message, /read 5 pages \(with 3 sub-catalogues\)/);

  partCFails = true;
  const second = await run(created.json.id);
  assert.equal(second.status, 'partial', JSON.stringify(second));
  assert.match(second.message, new RegExp(`could not read sub-catalogue ${base}/part/c.ttl: .*HTTP 404.*nothing was withdrawn`));
  assert.equal(second.summary.unchanged, 9990, JSON.stringify(second.summary));
  assert.equal(second.summary.vanished, 10);
  assert.equal(second.summary.withdrawn, 0);
  const report = (await call('GET', `/api/v1/imports/${second.id}`, { token: world.tokens.sysadmin })).json;
  assert.ok(report.notes.some((note) => /10 datasets this source brought were not read this time, and none was withdrawn/.test(note)), JSON.stringify(report.notes));
  const kept = await call('GET', '/api/v1/datasets?limit=1');
  assert.equal(kept.json.total, 10000, 'every dataset is still published');

  // The publisher's page lists the source and its runs; the run's report is for its members.
  const sources = await call('GET', '/sv/organizations/scb/harvest');
  assert.equal(sources.status, 200);
  assert.ok(sources.text.includes('Delade katalogen') && sources.text.includes('delvis klar'), 'the source and its partial run');
  assert.ok(sources.text.includes('10000 nya'), 'the first run\'s counts');
  assert.equal((await call('GET', `/sv/harvest/runs/${second.id}`)).status, 403, 'reports are for the publisher');
});
