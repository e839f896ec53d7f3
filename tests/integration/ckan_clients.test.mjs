// SPDX-License-Identifier: Apache-2.0
// Real CKAN clients against the real binary: the ckanapi library and its command line (pinned
// in tests/requirements.txt), and, for clients that need a whole CKAN to run (CKAN's
// harvester, ckanr, frictionless), the requests their source sends, with what they read back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';

const VENV = 'tests/.venv/bin';
let world;
let scratch;

// Runs Python with ckanapi; the code prints one JSON value, which is returned.
function python(code, key = world.tokens.sysadmin) {
  const script = `import json, sys, ckanapi\nck = ckanapi.RemoteCKAN(sys.argv[1], apikey=sys.argv[2] or None)\n${code}`;
  const run = spawnSync(`${VENV}/python`, ['-c', script, world.url, key || ''], { encoding: 'utf8' });
  assert.equal(run.status, 0, `python failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function ckanapi(args, key) {
  // (dump and load start more ckanapi processes, found on the PATH)
  const env = { ...process.env, PATH: `${resolve(VENV)}:${process.env.PATH}` };
  const run = spawnSync(`${VENV}/ckanapi`, [...args, '-r', world.url, ...(key ? ['-a', key] : [])],
    { encoding: 'utf8', env });
  return run;
}

const lines = (text) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

before(async () => {
  world = await setupWorld('ckan-clients');
  scratch = mkdtempSync(join(tmpdir(), 'samverka-ckanapi-'));
  for (const [slug, org, theme] of [['befolkning', 'scb', 'SOCI'], ['vattenstand', 'smhi', 'ENVI'],
    ['temperatur', 'smhi', 'ENVI'], ['inkomster', 'scb', 'ECON']]) {
    const token = org === 'scb' ? world.tokens.editor : world.tokens.outsider;
    const r = await request(world.url, 'POST', '/api/v1/datasets?wait_for_index=true',
      { token, body: validDataset({ slug, publisher: org, themes: [theme], title: { sv: `Titel ${slug}` } }) });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await world.server.stop(); cleanup(world.data); rmSync(scratch, { recursive: true, force: true }); });

test('ckanapi: reads, searches, and gets its exceptions from our errors', () => {
  const out = python(`
status = ck.action.status_show()
found = ck.action.package_search(q='titel', fq='organization:smhi', sort='name asc', rows=10)
shown = ck.action.package_show(id='befolkning')
try:
    ck.action.package_show(id='nothing-here')
    missing = 'no exception'
except ckanapi.NotFound as e:
    missing = 'NotFound'
try:
    ck.action.package_search(fq='colour:red')
    bad = 'no exception'
except ckanapi.SearchError as e:
    bad = 'SearchError: ' + str(e)
try:
    ck.action.package_create(name='x')
    invalid = 'no exception'
except ckanapi.ValidationError as e:
    invalid = e.error_dict
print(json.dumps({'version': status['ckan_version'], 'found': [p['name'] for p in found['results']],
                  'count': found['count'], 'shown': shown['organization']['name'], 'missing': missing,
                  'bad': bad, 'invalid': invalid}))`);
  assert.equal(out.found.join(), 'temperatur,vattenstand');
  assert.equal(out.count, 2);
  assert.equal(out.shown, 'scb');
  assert.equal(out.missing, 'NotFound');
  assert.match(out.bad, /unknown field 'colour'/);
  assert.equal(out.invalid.__type, 'Validation Error');
  assert.deepEqual(out.invalid.owner_org, ['An organization must be provided']);
});

test('ckanapi: create, update, patch, resources and delete, with roles as on /api/v1', async () => {
  const out = python(`
complete = dict(name='trafikolyckor', title='Trafikolyckor', notes='Olyckor per län.',
    owner_org='scb', maintainer='SCB', maintainer_email='information@scb.se',
    tags=[{'name': 'trafik'}, {'name': 'olyckor'}], groups=[{'name': 'tran'}],
    extras=[{'key': 'access_rights', 'value': 'PUBLIC'}],
    resources=[{'url': 'https://example.se/olyckor.csv', 'format': 'csv', 'license': 'cc-zero'}])
created = ck.action.package_create(**complete)
shown = ck.action.package_show(id='trafikolyckor')
again = ck.action.package_update(**shown)
patched = ck.action.package_patch(id='trafikolyckor', title='Trafikolyckor i Sverige')
resource = ck.action.resource_create(package_id='trafikolyckor', url='https://example.se/olyckor.json',
    format='JSON', name='JSON-fil')
resource2 = ck.action.resource_patch(id=resource['id'], description='Samma data som JSON.')
after_resources = ck.action.package_show(id='trafikolyckor')
ck.action.resource_delete(id=resource['id'])
after_delete = ck.action.package_show(id='trafikolyckor')
try:
    ck.action.package_create(**dict(complete, title='Igen'))
    taken = 'no exception'
except ckanapi.ValidationError as e:
    taken = e.error_dict
try:
    ck.action.package_create(name='med-extra', title='X', notes='Y', owner_org='scb',
        extras=[{'key': 'custom_field', 'value': '1'}])
    extra = 'no exception'
except ckanapi.ValidationError as e:
    extra = e.error_dict
print(json.dumps({'created': created, 'shown': shown, 'again': again, 'patched': patched['title'],
    'resource': resource, 'resource2': resource2, 'resources': [r['name'] for r in after_resources['resources']],
    'after_delete': len(after_delete['resources']), 'taken': taken, 'extra': extra}))`, world.tokens.editor);
  assert.equal(out.created.name, 'trafikolyckor');
  assert.equal(out.created.state, 'active');
  assert.deepEqual(out.created.tags.map((t) => t.name).sort(), ['olyckor', 'trafik']);
  assert.deepEqual(out.created.groups.map((g) => g.name), ['tran']);
  assert.equal(out.created.resources[0].format, 'CSV');
  assert.equal(out.created.license_id, 'CC0-1.0');
  // The round trip: package_show's dict sent back through package_update changes nothing.
  assert.deepEqual(out.again, out.shown);
  assert.equal(out.patched, 'Trafikolyckor i Sverige');
  assert.equal(out.resource.format, 'JSON');
  assert.equal(out.resource2.description, 'Samma data som JSON.');
  assert.equal(out.resource2.id, out.resource.id);
  assert.equal(out.resources.length, 2);
  assert.equal(out.after_delete, 1);
  assert.deepEqual(out.taken.name, ['That URL is already in use.'], JSON.stringify(out.taken));
  assert.match(JSON.stringify(out.extra.extras), /custom_field/);
  const revision = (await request(world.url, 'GET', '/api/v1/datasets/trafikolyckor')).json.revision;
  python(`shown = ck.action.package_show(id='trafikolyckor'); ck.action.package_update(**shown); print('1')`,
    world.tokens.editor);
  assert.equal((await request(world.url, 'GET', '/api/v1/datasets/trafikolyckor')).json.revision, revision,
    'an unchanged dict writes nothing');
  // Roles: an editor of another organisation may not change it; anonymous may not create.
  const denied = python(`
out = []
try:
    ck.action.package_patch(id='trafikolyckor', title='Nej')
except ckanapi.NotAuthorized as e:
    out.append('NotAuthorized')
print(json.dumps(out))`, world.tokens.outsider);
  assert.deepEqual(denied, ['NotAuthorized']);
  const anonymous = python(`
try:
    ck.action.package_create(name='anon', title='A', owner_org='scb')
    print(json.dumps('created'))
except ckanapi.NotAuthorized:
    print(json.dumps('NotAuthorized'))`, '');
  assert.equal(anonymous, 'NotAuthorized');
  const deleted = python(`ck.action.package_delete(id='trafikolyckor'); print(json.dumps(ck.action.package_show(id='trafikolyckor')['state']))`,
    world.tokens.editor);
  assert.equal(deleted, 'deleted');
});

test('ckanapi: organisations and members', async () => {
  const out = python(`
org = ck.action.organization_create(name='lantmateriet', title='Lantmäteriet',
    extras=[{'key': 'org_number', 'value': '202100-4888'}])
patched = ck.action.organization_patch(id='lantmateriet', description='Swedish mapping authority')
member = ck.action.organization_member_create(id='lantmateriet', username='member', role='editor')
generic = ck.action.member_create(id='lantmateriet', object='outsider', object_type='user', capacity='member')
print(json.dumps({'org': org, 'patched': patched, 'member': member, 'generic': generic}))`);
  assert.equal(out.org.name, 'lantmateriet', JSON.stringify(out.org));
  assert.equal(out.org.title, 'Lantmäteriet');
  assert.ok(out.org.extras.some((e) => e.key === 'org_number' && e.value === '2021004888'), JSON.stringify(out.org));
  assert.equal(out.patched.description, 'Swedish mapping authority');
  assert.equal(out.patched.title, 'Lantmäteriet', 'a patch keeps what it does not name');
  assert.deepEqual([out.member.table_name, out.member.capacity, out.member.state], ['user', 'editor', 'active']);
  assert.equal(out.generic.capacity, 'member');
  const bad = python(`
try:
    ck.action.organization_member_create(id='lantmateriet', username='member', role='king')
except ckanapi.ValidationError as e:
    print(json.dumps(e.error_dict))`);
  assert.deepEqual(bad.role, ['role does not exist.']);
});

test('ckanapi command line: action, search datasets, dump datasets --all, load datasets', async () => {
  const shown = ckanapi(['action', 'package_show', 'id=befolkning']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(JSON.parse(shown.stdout).name, 'befolkning');
  const searched = ckanapi(['search', 'datasets', 'fq=organization:smhi']);
  assert.equal(searched.status, 0, searched.stderr);
  assert.deepEqual(lines(searched.stdout).map((p) => p.name).sort(), ['temperatur', 'vattenstand']);
  const dumped = ckanapi(['dump', 'datasets', '--all', '-q']);
  assert.equal(dumped.status, 0, dumped.stderr);
  const packages = lines(dumped.stdout);
  const listed = (await request(world.url, 'GET', '/api/action/package_list')).json.result;
  assert.deepEqual(packages.map((p) => p.name).sort(), [...listed].sort());
  // load: the dump sent back changes nothing; a changed title and a new dataset are written.
  const changed = packages.map((p) => (p.name === 'befolkning' ? { ...p, title: 'Befolkning 2026' } : p));
  const fresh = { name: 'nytt-dataset', title: 'Nytt', notes: 'Nya data.', owner_org: 'scb', maintainer: 'SCB',
    maintainer_email: 'information@scb.se', tags: [{ name: 'nytt' }], groups: [{ name: 'soci' }],
    extras: [{ key: 'access_rights', value: 'PUBLIC' }], resources: [{ url: 'https://example.se/nytt.csv', format: 'CSV' }] };
  const file = join(scratch, 'load.jsonl');
  writeFileSync(file, [...changed, fresh].map((p) => JSON.stringify(p)).join('\n') + '\n');
  const before = {};
  for (const p of packages) before[p.name] = (await request(world.url, 'GET', `/api/v1/datasets/${p.name}`)).json.revision;
  const loaded = ckanapi(['load', 'datasets', '-I', file, '-q'], world.tokens.sysadmin);
  assert.equal(loaded.status, 0, loaded.stderr + loaded.stdout);
  for (const p of packages) {
    const revision = (await request(world.url, 'GET', `/api/v1/datasets/${p.name}`)).json.revision;
    if (p.name === 'befolkning') assert.equal(revision, before[p.name] + 1);
    else assert.equal(revision, before[p.name], `${p.name} is unchanged`);
  }
  assert.equal((await request(world.url, 'GET', '/api/action/package_show?id=befolkning')).json.result.title, 'Befolkning 2026');
  assert.equal((await request(world.url, 'GET', '/api/action/package_show?id=nytt-dataset')).json.result.organization.name, 'scb');
});

// What CKAN's harvester (ckanext/harvest/harvesters/ckanharvester.py) sends, with what it reads.
test('CKAN\'s harvester: organisation filters, the change window, sort=id asc, paging to an empty page', async () => {
  const since = new Date(Date.now() - 3600 * 1000).toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$1456');
  const cases = [
    [`organization:scb OR organization:smhi metadata_modified:[${since}Z TO *]`, null],
    ['-organization:scb', 'smhi'],
    ['organization:scb', 'scb'],
    ['groups:envi OR groups:soci', null],
  ];
  for (const [fq, only] of cases) {
    const ids = [];
    let previous = null;
    for (let start = 0; ; start += 2) {
      const query = new URLSearchParams({ rows: '2', start: String(start), sort: 'id asc', fq });
      const r = await request(world.url, 'GET', `/api/3/action/package_search?${query}`);
      assert.equal(r.status, 200, `${fq}: ${r.text}`);
      assert.notEqual(r.text, previous, 'two pages alike make the harvester stop');
      previous = r.text;
      const results = r.json.result.results;
      if (results.length === 0) break;
      for (const p of results) {
        ids.push(p.id);
        if (only) assert.equal(p.organization.name, only);
        // It reads these from every package.
        for (const key of ['id', 'name', 'type', 'tags', 'groups', 'owner_org', 'extras', 'resources', 'metadata_modified'])
          assert.ok(key in p, `${key} in the package`);
      }
    }
    assert.deepEqual([...ids].sort(), ids, `${fq}: id order`);
    assert.equal(new Set(ids).size, ids.length, `${fq}: no package twice`);
    const count = (await request(world.url, 'GET', `/api/3/action/package_search?rows=0&fq=${encodeURIComponent(fq)}`)).json.result.count;
    assert.equal(ids.length, count, `${fq}: paging reaches the count`);
  }
  // remote_orgs / remote_groups: organization_show and group_show by the ids the packages carry.
  const pkg = (await request(world.url, 'GET', '/api/3/action/package_show?id=vattenstand')).json.result;
  const org = await request(world.url, 'GET', `/api/3/action/organization_show?id=${pkg.owner_org}`);
  assert.equal(org.json.result.name, 'smhi');
  const group = await request(world.url, 'GET', `/api/3/action/group_show?id=${encodeURIComponent(pkg.groups[0].id)}`);
  assert.equal(group.json.result.name, 'envi');
});

test('round trip: package_search paged to the end by every sort equals package_list', async () => {
  const listed = new Set((await request(world.url, 'GET', '/api/3/action/package_list')).json.result);
  for (const sort of ['id asc', 'id desc', 'name asc', 'name desc', 'title_string asc', 'metadata_modified desc',
    'metadata_created asc', 'score desc, metadata_modified desc']) {
    const names = [];
    for (let start = 0; ; start += 1) {
      const r = await request(world.url, 'GET', `/api/3/action/package_search?rows=1&start=${start}&sort=${encodeURIComponent(sort)}`);
      assert.equal(r.status, 200, `${sort}: ${r.text}`);
      if (r.json.result.results.length === 0) break;
      names.push(r.json.result.results[0].name);
    }
    assert.equal(names.length, listed.size, `${sort}: ${names}`);
    assert.deepEqual(new Set(names), listed, sort);
  }
  const byName = [];
  for (const sort of ['name asc', 'name desc']) {
    const r = await request(world.url, 'GET', `/api/3/action/package_search?rows=100&sort=${encodeURIComponent(sort)}`);
    byName.push(r.json.result.results.map((p) => p.name));
  }
  assert.deepEqual(byName[0], [...byName[0]].sort());
  assert.deepEqual(byName[1], [...byName[0]].reverse());
});

// ckanr (R) and frictionless: GET with query strings, multipart bodies, both key headers.
test('ckanr and frictionless requests: status_show first, multipart posts, X-CKAN-API-Key', async () => {
  const status = await request(world.url, 'GET', '/api/3/action/status_show', { headers: { 'content-type': 'application/json' } });
  assert.match(status.json.result.ckan_version, /^2\.\d+\.\d+$/);
  const query = 'q=*:*&fq=organization:scb&rows=10&start=0&facet=false&include_drafts=false&include_private=false&use_default_schema=false';
  const searched = await request(world.url, 'GET', `/api/3/action/package_search?${query}`);
  assert.equal(searched.status, 200, searched.text);
  assert.deepEqual(searched.json.result.facets, {});
  // ckanr posts package_patch as multipart/form-data, with the key in both headers.
  const form = new FormData();
  form.append('id', 'inkomster');
  form.append('title', 'Inkomster per kommun');
  const patched = await fetch(`${world.url}/api/3/action/package_patch`, { method: 'POST', body: form,
    headers: { 'x-ckan-api-key': world.tokens.editor } });
  const body = await patched.json();
  assert.equal(patched.status, 200, JSON.stringify(body));
  assert.equal(body.result.title, 'Inkomster per kommun');
  // frictionless sends resource_create with a file: uploads are refused, saying what to do.
  const upload = new FormData();
  upload.append('package_id', 'inkomster');
  upload.append('upload', new Blob(['a,b\n1,2\n']), 'data.csv');
  const refused = await fetch(`${world.url}/api/action/resource_create`, { method: 'POST', body: upload,
    headers: { authorization: world.tokens.editor } });
  const refusal = await refused.json();
  assert.equal(refused.status, 409);
  assert.equal(refusal.error.__type, 'Validation Error');
  assert.deepEqual(refusal.error.upload, ['uploads are not supported; give url']);
  // A writing action over GET is refused as CKAN refuses it.
  const get = await request(world.url, 'GET', '/api/3/action/package_delete?id=inkomster');
  assert.equal(get.status, 400);
  assert.match(get.json, /Please use POST/);
});

test('the other read actions answer in CKAN\'s shapes', async () => {
  const call = async (name, query = '') => {
    const r = await request(world.url, 'GET', `/api/3/action/${name}${query ? `?${query}` : ''}`);
    assert.equal(r.status, 200, `${name}: ${r.text}`);
    return r.json.result;
  };
  const current = await call('current_package_list_with_resources', 'limit=2');
  assert.equal(current.length, 2);
  assert.ok(current[0].resources.length > 0);
  const activity = await call('package_activity_list', 'id=befolkning');
  assert.equal(activity.at(-1).activity_type, 'new package');
  assert.equal(activity[0].object_id, (await call('package_show', 'id=befolkning')).id);
  const recent = await call('recently_changed_packages_activity_list', 'limit=3');
  assert.equal(recent.length, 3);
  assert.ok(recent[0].timestamp >= recent[1].timestamp, JSON.stringify(recent.map((a) => a.timestamp)));
  assert.ok((await call('organization_activity_list', 'id=smhi')).every((a) => a.data.package.organization.name === 'smhi'));
  const resource = (await call('package_show', 'id=befolkning')).resources[0];
  assert.equal((await call('resource_show', `id=${resource.id}`)).url, resource.url);
  const found = await call('resource_search', 'query=format:csv');
  assert.ok(found.count >= 3 && found.results.every((r) => r.format === 'CSV'));
  assert.deepEqual((await call('group_list')).includes('envi'), true);
  const groups = await call('group_list', 'all_fields=true&sort=package_count');
  assert.equal(groups[0].name, 'envi');
  assert.equal((await call('group_show', 'id=envi&include_datasets=true')).packages.length, 2);
  const scb = await call('organization_show', 'id=scb&include_datasets=true');
  assert.ok(scb.packages.every((p) => p.organization.name === 'scb'));
  assert.deepEqual(await call('format_autocomplete', 'q=cs'), ['csv']);
  const completed = await call('package_autocomplete', 'q=temp');
  assert.deepEqual(completed.map((c) => c.name), ['temperatur']);
  assert.equal(completed[0].match_field, 'name');
  assert.equal((await call('tag_show', 'id=befolkning')).name, 'befolkning');
  assert.equal(await call('site_read'), true);
  assert.match(await call('help_show', 'name=package_search'), /Solr/);
  const user = await call('user_show', 'id=editor');
  assert.equal(user.name, 'editor');
  assert.equal(user.email, undefined, 'no e-mail address for anonymous callers');
  assert.deepEqual(await (await fetch(`${world.url}/api/3`)).json(), { version: 3 });
});
