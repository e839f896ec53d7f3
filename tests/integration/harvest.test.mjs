// SPDX-License-Identifier: Apache-2.0
// Harvesting a second real Samverka: its DCAT catalogue, page after page (Hydra), fetched over
// HTTP into this one, as a job started through the API and from the command line; the
// catalogues end up equal; a run of an unchanged source changes nothing; bad sources end in a
// clear, recorded failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupWorld, startServer, request, cleanup, cli, cliOk } from './harness.mjs';

let source;  // the publisher's own Samverka, with a demo catalogue
let world;   // the national catalogue that harvests it
const call = (method, path, options) => request(world.url, method, path, options);

async function settled(runId) {
  for (let i = 0; i < 600; i++) {
    const run = await call('GET', `/api/v1/harvest/runs/${runId}`);
    if (run.status === 200 && run.json.finished) return run.json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} never finished`);
}

// Every published public dataset of a catalogue, by IRI, with the fields both sides keep.
async function catalogue(base) {
  const out = new Map();
  let cursor = null;
  do {
    const page = (await request(base, 'GET', `/api/v1/datasets?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json;
    for (const item of page.items) {
      if (item.state !== 'published' || item.private) continue;
      const full = (await request(base, 'GET', `/api/v1/datasets/${item.id}`)).json;
      out.set(full.iri, {
        title: full.title, description: full.description, keywords: full.keywords, themes: full.themes,
        access_rights: full.access_rights, frequency: full.frequency, temporal: full.temporal,
        distributions: full.distributions.map((d) => ({ title: d.title, access_url: d.access_url, download_urls: d.download_urls, format: d.format, license: d.license })),
      });
    }
    cursor = page.next;
  } while (cursor);
  return out;
}

before(async () => {
  world = await setupWorld('harvest');
  const config = join(world.data, 'samverka.toml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('# allow_private_addresses = false', 'allow_private_addresses = true')
    .replace('# check_seconds = 60', 'check_seconds = 1'));
  await world.server.stop();
  world.server = await startServer(world.data);
  world.url = world.server.url;
  source = await setupWorld('harvest-source', { demo: 40 });
});
after(async () => {
  await world?.server.stop();
  await source?.server.stop();
  cleanup(world?.data);
  cleanup(source?.data);
});

test('a source is harvested through the API: the catalogues end up equal, and an unchanged source changes nothing', async () => {
  // Ten datasets a page: the run follows hydra:next through every page.
  // Disabled: runs start here by hand only, not on the schedule.
  const body = { name: 'Demokatalogen', url: `${source.url}/catalog.ttl?page_size=10`, schedule: 'every 6 hours', enabled: false };
  assert.equal((await call('POST', '/api/v1/harvest/sources', { body })).status, 401);
  assert.equal((await call('POST', '/api/v1/harvest/sources', { body, token: world.tokens.editor })).status, 403,
    'a source whose records name their publishers is for sysadmins');
  const created = await call('POST', '/api/v1/harvest/sources', { body, token: world.tokens.sysadmin });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.schedule, 'every 6 hours');
  assert.equal(created.json.publisher, null);

  const started = await call('POST', `/api/v1/harvest/sources/${created.json.id}/runs`, { token: world.tokens.sysadmin });
  assert.equal(started.status, 202, started.text);
  const run = await settled(started.json.run);
  assert.equal(run.status, 'applied', JSON.stringify(run));
  const expected = await catalogue(source.url);
  assert.ok(expected.size >= 20, `the source publishes ${expected.size} datasets`);
  assert.equal(run.summary.created + run.summary.draft, expected.size, JSON.stringify(run.summary));
  assert.match(run.message, new RegExp(`^read ${Math.ceil(expected.size / 10)} pages`));
  const harvested = await catalogue(world.url);
  assert.deepEqual([...harvested.keys()].sort(), [...expected.keys()].sort());
  for (const [iri, fields] of expected) assert.deepEqual(harvested.get(iri), fields, iri);
  const job = await call('GET', `/api/v1/jobs/${started.json.run}`, { token: world.tokens.sysadmin });
  assert.equal(job.json.type, 'harvest');
  assert.equal(job.json.state, 'succeeded');
  const report = await call('GET', `/api/v1/imports/${run.id}`, { token: world.tokens.sysadmin });
  assert.equal(report.status, 200);
  assert.equal(report.json.source, body.url);

  const again = await settled((await call('POST', `/api/v1/harvest/sources/${created.json.id}/runs`, { token: world.tokens.sysadmin })).json.run);
  // A paged source is read again whole (an unchanged first page says nothing of the others).
  assert.equal(again.status, 'applied', JSON.stringify(again));
  assert.equal(again.summary.unchanged, run.summary.created + run.summary.draft, JSON.stringify(again.summary));
  assert.equal(again.summary.created + again.summary.updated, 0);
  const runs = (await call('GET', `/api/v1/harvest/sources/${created.json.id}/runs`)).json.items;
  assert.deepEqual(runs.map((r) => r.id), [again.id, run.id], 'newest first');
});

test('bad sources are refused, and a source that cannot be fetched ends in a recorded failure', async () => {
  const bad = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin, body: { name: 'x', url: 'file:///etc/passwd', schedule: 'weekly' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['schedule', 'url']);
  const unknown = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin, body: { name: 'x', url: 'https://example.se/x', publisher: 'nobody' } });
  assert.equal(unknown.status, 422);
  assert.match(JSON.stringify(unknown.json.errors), /no organisation 'nobody'/);

  // An organisation's admin manages its own sources, not others'.
  const own = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.admin, body: { name: 'SCB:s katalog', url: `${source.url}/no-such-catalog.ttl`, publisher: 'scb', schedule: 'daily 03:00' } });
  assert.equal(own.status, 201, own.text);
  assert.equal((await call('PATCH', `/api/v1/harvest/sources/${own.json.id}`, { token: world.tokens.outsider, body: { enabled: false } })).status, 403);
  const stale = await call('PATCH', `/api/v1/harvest/sources/${own.json.id}`, { token: world.tokens.admin, body: { enabled: false }, headers: { 'if-match': '"7"' } });
  assert.equal(stale.status, 412);
  const disabled = await call('PATCH', `/api/v1/harvest/sources/${own.json.id}`, { token: world.tokens.admin, body: { enabled: false } });
  assert.equal(disabled.status, 200);
  assert.equal(disabled.json.enabled, false);
  assert.equal(disabled.json.revision, 2);

  const started = await call('POST', `/api/v1/harvest/sources/${own.json.id}/runs`, { token: world.tokens.admin });
  assert.equal(started.status, 202);
  const run = await settled(started.json.run);
  assert.equal(run.status, 'failed');
  assert.match(run.message, /answered HTTP 404/);
  const job = await call('GET', `/api/v1/jobs/${run.id}`, { token: world.tokens.admin });
  assert.equal(job.json.state, 'failed');
  assert.match(job.json.message, /404/);

  assert.equal((await call('DELETE', `/api/v1/harvest/sources/${own.json.id}`, { token: world.tokens.outsider })).status, 403);
  assert.equal((await call('DELETE', `/api/v1/harvest/sources/${own.json.id}`, { token: world.tokens.admin })).status, 204);
  assert.equal((await call('GET', `/api/v1/harvest/sources/${own.json.id}`)).status, 404);
  assert.equal((await call('GET', `/api/v1/harvest/runs/${run.id}`)).status, 404, 'its runs go with it');
});

test('the command line adds, lists, runs and removes sources', async () => {
  const url = `${source.url}/catalog.ttl?page_size=100`;
  const added = cliOk(['harvest', 'source', 'add', 'Fem först', url, '--publisher', 'scb', '--schedule', 'daily 05:30', '--disabled', '--data', world.data]);
  const id = added.match(/added harvest source (\S+)/)[1];
  assert.match(cliOk(['harvest', 'source', 'list', '--data', world.data]), new RegExp(`${id}\\s+disabled\\s+daily 05:30\\s+Fem först`));
  const ran = cli(['harvest', 'run', id, '--data', world.data]);
  assert.equal(ran.status, 0, ran.stderr);
  assert.match(ran.stdout, /: applied \(\d+ datasets: /);
  const shown = JSON.parse(cliOk(['harvest', 'source', 'show', id, '--json', '--data', world.data]));
  assert.equal(shown.runs.length, 1);
  assert.equal(shown.publisher.length > 0, true);
  const bad = cli(['harvest', 'source', 'add', 'x', 'gopher://example.se', '--data', world.data]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /url: must be an http or https URL/);
  assert.equal(cli(['harvest', 'run', '--data', world.data]).status, 1);
  assert.match(cliOk(['harvest', 'source', 'remove', id, '--data', world.data]), /removed harvest source/);
});

test('the server runs an enabled source when its time comes, once', async () => {
  const created = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin,
    body: { name: 'Schemalagd', url: `${source.url}/catalog.ttl?page_size=100`, publisher: 'scb', schedule: 'every 1 hour' } });
  assert.equal(created.status, 201, created.text);
  let runs = [];
  for (let i = 0; i < 200 && !(runs.length && runs[0].finished); i++) {
    runs = (await call('GET', `/api/v1/harvest/sources/${created.json.id}/runs`)).json.items;
    if (!(runs.length && runs[0].finished)) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(runs.length, 1, 'a source that never ran is due at once');
  assert.equal(runs[0].status, 'applied', JSON.stringify(runs[0]));
  const job = await call('GET', `/api/v1/jobs/${runs[0].id}`, { token: world.tokens.sysadmin });
  assert.equal(job.json.type, 'harvest');
  // The scheduler looks every second here; the next run is an hour away.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.equal((await call('GET', `/api/v1/harvest/sources/${created.json.id}/runs`)).json.items.length, 1);
  assert.equal((await call('PATCH', `/api/v1/harvest/sources/${created.json.id}`, { token: world.tokens.sysadmin, body: { enabled: false } })).status, 200);
});

const sourceNamed = async (name) => (await call('GET', '/api/v1/harvest/sources')).json.items.find((s) => s.name === name);
const runOf = async (id) => settled((await call('POST', `/api/v1/harvest/sources/${id}/runs`, { token: world.tokens.sysadmin })).json.run);
const reportOf = async (run) => (await call('GET', `/api/v1/imports/${run.id}`, { token: world.tokens.sysadmin })).json;

test('a dataset that vanishes from its source is withdrawn; a source that suddenly lacks most of its datasets withdraws none', async () => {
  const demo = await sourceNamed('Demokatalogen');
  const [gone, changed] = (await request(source.url, 'GET', '/api/v1/datasets?limit=2')).json.items;
  assert.equal((await request(source.url, 'DELETE', `/api/v1/datasets/${gone.id}`, { token: source.tokens.sysadmin })).status, 204);
  // Another changes at the source: the run updates it and passes over the rest.
  const title = { sv: 'Ändrad vid källan', en: 'Changed at the source' };
  assert.equal((await request(source.url, 'PATCH', `/api/v1/datasets/${changed.id}`, { token: source.tokens.sysadmin, body: { title } })).status, 200);
  const run = await runOf(demo.id);
  assert.equal(run.status, 'applied', JSON.stringify(run));
  assert.equal(run.summary.updated, 1, JSON.stringify(run.summary));
  assert.equal(run.summary.unchanged, run.summary.datasets - 1, JSON.stringify(run.summary));
  const updated = (await reportOf(run)).datasets.find((d) => d.iri === changed.iri);
  assert.equal(updated.outcome, 'updated');
  assert.deepEqual((await call('GET', `/api/v1/datasets/${updated.id}`)).json.title, title);
  assert.equal(run.summary.vanished, 1, JSON.stringify(run.summary));
  assert.equal(run.summary.withdrawn, 1);
  assert.match(run.message, /withdrew 1 datasets missing from the source/);
  const report = await reportOf(run);
  assert.equal(report.withdrawn.length, 1);
  assert.equal(report.withdrawn[0].iri, gone.iri);
  const here = report.withdrawn[0].id;
  assert.equal((await call('GET', `/api/v1/datasets/${here}`)).status, 404, 'withdrawn: not public');
  const kept = await call('GET', `/api/v1/datasets/${here}`, { token: world.tokens.sysadmin });
  assert.equal(kept.json.state, 'withdrawn', 'kept, not deleted');
  const history = (await call('GET', `/api/v1/datasets/${here}/activity`, { token: world.tokens.sysadmin })).json;
  assert.equal((history.items ?? history)[0].op, 'withdraw');

  // The source now answers with one publisher's datasets only: most of the others "vanish".
  const all = (await request(source.url, 'GET', '/api/v1/datasets?limit=1000')).json.items;
  const counts = new Map();
  for (const d of all) counts.set(d.publisher, (counts.get(d.publisher) ?? 0) + 1);
  const [publisher, ofOne] = [...counts].sort((a, b) => b[1] - a[1])[0];
  assert.ok(ofOne > 1 && ofOne * 2 < all.length, `${publisher} has ${ofOne} of ${all.length}`);
  assert.equal((await call('PATCH', `/api/v1/harvest/sources/${demo.id}`, { token: world.tokens.sysadmin,
    body: { url: `${source.url}/catalog.ttl?page_size=10&publisher=${publisher}` } })).status, 200);
  const shrunk = await runOf(demo.id);
  assert.equal(shrunk.status, 'applied', JSON.stringify(shrunk));
  assert.equal(shrunk.summary.vanished, all.length - ofOne, JSON.stringify(shrunk.summary));
  assert.equal(shrunk.summary.withdrawn, 0);
  assert.match(shrunk.message, /datasets missing from the source were kept/);
  assert.match((await reportOf(shrunk)).notes.join(' '), /more than 50 %: none was withdrawn/);
  const still = (await call('GET', '/api/v1/datasets?limit=1000')).json.items.filter((d) => d.state === 'published');
  assert.ok(still.length >= all.length, 'nothing withdrawn');
});

test('the source with the higher priority keeps a dataset two sources describe, and the source wins over edits made here', async () => {
  const demo = await sourceNamed('Demokatalogen');
  const created = await call('POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin,
    body: { name: 'Prioriterad', url: `${source.url}/catalog.ttl?page_size=25`, priority: 10, enabled: false } });
  assert.equal(created.status, 201, created.text);
  const first = await runOf(created.json.id);
  assert.equal(first.status, 'applied', JSON.stringify(first));
  const taken = (await reportOf(first)).datasets.filter((d) => d.warnings.some((w) => /taken over from the harvest source "Demokatalogen"/.test(w.message)));
  assert.ok(taken.length > 0, 'the lower-priority source gives its datasets up');

  // Demokatalogen (priority 0) now leaves them alone.
  const lower = await runOf(demo.id);
  assert.equal(lower.status, 'applied', JSON.stringify(lower));
  assert.ok(lower.summary.skipped > 0, JSON.stringify(lower.summary));
  assert.equal(lower.summary.skipped, lower.summary.datasets, JSON.stringify(lower.summary));
  const skipped = (await reportOf(lower)).datasets[0];
  assert.equal(skipped.outcome, 'skipped');
  assert.match(skipped.reason, /"Prioriterad" describes it too and keeps it: its priority \(10\) is higher than this source's \(0\)/);

  // Edited here, then harvested again: the source's values come back, and the report says which.
  const item = taken[0];
  const original = (await call('GET', `/api/v1/datasets/${item.id}`)).json;
  const edited = await call('PATCH', `/api/v1/datasets/${item.id}`, { token: world.tokens.sysadmin, body: { title: { sv: 'Ändrad här', en: 'Changed here' } } });
  assert.equal(edited.status, 200, edited.text);
  const again = await runOf(created.json.id);
  const entry = (await reportOf(again)).datasets.find((d) => d.id === item.id);
  assert.equal(entry.outcome, 'updated');
  assert.ok(entry.warnings.some((w) => /edited in Samverka since the last harvest.*replaced: title/.test(w.message)), JSON.stringify(entry.warnings));
  assert.deepEqual((await call('GET', `/api/v1/datasets/${item.id}`)).json.title, original.title);
});

test('a CKAN portal is harvested through its Action API: every field CKAN carries arrives', async () => {
  // A national catalogue of its own, so that nothing the DCAT sources brought is in the way.
  const national = await setupWorld('harvest-ckan');
  try {
    const config = join(national.data, 'samverka.toml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('# allow_private_addresses = false', 'allow_private_addresses = true'));
    await national.server.stop();
    national.server = await startServer(national.data);
    const here = (method, path, options) => request(national.server.url, method, path, options);
    const created = await here('POST', '/api/v1/harvest/sources', { token: national.tokens.sysadmin,
      body: { name: 'CKAN-portalen', url: `${source.url}/api/3/action`, type: 'ckan', enabled: false } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.type, 'ckan');
    const started = await here('POST', `/api/v1/harvest/sources/${created.json.id}/runs`, { token: national.tokens.sysadmin });
    let run;
    for (let i = 0; i < 600 && !run?.finished; i++) {
      run = (await here('GET', `/api/v1/harvest/runs/${started.json.run}`)).json;
      if (!run.finished) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(run.status, 'applied', JSON.stringify(run));
    // CKAN has one description, one resource name and one list of tags: English descriptions
    // and resource names stay behind, and the keywords of every language arrive as one list.
    const carried = (fields) => ({ ...fields, description: fields.description?.sv,
      keywords: [...new Set(Object.values(fields.keywords ?? {}).flat())].sort(),
      distributions: fields.distributions.map((d) => ({ ...d, title: d.title?.sv })) });
    const expected = await catalogue(source.url);
    const harvested = await catalogue(national.server.url);
    assert.equal(run.summary.created + run.summary.draft, expected.size, JSON.stringify(run.summary));
    assert.deepEqual([...harvested.keys()].sort(), [...expected.keys()].sort(), 'the same IRIs (the uri extra)');
    for (const [iri, fields] of expected) assert.deepEqual(carried(harvested.get(iri)), carried(fields), iri);
    // Publishers arrive as organisations, matched by organisation number.
    const orgs = (await here('GET', '/api/v1/organizations?limit=100')).json.items;
    assert.ok(orgs.length >= 10, `${orgs.length} organisations`);

    // A portal that answers something else than CKAN ends in a failure that says so.
    const wrong = await here('POST', '/api/v1/harvest/sources', { token: national.tokens.sysadmin,
      body: { name: 'Inte CKAN', url: `${source.url}/catalog.ttl`, type: 'ckan', enabled: false } });
    const failed = await here('POST', `/api/v1/harvest/sources/${wrong.json.id}/runs`, { token: national.tokens.sysadmin });
    let bad;
    for (let i = 0; i < 600 && !bad?.finished; i++) {
      bad = (await here('GET', `/api/v1/harvest/runs/${failed.json.run}`)).json;
      if (!bad.finished) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(bad.status, 'failed');
    assert.match(bad.message, /page 1 of package_search/);
  } finally {
    await national.server.stop();
    cleanup(national.data);
  }
});
