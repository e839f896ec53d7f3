// SPDX-License-Identifier: Apache-2.0
// The role matrix: every endpoint x anonymous/member/editor/admin/sysadmin x own/other
// organisation. "outsider" is an editor of another organisation (smhi).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';

let world;
before(async () => { world = await setupWorld('roles'); });
after(async () => { await world.server.stop(); cleanup(world.data); });

const call = (method, path, options) => request(world.url, method, path, options);
const ROLES = ['anonymous', 'member', 'editor', 'admin', 'sysadmin', 'outsider'];
const tokenOf = (role) => (role === 'anonymous' ? undefined : world.tokens[role]);

async function makeDataset(overrides = {}) {
  const r = await call('POST', '/api/v1/datasets', { token: world.tokens.sysadmin, body: validDataset(overrides) });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('reading published, draft and private datasets', async () => {
  const published = await makeDataset({ title: { sv: 'Publik' } });
  const draft = await makeDataset({ title: { sv: 'Utkast' }, state: 'draft' });
  const hidden = await makeDataset({ title: { sv: 'Privat' }, private: true });
  const expected = {
    anonymous: [200, 404, 404], member: [200, 200, 200], editor: [200, 200, 200],
    admin: [200, 200, 200], sysadmin: [200, 200, 200], outsider: [200, 404, 404],
  };
  for (const role of ROLES) {
    const statuses = [];
    for (const dataset of [published, draft, hidden]) {
      statuses.push((await call('GET', `/api/v1/datasets/${dataset.id}`, { token: tokenOf(role) })).status);
    }
    assert.deepEqual(statuses, expected[role], role);
    const list = await call('GET', '/api/v1/datasets?limit=1000', { token: tokenOf(role) });
    const ids = new Set(list.json.items.map((d) => d.id));
    assert.deepEqual([ids.has(published.id), ids.has(draft.id), ids.has(hidden.id)],
      expected[role].map((s) => s === 200), `list as ${role}`);
  }
});

test('creating datasets in the own and another organisation', async () => {
  const expected = {
    anonymous: [401, 401], member: [403, 403], editor: [201, 403],
    admin: [201, 403], sysadmin: [201, 201], outsider: [403, 201],
  };
  for (const role of ROLES) {
    const statuses = [];
    for (const publisher of ['scb', 'smhi']) {
      const r = await call('POST', '/api/v1/datasets', { token: tokenOf(role), body: validDataset({ publisher, title: { sv: `${role} ${publisher}` } }) });
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, expected[role], role);
  }
});

test('changing and deleting a dataset of scb', async () => {
  const expected = {
    anonymous: { patch: 401, put: 401, delete: 401, purge: 401 },
    member: { patch: 403, put: 403, delete: 403, purge: 403 },
    editor: { patch: 200, put: 200, delete: 204, purge: 403 },
    admin: { patch: 200, put: 200, delete: 204, purge: 403 },
    sysadmin: { patch: 200, put: 200, delete: 204, purge: 204 },
    outsider: { patch: 403, put: 403, delete: 403, purge: 403 },
  };
  for (const role of ROLES) {
    const dataset = await makeDataset({ title: { sv: `Ändras av ${role}` } });
    const token = tokenOf(role);
    const patch = await call('PATCH', `/api/v1/datasets/${dataset.id}`, { token, body: { version: '2' } });
    const put = await call('PUT', `/api/v1/datasets/${dataset.id}`, { token, body: validDataset({ version: '3' }) });
    const del = await call('DELETE', `/api/v1/datasets/${dataset.id}`, { token });
    const purge = await call('DELETE', `/api/v1/datasets/${dataset.id}?purge=true`, { token });
    assert.deepEqual({ patch: patch.status, put: put.status, delete: del.status, purge: purge.status }, expected[role], role);
  }
});

test('moving a dataset to another organisation needs editor rights in both', async () => {
  const dataset = await makeDataset({ title: { sv: 'Flyttas' } });
  const byEditor = await call('PATCH', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.editor, body: { publisher: 'smhi' } });
  assert.equal(byEditor.status, 403);
  const bySysadmin = await call('PATCH', `/api/v1/datasets/${dataset.id}`, { token: world.tokens.sysadmin, body: { publisher: 'smhi' } });
  assert.equal(bySysadmin.status, 200);
});

test('organisations: who may create, change and delete', async () => {
  const expected = {
    anonymous: { create: 401, own: 401, other: 401, remove: 401 },
    member: { create: 403, own: 403, other: 403, remove: 403 },
    editor: { create: 403, own: 403, other: 403, remove: 403 },
    admin: { create: 403, own: 200, other: 403, remove: 403 },
    sysadmin: { create: 201, own: 200, other: 200, remove: 204 },
    outsider: { create: 403, own: 403, other: 403, remove: 403 },
  };
  for (const role of ROLES) {
    const token = tokenOf(role);
    const create = await call('POST', '/api/v1/organizations', { token, body: { slug: `org-${role}`, name: { sv: `Org ${role}` } } });
    const own = await call('PATCH', '/api/v1/organizations/scb', { token, body: { email: `${role}@scb.se` } });
    const other = await call('PATCH', '/api/v1/organizations/smhi', { token, body: { email: `${role}@smhi.se` } });
    const spare = await call('POST', '/api/v1/organizations', { token: world.tokens.sysadmin, body: { slug: `spare-${role}`, name: { sv: `Reserv ${role}` } } });
    assert.equal(spare.status, 201);
    const remove = await call('DELETE', `/api/v1/organizations/spare-${role}`, { token });
    assert.deepEqual({ create: create.status, own: own.status, other: other.status, remove: remove.status }, expected[role], role);
  }
  const busy = await call('DELETE', '/api/v1/organizations/scb', { token: world.tokens.sysadmin });
  assert.equal(busy.status, 409, 'an organisation with datasets is not deleted');
});

test('reading organisations, vocabularies and activity is open; activity follows dataset visibility', async () => {
  const draft = await makeDataset({ title: { sv: 'Historik' }, state: 'draft' });
  for (const role of ROLES) {
    const token = tokenOf(role);
    assert.equal((await call('GET', '/api/v1/organizations', { token })).status, 200, role);
    assert.equal((await call('GET', '/api/v1/vocabularies/license', { token })).status, 200, role);
    const activity = await call('GET', `/api/v1/datasets/${draft.id}/activity`, { token });
    assert.equal(activity.status, ['anonymous', 'outsider'].includes(role) ? 404 : 200, role);
  }
});

test('revoked, unknown and malformed tokens get 401 (expiry: accounts unit test, with the injectable clock)', async () => {
  const { cliOk } = await import('./harness.mjs');
  const created = cliOk(['token', 'create', 'editor', '--data', world.data]).trim().split('\n');
  const secret = created.pop();
  const id = created.join(' ').match(/token id ([0-9a-f]+)/)[1];
  assert.equal((await call('GET', '/api/v1/datasets', { token: secret })).status, 200);
  cliOk(['token', 'revoke', id, '--data', world.data]);
  const revoked = await call('GET', '/api/v1/datasets', { token: secret });
  assert.equal(revoked.status, 401);
  assert.match(revoked.json.detail, /revoked/);
  assert.equal((await call('GET', '/api/v1/datasets', { token: 'svk_unknown' })).status, 401);
  const basic = await call('GET', '/api/v1/datasets', { headers: { authorization: 'Basic YTpi' } });
  assert.equal(basic.status, 401);
  assert.equal(basic.headers.get('www-authenticate'), 'Bearer realm="samverka"');
});

test('conflicts do not tell an editor that another organisation\'s private dataset exists', async () => {
  const hidden = await makeDataset({ slug: 'hemlig-plan', private: true });
  // smhi's editor asks for the same slug: no "taken" (which would reveal it), a free variant.
  const mine = await call('POST', '/api/v1/datasets', {
    token: world.tokens.outsider, body: validDataset({ publisher: 'smhi', slug: 'hemlig-plan' }),
  });
  assert.equal(mine.status, 201, mine.text);
  assert.equal(mine.json.slug, 'hemlig-plan-2');
  // A slug the caller can see is still refused plainly.
  await makeDataset({ slug: 'oppen-plan' });
  const visible = await call('POST', '/api/v1/datasets', {
    token: world.tokens.outsider, body: validDataset({ publisher: 'smhi', slug: 'oppen-plan' }),
  });
  assert.equal(visible.status, 409);
  // An id in use gets the same answer, readable or not, naming no one.
  const hiddenId = await call('POST', '/api/v1/datasets', {
    token: world.tokens.outsider, body: validDataset({ publisher: 'smhi', id: hidden.id }),
  });
  assert.equal(hiddenId.status, 409);
  assert.equal(hiddenId.json.detail, `the id ${hidden.id} is already in use`);
});

test('a data service serves only datasets its editor may read', async () => {
  const hidden = await makeDataset({ private: true });
  const open = await makeDataset({});
  const service = (serves) => ({
    publisher: 'smhi', title: { sv: 'Väder-API' }, endpoint_url: 'https://opendata.smhi.se/api',
    access_rights: 'PUBLIC', license: 'CC0-1.0', serves_datasets: serves,
  });
  for (const serves of [[hidden.id], ['00000000-0000-4000-8000-000000000000']]) {
    const r = await call('POST', '/api/v1/data-services', { token: world.tokens.outsider, body: service(serves) });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.errors[0].message, /no dataset with id .* that you may read/);
  }
  const fine = await call('POST', '/api/v1/data-services', { token: world.tokens.outsider, body: service([open.id]) });
  assert.equal(fine.status, 201, fine.text);
  // Adding a hidden one later is refused the same way.
  const patched = await call('PATCH', `/api/v1/data-services/${fine.json.id}`, {
    token: world.tokens.outsider, body: { serves_datasets: [open.id, hidden.id] },
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  assert.equal(patched.status, 422, patched.text);
});

test('a bad token gets 401 on the RDF documents too; 405 says what is allowed', async () => {
  for (const path of ['/catalog.ttl', '/catalog', '/organizations/scb.ttl', '/datasets/x.ttl']) {
    const r = await call('GET', path, { token: 'svk_not_a_token' });
    assert.equal(r.status, 401, `${path}: ${r.status}`);
  }
  assert.equal((await call('GET', '/catalog.ttl')).status, 200);
  const r = await call('DELETE', '/api/v1/search');
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD');
});

test('control characters in text are refused with the field named; organisation slugs stay valid', async () => {
  const r = await call('POST', '/api/v1/datasets', {
    token: world.tokens.editor, body: validDataset({ title: { sv: 'Befolkning\u0000 per kommun' } }),
  });
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.field === 'title.sv' && /control character U\+0000/.test(e.message)), r.text);
  const keyword = await call('POST', '/api/v1/datasets', {
    token: world.tokens.editor, body: validDataset({ keywords: { sv: ['ok', 'bad\u0007'] } }),
  });
  assert.equal(keyword.status, 422);
  for (const name of ['0', '!!', 'Å']) {
    const org = await call('POST', '/api/v1/organizations', {
      token: world.tokens.sysadmin, body: { name: { sv: name }, type: 'NationalAuthority' },
    });
    assert.equal(org.status, 201, org.text);
    assert.match(org.json.slug, /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, org.json.slug);
  }
});
