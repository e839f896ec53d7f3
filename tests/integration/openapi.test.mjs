// SPDX-License-Identifier: Apache-2.0
// docs/openapi.yaml is valid OpenAPI 3.1, documents exactly the routes the binary serves, and
// the server's responses match its schemas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setupWorld, request, cleanup, cliOk, validDataset } from './harness.mjs';

const require = createRequire(new URL('../package.json', import.meta.url));
const YAML = require('yaml');
const { Validator } = require('@seriousme/openapi-schema-validator');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');

const spec = YAML.parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'));
let world;
// check(name, body) asserts that body matches components.schemas[name].
function schemaChecker() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: spec.components });
  return (name, body) => {
    const validate = ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
    assert.ok(validate(body), `${name}: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(body).slice(0, 500)}`);
  };
}
before(async () => { world = await setupWorld('openapi'); });
after(async () => { await world.server.stop(); cleanup(world.data); });

test('the document is valid OpenAPI 3.1', async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(spec));
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1));
  assert.equal(validator.version, '3.1');
});

test('the documented routes are exactly the served routes', () => {
  // The portal's HTML pages and the site's files are not API (docs/portal.md lists them).
  const page = /^(GET|POST) \/(sv|en)(\/.*)?$|^GET (\/|\/static\/\{file\}|\/robots\.txt|\/sitemap\.xml|\/sitemaps\/\{file\})$/;
  const served = cliOk(['routes', '--data', world.data]).trim().split('\n').filter((route) => !page.test(route)).sort();
  const documented = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) documented.push(`${method.toUpperCase()} ${path}`);
    }
  }
  assert.deepEqual(documented.sort(), served);
});

test('responses match the documented schemas', async () => {
  const check = schemaChecker();
  const call = (method, path, options) => request(world.url, method, path, options);
  const created = await call('POST', '/api/v1/datasets', { token: world.tokens.editor, body: validDataset({ temporal: { start: '2020-01-01' }, distributions: [{ access_url: 'https://scb.se/x', format: 'CSV', checksum: { algorithm: 'sha256', value: 'a'.repeat(64) } }] }) });
  check('Dataset', created.json);
  check('Dataset', (await call('GET', `/api/v1/datasets/${created.json.id}`)).json);
  await call('PATCH', `/api/v1/datasets/${created.json.id}`, { token: world.tokens.editor, body: { version: '2' }, headers: { 'content-type': 'application/merge-patch+json' } });
  check('DatasetList', (await call('GET', '/api/v1/datasets?limit=5')).json);
  check('ActivityList', (await call('GET', `/api/v1/datasets/${created.json.id}/activity`)).json);
  check('OrganizationList', (await call('GET', '/api/v1/organizations')).json);
  check('Organization', (await call('GET', '/api/v1/organizations/scb')).json);
  check('Vocabulary', (await call('GET', '/api/v1/vocabularies/frequency')).json);
  const service = await call('POST', '/api/v1/data-services', { token: world.tokens.editor, body: { publisher: 'scb', title: { sv: 'API' }, endpoint_url: 'https://api.scb.se' } });
  check('DataService', service.json);
  check('DataServiceList', (await call('GET', '/api/v1/data-services')).json);
  check('Health', (await call('GET', '/healthz')).json);
  await call('POST', '/api/v1/datasets?wait_for_index=true', { token: world.tokens.editor, body: validDataset() });
  check('SearchResults', (await call('GET', '/api/v1/search?q=befolkning')).json);
  check('Problem', (await call('POST', '/api/v1/datasets', { token: world.tokens.editor, body: { publisher: 'scb', themes: ['X'] } })).json);
  check('Problem', (await call('GET', '/api/v1/datasets/missing')).json);
  const file = readFileSync(new URL('../data/standards/dcat-ap-se/rekommenderat.ttl', import.meta.url));
  const imported = await call('POST', '/api/v1/import?publisher=scb', { token: world.tokens.editor, raw: file, headers: { 'content-type': 'text/turtle' } });
  assert.equal(imported.status, 201, imported.text);
  check('ImportReport', imported.json);
  check('ImportReport', (await call('GET', imported.headers.get('location'), { token: world.tokens.editor })).json);
  check('ImportReport', (await call('POST', '/api/v1/import?dry_run=true', { token: world.tokens.sysadmin, raw: file, headers: { 'content-type': 'text/turtle' } })).json);
});

test('harvest answers match the documented schemas', async () => {
  const check = schemaChecker();
  const call = (method, path, options) => request(world.url, method, path, options);
  // A loopback URL: refused by the outbound-fetch rules, so the run ends "failed" at once.
  const created = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin, body: { name: 'Lokal', url: 'http://127.0.0.1:9/catalog.ttl', publisher: 'scb' } });
  assert.equal(created.status, 201, created.text);
  check('HarvestSource', created.json);
  check('HarvestSource', (await call('GET', '/api/v1/harvest/sources')).json.items[0]);
  const started = await call('POST', `/api/v1/harvest/sources/${created.json.id}/runs`, { token: world.tokens.sysadmin });
  assert.equal(started.status, 202, started.text);
  let run;
  for (let i = 0; i < 200; i++) {
    run = await call('GET', `/api/v1/harvest/runs/${started.json.run}`);
    if (run.status === 200 && run.json.finished) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  check('HarvestRun', run.json);
  assert.equal(run.json.status, 'failed');
  check('HarvestRun', (await call('GET', `/api/v1/harvest/sources/${created.json.id}/runs`)).json.items[0]);
});
