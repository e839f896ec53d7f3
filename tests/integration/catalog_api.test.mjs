// SPDX-License-Identifier: Apache-2.0
// The catalogue API through the real binary: organisations, datasets, validation, revisions,
// ETags, pagination, vocabularies, health and metrics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';

let world;
before(async () => { world = await setupWorld('api'); });
after(async () => {
  const code = await world.server.stop();
  assert.equal(code, 0, 'SIGTERM exits 0');
  cleanup(world.data);
});

const call = (method, path, options) => request(world.url, method, path, options);

test('health and metrics', async () => {
  const health = await call('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.json.database, 'ok');
  await call('GET', '/api/v1/organizations');
  const metrics = await call('GET', '/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.text, /samverka_http_requests_total\{method="GET",route="\/api\/v1\/organizations",status="200"\} \d+/);
  assert.match(metrics.text, /samverka_http_request_duration_seconds_bucket/);
  assert.match(metrics.text, /samverka_http_open_connections \d+/);
  assert.match(metrics.text, /samverka_db_reads_total \d+/);
});

test('organisations: list, show by slug, create, update with If-Match, refuse bad numbers', async () => {
  const list = await call('GET', '/api/v1/organizations');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((o) => o.slug).sort(), ['scb', 'smhi']);
  const scb = await call('GET', '/api/v1/organizations/scb');
  assert.equal(scb.json.org_number, '2021000837');
  assert.equal(scb.json.name.en, 'Statistics Sweden');

  const body = { name: { sv: 'Lantmäteriet' }, org_number: '202100-4888', type: 'NationalAuthority', homepage: 'https://www.lantmateriet.se' };
  assert.equal((await call('POST', '/api/v1/organizations', { body })).status, 401);
  assert.equal((await call('POST', '/api/v1/organizations', { body, token: world.tokens.admin })).status, 403);
  const created = await call('POST', '/api/v1/organizations', { body, token: world.tokens.sysadmin });
  assert.equal(created.status, 201);
  assert.equal(created.json.slug, 'lantmateriet');
  const etag = created.headers.get('etag');

  const stale = await call('PATCH', `/api/v1/organizations/${created.json.id}`,
    { body: { email: 'x@lm.se' }, token: world.tokens.sysadmin, headers: { 'if-match': '"99"' } });
  assert.equal(stale.status, 412);
  const patched = await call('PATCH', `/api/v1/organizations/${created.json.id}`,
    { body: { email: 'info@lm.se' }, token: world.tokens.sysadmin, headers: { 'if-match': etag } });
  assert.equal(patched.status, 200);
  assert.equal(patched.json.email, 'info@lm.se');
  assert.equal(patched.json.org_number, '2021004888');

  const bad = await call('POST', '/api/v1/organizations', { token: world.tokens.sysadmin,
    body: { name: { sv: 'Fel' }, org_number: '202100-4889', type: 'Nonsense', email: 'nope' } });
  assert.equal(bad.status, 422);
  const fields = bad.json.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['email', 'org_number', 'type']);
  const duplicate = await call('POST', '/api/v1/organizations', { token: world.tokens.sysadmin,
    body: { slug: 'scb', name: { sv: 'Dubblett' } } });
  assert.equal(duplicate.status, 409);
  const count = (await call('GET', '/api/v1/organizations')).json.total;
  assert.equal(count, 3, 'failed writes added nothing');
});

test('datasets: create, read, ETag/304, replace, patch, activity, withdraw', async () => {
  const created = await call('POST', '/api/v1/datasets', { body: validDataset(), token: world.tokens.editor });
  assert.equal(created.status, 201, created.text);
  const dataset = created.json;
  assert.equal(dataset.slug, 'befolkning-per-kommun');
  assert.equal(dataset.state, 'published');
  assert.equal(dataset.distributions[0].license, 'http://creativecommons.org/publicdomain/zero/1.0/');
  assert.ok(dataset.warnings.some((w) => w.field === 'temporal'), 'recommended properties come back as warnings');
  assert.equal(created.headers.get('location'), `/api/v1/datasets/${dataset.id}`);

  const shown = await call('GET', `/api/v1/datasets/${dataset.slug}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.json.id, dataset.id);
  const etag = shown.headers.get('etag');
  assert.equal(etag, '"1"');
  const notModified = await call('GET', `/api/v1/datasets/${dataset.id}`, { headers: { 'if-none-match': etag } });
  assert.equal(notModified.status, 304);

  const patched = await call('PATCH', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.editor,
    headers: { 'if-match': etag }, body: { title: { en: 'Population per municipality' }, frequency: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL' } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.title.sv, 'Befolkning per kommun');
  assert.equal(patched.json.title.en, 'Population per municipality');
  assert.equal(patched.json.frequency, 'ANNUAL', 'IRIs come back as codes');
  assert.equal(patched.json.revision, 2);

  const stale = await call('PUT', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.editor,
    headers: { 'if-match': etag }, body: validDataset({ version: '2' }) });
  assert.equal(stale.status, 412);
  assert.equal((await call('GET', `/api/v1/datasets/${dataset.id}`)).json.revision, 2, '412 changed nothing');
  const same = await call('PATCH', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.editor,
    body: { title: { en: 'Population per municipality' } } });
  assert.equal(same.status, 200);
  assert.equal(same.json.revision, 2, 'a write that changes nothing adds no revision');
  assert.equal((await call('GET', `/api/v1/datasets/${dataset.id}/activity`)).json.items.length, 2);

  const replaced = await call('PUT', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.editor,
    headers: { 'if-match': '"2"' }, body: validDataset({ version: '2.0' }) });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.json.frequency, undefined, 'PUT replaces the whole dataset');
  assert.equal(replaced.json.version, '2.0');

  const activity = await call('GET', `/api/v1/datasets/${dataset.id}/activity`);
  assert.equal(activity.status, 200);
  assert.deepEqual(activity.json.items.map((a) => a.op), ['update', 'update', 'create']);
  assert.deepEqual(activity.json.items[1].changes.frequency, { from: null, to: 'ANNUAL' });
  assert.equal(activity.json.items[0].user.name, 'editor');

  const removed = await call('DELETE', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.editor });
  assert.equal(removed.status, 204);
  assert.equal((await call('GET', `/api/v1/datasets/${dataset.id}`)).status, 404, 'withdrawn is hidden from the public');
  const asMember = await call('GET', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.member });
  assert.equal(asMember.json.state, 'withdrawn');
  assert.equal((await call('DELETE', `/api/v1/datasets/${dataset.id}?purge=true`, { token: world.tokens.editor })).status, 403);
  assert.equal((await call('DELETE', `/api/v1/datasets/${dataset.id}?purge=true`, { token: world.tokens.sysadmin })).status, 204);
  assert.equal((await call('GET', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.sysadmin })).status, 404);
});

test('drafts may be incomplete; publishing needs the mandatory properties', async () => {
  const draft = await call('POST', '/api/v1/datasets', { token: world.tokens.editor,
    body: { publisher: 'scb', state: 'draft', title: { sv: 'Utkast' } } });
  assert.equal(draft.status, 201, draft.text);
  assert.ok(draft.json.warnings.some((w) => w.field === 'description' && /publish/.test(w.message)));
  const publish = await call('PATCH', `/api/v1/datasets/${draft.json.id}`, { token: world.tokens.editor, body: { state: 'published' } });
  assert.equal(publish.status, 422);
  assert.ok(publish.json.errors.some((e) => e.field === 'description'));
  assert.equal((await call('GET', `/api/v1/datasets/${draft.json.id}`, { token: world.tokens.member })).json.state, 'draft');
  assert.equal((await call('GET', `/api/v1/datasets/${draft.json.id}`)).status, 404, 'drafts are not public');
});

test('bad input gets a 4xx problem and changes nothing', async () => {
  const before = (await call('GET', '/api/v1/datasets?state=published', { token: world.tokens.sysadmin })).json.total;
  const token = world.tokens.editor;
  const cases = [
    { name: 'malformed JSON', raw: '{"title": ', headers: { 'content-type': 'application/json' }, status: 400 },
    { name: 'not JSON content type', raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
    { name: 'array body', body: [1, 2], status: 400 },
    { name: 'wrong type', body: validDataset({ title: 'plain' }), status: 422, field: 'title' },
    { name: 'unknown field', body: validDataset({ colour: 'blue' }), status: 422, field: 'colour' },
    { name: 'invalid URL', body: validDataset({ landing_page: 'www.scb.se' }), status: 422, field: 'landing_page' },
    { name: 'invalid date', body: validDataset({ issued: '2023-02-30' }), status: 422, field: 'issued' },
    { name: 'invalid e-mail', body: validDataset({ contact_point: { name: 'SCB', email: 'scb.se' } }), status: 422, field: 'contact_point.email' },
    { name: 'invalid language tag', body: validDataset({ title: { svenska: 'x' } }), status: 422, field: 'title.svenska' },
    { name: 'unknown theme', body: validDataset({ themes: ['WEATHER'] }), status: 422, field: 'themes[0]' },
    { name: 'unknown format', body: validDataset({ distributions: [{ access_url: 'https://a.se', format: 'EXCELLENT' }] }), status: 422, field: 'distributions[0].format' },
    { name: 'unknown publisher', body: validDataset({ publisher: 'nobody' }), status: 422, field: 'publisher' },
    { name: 'colliding slug', body: validDataset({ slug: 'taken-slug' }), status: 409, setup: true },
  ];
  const taken = await call('POST', '/api/v1/datasets', { token, body: validDataset({ slug: 'taken-slug', title: { sv: 'Upptagen' } }) });
  assert.equal(taken.status, 201);
  for (const c of cases) {
    const response = await call('POST', '/api/v1/datasets', { token, body: c.body, raw: c.raw, headers: c.headers });
    assert.equal(response.status, c.status, `${c.name}: ${response.text}`);
    assert.equal(response.headers.get('content-type'), 'application/problem+json', c.name);
    assert.equal(response.json.status, c.status, c.name);
    assert.ok(response.json.detail, c.name);
    if (c.field) assert.ok(response.json.errors.some((e) => e.field === c.field), `${c.name}: ${response.text}`);
  }
  const afterCount = (await call('GET', '/api/v1/datasets?state=published', { token: world.tokens.sysadmin })).json.total;
  assert.equal(afterCount, before + 1, 'only the setup dataset was added');
});

test('unknown ids, bad parameters and methods', async () => {
  assert.equal((await call('GET', '/api/v1/datasets/00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await call('GET', '/api/v1/organizations/nobody')).status, 404);
  assert.equal((await call('GET', '/api/v1/datasets?limit=0')).status, 400);
  assert.equal((await call('GET', '/api/v1/datasets?limit=1001')).status, 400);
  assert.equal((await call('GET', '/api/v1/datasets?limit=abc')).status, 400);
  assert.equal((await call('GET', '/api/v1/datasets?cursor=garbage!')).status, 400);
  assert.equal((await call('GET', '/api/v1/datasets?modified_since=yesterday')).status, 400);
  assert.equal((await call('GET', '/api/v1/datasets?state=gone')).status, 400);
  assert.equal((await call('GET', '/api/v1/datasets?publisher=nobody')).status, 400);
  assert.equal((await call('PUT', '/api/v1/datasets')).status, 405);
  assert.equal((await call('GET', '/nothing/here')).status, 404);
});

test('pagination walks every visible dataset once', async () => {
  const token = world.tokens.editor;
  for (let index = 0; index < 7; index++) {
    const r = await call('POST', '/api/v1/datasets', { token, body: validDataset({ title: { sv: `Sida ${index}` }, publisher: 'scb' }) });
    assert.equal(r.status, 201);
  }
  const seen = new Set();
  let cursor = null;
  let total = null;
  do {
    const page = await call('GET', `/api/v1/datasets?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    total = page.json.total;
    for (const item of page.json.items) {
      assert.ok(!seen.has(item.id), 'no dataset twice');
      seen.add(item.id);
    }
    cursor = page.json.next;
  } while (cursor);
  assert.equal(seen.size, total);
  const scbOnly = await call('GET', '/api/v1/datasets?publisher=smhi');
  assert.equal(scbOnly.json.total, 0);
  const recent = await call('GET', `/api/v1/datasets?modified_since=2999-01-01`);
  assert.equal(recent.json.total, 0);
});

test('vocabularies carry Swedish and English labels', async () => {
  const themes = await call('GET', '/api/v1/vocabularies/data-theme');
  assert.equal(themes.status, 200);
  assert.equal(themes.json.items.length, 13);
  const envi = themes.json.items.find((t) => t.code === 'ENVI');
  assert.equal(envi.label_sv, 'Miljö');
  assert.equal(envi.iri, 'http://publications.europa.eu/resource/authority/data-theme/ENVI');
  assert.equal((await call('GET', '/api/v1/vocabularies/nonsense')).status, 404);
});

test('data services: create, read, patch with If-Match, role checks, delete', async () => {
  const body = {
    publisher: 'scb', title: { sv: 'Statistikdatabasens API', en: 'Statistical database API' },
    endpoint_url: 'https://api.scb.se/OV0104/v1/doris/sv/ssd', endpoint_description: 'https://www.scb.se/api',
    access_rights: 'PUBLIC', license: 'CC0-1.0', themes: ['ECON'],
  };
  assert.equal((await call('POST', '/api/v1/data-services', { body })).status, 401);
  assert.equal((await call('POST', '/api/v1/data-services', { body, token: world.tokens.member })).status, 403);
  assert.equal((await call('POST', '/api/v1/data-services', { body, token: world.tokens.outsider })).status, 403);
  const missing = await call('POST', '/api/v1/data-services', { body: { ...body, endpoint_url: undefined, theme: 'x' }, token: world.tokens.editor });
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.json.errors.map((e) => e.field).sort(), ['endpoint_url', 'theme']);
  const created = await call('POST', '/api/v1/data-services', { body, token: world.tokens.editor });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.license, 'http://creativecommons.org/publicdomain/zero/1.0/');
  const id = created.json.id;
  const shown = await call('GET', `/api/v1/data-services/${id}`);
  assert.equal(shown.json.endpoint_url, body.endpoint_url);
  assert.equal((await call('PATCH', `/api/v1/data-services/${id}`, { token: world.tokens.editor, headers: { 'if-match': '"7"' }, body: { keywords: { sv: ['statistik'] } } })).status, 412);
  const patched = await call('PATCH', `/api/v1/data-services/${id}`, { token: world.tokens.editor, headers: { 'if-match': '"1"' }, body: { keywords: { sv: ['statistik'] } } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.revision, 2);
  const list = await call('GET', '/api/v1/data-services');
  assert.equal(list.json.total, 1);
  assert.equal((await call('DELETE', `/api/v1/data-services/${id}`, { token: world.tokens.outsider })).status, 403);
  assert.equal((await call('DELETE', `/api/v1/data-services/${id}`, { token: world.tokens.editor })).status, 204);
  assert.equal((await call('GET', `/api/v1/data-services/${id}`)).status, 404);
});

test('HEAD answers with the headers of GET and no body', async () => {
  const list = await call('GET', '/api/v1/organizations');
  const head = await call('HEAD', '/api/v1/organizations');
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal(Number(head.headers.get('content-length')), Buffer.byteLength(list.text));
});
