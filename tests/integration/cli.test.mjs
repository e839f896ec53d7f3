// SPDX-License-Identifier: Apache-2.0
// The command line: init, demo, migrations, configuration errors and clean shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, cliOk, tempDataDir, startServer, request, cleanup } from './harness.mjs';

test('one server per data folder: a second serve is refused and the first keeps serving', async () => {
  const data = tempDataDir('one-server');
  cliOk(['init', data]);
  const first = await startServer(data);
  const second = cli(['serve', '--data', data, '--listen', '127.0.0.1:0']);
  assert.equal(second.status, 1);
  assert.match(second.stderr, /another samverka serve is using .*; one server per data folder/);
  assert.equal((await request(first.url, 'GET', '/healthz')).status, 200);
  assert.equal(await first.stop(), 0);
  const again = await startServer(data);  // the lock went with the first server
  assert.equal(await again.stop(), 0);
  cleanup(data);
});

test('init writes a database and a commented samverka.toml', () => {
  const data = tempDataDir('init');
  cliOk(['init', data]);
  assert.ok(existsSync(join(data, 'samverka.db')));
  const config = readFileSync(join(data, 'samverka.toml'), 'utf8');
  for (const key of ['listen', 'threads', 'body_limit_bytes', 'read_connections', 'retention_days', 'max_page_size']) {
    assert.match(config, new RegExp(`# ${key} =`), key);
  }
  const again = cli(['init', data]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /already/);
  cleanup(data);
});

test('the demo catalogue is deterministic and complete', async () => {
  const first = tempDataDir('demo1');
  const second = tempDataDir('demo2');
  cliOk(['init', first, '--demo', '120']);
  cliOk(['init', second, '--demo', '120']);
  const a = await startServer(first);
  const b = await startServer(second);
  const pageA = await request(a.url, 'GET', '/api/v1/datasets?limit=1000');
  const pageB = await request(b.url, 'GET', '/api/v1/datasets?limit=1000');
  const strip = (items) => items.map(({ created, metadata_modified, publisher, ...rest }) => rest);
  assert.deepEqual(strip(pageA.json.items), strip(pageB.json.items));
  const orgs = await request(a.url, 'GET', '/api/v1/organizations');
  assert.ok(orgs.json.total >= 30);
  assert.ok(orgs.json.items.every((o) => /^\d{10}$/.test(o.org_number)));
  const themes = new Set(pageA.json.items.flatMap((d) => d.themes));
  assert.equal(themes.size, 13, 'all 13 EU themes');
  const formats = new Set(pageA.json.items.flatMap((d) => d.distributions.map((x) => x.format)));
  for (const f of ['CSV', 'JSON', 'GEOJSON', 'XLSX']) assert.ok(formats.has(f), f);
  assert.ok(pageA.json.items.every((d) => d.title.sv && d.title.en && d.contact_point && d.keywords.sv.length));
  assert.equal(await a.stop(), 0);
  assert.equal(await b.stop(), 0);
  cleanup(first);
  cleanup(second);
});

test('a data folder from a newer samverka is refused and left untouched', () => {
  const data = tempDataDir('newer');
  cliOk(['init', data]);
  const database = join(data, 'samverka.db');
  const sqlite = spawnSync('sqlite3', [database, 'PRAGMA user_version = 999;'], { encoding: 'utf8' });
  assert.equal(sqlite.status, 0, sqlite.stderr);
  const serve = cli(['serve', '--data', data, '--listen', '127.0.0.1:0']);
  assert.notEqual(serve.status, 0);
  assert.match(serve.stderr, /newer/);
  const version = spawnSync('sqlite3', [database, 'PRAGMA user_version;'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), '999');
  cleanup(data);
});

test('bad configuration and arguments give clear errors', () => {
  const data = tempDataDir('config');
  cliOk(['init', data]);
  writeFileSync(join(data, 'samverka.toml'), '[server]\nthreds = 4\n');
  const unknown = cli(['serve', '--data', data]);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /unknown setting 'server.threds'/);
  writeFileSync(join(data, 'samverka.toml'), '[server]\nthreads = "many"\n');
  assert.match(cli(['serve', '--data', data]).stderr, /server.threads must be/);
  writeFileSync(join(data, 'samverka.toml'), '');
  assert.match(cli(['serve', '--data', data, '--listen', 'nonsense']).stderr, /HOST:PORT/);
  assert.match(cli(['serve', '--data', join(data, 'missing')]).stderr, /no samverka data folder/);
  assert.match(cli(['org', 'add', 'x1', '--name-sv', 'X', '--org-number', '123', '--data', data]).stderr, /org_number/);
  assert.match(cli(['member', 'add', 'nobody', 'nobody', '--role', 'editor', '--data', data]).stderr, /no organisation/);
  assert.match(cli(['user', 'add', 'Bad Name', '--email', 'a@b.se', '--data', data]).stderr, /name/);
  const token = cli(['token', 'create', 'nobody', '--data', data]);
  assert.notEqual(token.status, 0);
  cleanup(data);
});

test('passwords from stdin are stored as argon2id, never in clear', () => {
  const data = tempDataDir('password');
  cliOk(['init', data]);
  cliOk(['user', 'add', 'eva', '--email', 'eva@example.se', '--password-stdin', '--data', data], { input: 'a long enough secret\n' });
  const stored = spawnSync('sqlite3', [join(data, 'samverka.db'), "SELECT password_hash FROM users WHERE name='eva'"], { encoding: 'utf8' }).stdout;
  assert.match(stored, /^\$argon2id\$/);
  assert.doesNotMatch(stored, /secret/);
  const tokens = cliOk(['token', 'create', 'eva', '--data', data]);
  const secret = tokens.trim().split('\n').pop();
  const hashes = spawnSync('sqlite3', [join(data, 'samverka.db'), 'SELECT hash FROM tokens'], { encoding: 'utf8' }).stdout;
  assert.ok(!hashes.includes(secret), 'tokens are stored hashed');
  assert.equal(cli(['user', 'add', 'short', '--email', 'a@b.se', '--password-stdin', '--data', data], { input: 'short\n' }).status, 1);
  cleanup(data);
});

test('SIGTERM drains: answers already started complete whole, and the exit code is 0', async () => {
  const data = tempDataDir('drain');
  cliOk(['init', data, '--demo', '50']);
  const server = await startServer(data, ['--threads', '2']);
  const inflight = Array.from({ length: 20 }, () =>
    request(server.url, 'GET', '/api/v1/datasets?limit=1000').catch((error) => ({ status: 'refused', error })));
  await Promise.race(inflight);  // the server is busy with the rest now
  const code = await server.stop();
  const answers = await Promise.all(inflight);
  assert.equal(code, 0);
  for (const answer of answers) {
    if (answer.status === 'refused') continue;  // arrived after the listener closed
    assert.equal(answer.status, 200);
    assert.equal(answer.json.items.length, answer.json.total, 'a complete body');
  }
  assert.ok(answers.some((answer) => answer.status === 200), 'some requests were in flight');
  cleanup(data);
});

test('a server stopped with no connection open exits 0, again and again', async () => {
  // The drain thread once outlived the server it stopped: a use-after-free that only showed
  // when the machine was busy. Several servers stopping at once make that timing likely.
  const folders = Array.from({ length: 4 }, (_, index) => tempDataDir(`quickstop${index}`));
  for (const data of folders) cliOk(['init', data]);
  for (let round = 0; round < 5; round++) {
    const servers = await Promise.all(folders.map((data) => startServer(data)));
    const codes = await Promise.all(servers.map((server) => server.stop()));
    assert.deepEqual(codes, [0, 0, 0, 0], `round ${round}`);
  }
  for (const data of folders) cleanup(data);
});

test('activity retention keeps at most the configured number of entries', async () => {
  const data = tempDataDir('retention');
  cliOk(['init', data]);
  writeFileSync(join(data, 'samverka.toml'), '[activity]\nmax_per_dataset = 3\n');
  cliOk(['org', 'add', 'scb', '--name-sv', 'SCB', '--data', data]);
  cliOk(['user', 'add', 'ed', '--email', 'ed@scb.se', '--data', data]);
  cliOk(['member', 'add', 'scb', 'ed', '--role', 'editor', '--data', data]);
  const token = cliOk(['token', 'create', 'ed', '--data', data]).trim().split('\n').pop();
  const server = await startServer(data);
  const created = await request(server.url, 'POST', '/api/v1/datasets', { token,
    body: { publisher: 'scb', title: { sv: 'T' }, description: { sv: 'D' } } });
  for (let version = 1; version <= 5; version++) {
    const r = await request(server.url, 'PATCH', `/api/v1/datasets/${created.json.id}`, { token, body: { version: String(version) } });
    assert.equal(r.status, 200);
  }
  const activity = await request(server.url, 'GET', `/api/v1/datasets/${created.json.id}/activity`);
  assert.deepEqual(activity.json.items.map((a) => a.revision), [6, 5, 4]);
  assert.equal(await server.stop(), 0);
  cleanup(data);
});
