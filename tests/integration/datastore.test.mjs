// SPDX-License-Identifier: Apache-2.0
// The datastore through the real binary: CSV files loaded into a distribution's table as jobs
// (encoding, delimiter, header and types guessed), queried in the query language as JSON and
// CSV, with errors that say what is wrong; a failed load leaves the old table as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { spawnSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { setupWorld, request, cleanup, cliOk, cli } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const spectrum = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));

let world;
let distribution;  // of a published dataset of scb
let site;          // a publisher's web server, for loads from a download URL
let siteUrl;
const call = (method, path, options) => request(world.url, method, path, options);

before(async () => {
  site = createServer((req, res) => {
    if (req.url === '/befolkning.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('Kommun;Befolkning\nKiruna;22 000\nUmeå;130 000\n');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  world = await setupWorld('datastore', { privateFetches: true });
  // A distribution without a table is found through the search index: wait for it.
  const created = await call('POST', '/api/v1/datasets?wait_for_index=true', { token: world.tokens.editor, body: {
    title: { sv: 'Befolkning per kommun' }, description: { sv: 'Folkmängd.' }, publisher: 'scb',
    distributions: [{ access_url: 'https://example.se/befolkning.csv', format: 'CSV' },
      { access_url: 'https://example.se/spectrum.csv', format: 'CSV' }] } });
  assert.equal(created.status, 201, created.text);
  distribution = created.json.distributions[0].id;
  world.second = created.json.distributions[1].id;
});
after(async () => {
  await world?.server.stop();
  site?.close();
  cleanup(world?.data);
});

async function finished(jobId) {
  for (let i = 0; i < 1200; i++) {
    const job = await call('GET', `/api/v1/jobs/${jobId}`, { token: world.tokens.editor });
    if (['succeeded', 'failed', 'cancelled'].includes(job.json.state)) return job.json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} never finished`);
}

async function load(id, bytes, query = '', token = world.tokens.editor) {
  const started = await call('POST', `/api/v1/distributions/${id}/datastore${query}`, {
    token, raw: bytes, headers: { 'content-type': 'text/csv' } });
  assert.equal(started.status, 202, started.text);
  return finished(started.json.id);
}

// Windows-1252, ';', decimal commas, spaces between thousands, codes with leading zeros.
const swedish = Buffer.from(
  'Kommun;Kod;År;Befolkning;Andel;Öppen;Datum\r\n' +
  'Upplands Väsby;0114;2020;47 820;1,5;ja;2020-12-31\r\n' +
  'Stockholm;0180;2020;975 551;10,25;nej;2020-12-31\r\n' +
  'Malmö;1280;2021;350 647;..;ja;2021-12-31\r\n', 'latin1');

test('a Swedish export loads with its encoding, delimiter and types found', async () => {
  const job = await load(distribution, swedish, '?file_name=kommuner.csv');
  assert.equal(job.state, 'succeeded', job.message);
  assert.equal(job.result.rows, 3);
  assert.equal(job.result.encoding, 'WINDOWS-1252');
  assert.equal(job.result.delimiter, ';');
  const info = await call('GET', `/api/v1/distributions/${distribution}/datastore`);
  assert.equal(info.status, 200, info.text);
  assert.deepEqual(info.json.fields.map((field) => [field.name, field.type]), [
    ['Kommun', 'text'], ['Kod', 'text'], ['År', 'integer'], ['Befolkning', 'integer'],
    ['Andel', 'decimal'], ['Öppen', 'boolean'], ['Datum', 'date']]);
  assert.equal(info.json.source.file, 'kommuner.csv');
  const schema = await call('GET', `/api/v1/datastore/${distribution}/schema`);
  assert.deepEqual(schema.json.fields.map((field) => field.type),
    ['integer', 'string', 'string', 'integer', 'integer', 'number', 'boolean', 'date']);
});

test('queries filter, aggregate and page, as JSON and CSV', async () => {
  const page = await call('GET', `/api/v1/datastore/${distribution}?where=${encodeURIComponent("Kod in ('0114', '1280') and År >= 2020")}&total=true`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.total, 2);
  assert.deepEqual(page.json.records.map((row) => [row.Kommun, row.Kod, row.Befolkning, row.Andel, row.Öppen]),
    [['Upplands Väsby', '0114', 47820, 1.5, true], ['Malmö', '1280', 350647, null, true]]);
  const sums = await call('GET', `/api/v1/datastore/${distribution}?select=${encodeURIComponent('År, sum(Befolkning) as folk, count(*) as n')}&group=År&order=${encodeURIComponent('folk desc')}`);
  assert.equal(sums.status, 200, sums.text);
  assert.deepEqual(sums.json.records, [{ År: 2020, folk: 1023371, n: 2 }, { År: 2021, folk: 350647, n: 1 }]);
  const csv = await call('GET', `/api/v1/datastore/${distribution}.csv?select=${encodeURIComponent('Kommun, Andel')}&order=Kommun`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.equal(csv.text, 'Kommun,Andel\r\nMalmö,\r\nStockholm,10.25\r\nUpplands Väsby,1.5\r\n');
  const words = await call('GET', `/api/v1/datastore/${distribution}?q=${encodeURIComponent('upplands vasby')}&select=Kod`);
  assert.deepEqual(words.json.records, [{ Kod: '0114' }]);
  // Pages by cursor follow the table's order.
  const first = await call('GET', `/api/v1/datastore/${distribution}?limit=2&select=_id`);
  assert.deepEqual(first.json.records.map((row) => row._id), [1, 2]);
  const second = await call('GET', first.json.next);
  assert.deepEqual(second.json.records.map((row) => row._id), [3]);
});

test('mistakes and attacks in a query get 400 with the part and the position', async () => {
  const cases = [
    ["where=Kod = 0114", /where, position 7: '0114' does not fit Kod, a text column: write the value in quotes, '0114'/],
    ["where=Kod = '1'; DROP TABLE rows", /where, position 10: unexpected ';'/],
    ["where=Kod = '1' or 1=1", /where, position 14: compare a column with a value, not two values/],
    ['select=load_extension(1)', /select, position 1: no function 'load_extension'/],
    ['where=Saknas = 1', /where, position 1: no column 'Saknas'/],
    ['limit=-1', /limit/],
  ];
  for (const [query, message] of cases) {
    const [key, ...rest] = query.split('=');
    const answer = await call('GET', `/api/v1/datastore/${distribution}?${key}=${encodeURIComponent(rest.join('='))}`);
    assert.equal(answer.status, 400, `${query}: ${answer.text}`);
    assert.match(answer.json.detail, message, query);
  }
  const cursor = await call('GET', `/api/v1/datastore/${distribution}?order=${encodeURIComponent('År')}&cursor=3`);
  assert.equal(cursor.status, 400);
  assert.match(cursor.json.detail, /cursor: pages by cursor follow the table's own order/);
  // The table is still whole.
  const count = await call('GET', `/api/v1/datastore/${distribution}?total=true&limit=0`);
  assert.equal(count.json.total, 3);
  assert.equal((await call('GET', '/api/v1/datastore/no-such-distribution')).status, 404);
});

test('ragged rows are passed over with their lines; too many, and nothing changes', async () => {
  const ragged = Buffer.from('a;b\n1;2\n3\n4;5;6\n7;8\n');
  const job = await load(world.second, ragged);
  assert.equal(job.state, 'succeeded', job.message);
  assert.equal(job.result.rows, 2);
  assert.deepEqual(job.result.errors, [
    { line: 3, message: '1 cells where there are 2 columns' },
    { line: 4, message: '3 cells where there are 2 columns' }]);

  // More than the error budget (100): the load fails and the table is the one before.
  const broken = Buffer.from('a;b\n' + '1\n'.repeat(101) + '2;3\n');
  const failed = await load(world.second, broken, '?delimiter=;');
  assert.equal(failed.state, 'failed');
  assert.match(failed.message, /more than 100 rows could not be read \(the first: line 2, 1 cells where there are 2 columns\); nothing was loaded/);
  const binary = await load(world.second, Buffer.from('PK\x03\x04\x14\x00\x00\x00binary', 'latin1'));
  assert.equal(binary.state, 'failed');
  assert.match(binary.message, /zip archive/);
  const invalid = await load(world.second, Buffer.concat([Buffer.from('a;b\n'), Buffer.from('x;y\n'.repeat(20000)), Buffer.from([0x66, 0xff, 0x0a])]), '?encoding=UTF-8');
  assert.equal(invalid.state, 'failed');
  assert.match(invalid.message, /byte 80005: not valid UTF-8/);
  const info = await call('GET', `/api/v1/distributions/${world.second}/datastore`);
  assert.equal(info.json.rows, 2, 'the failed loads left the table as it was');
});

test('only editors of the publisher load; bad parameters are refused before anything is stored', async () => {
  const anonymous = await call('POST', `/api/v1/distributions/${distribution}/datastore`, { raw: swedish, headers: { 'content-type': 'text/csv' } });
  assert.equal(anonymous.status, 401);
  const outsider = await call('POST', `/api/v1/distributions/${distribution}/datastore`, { token: world.tokens.outsider, raw: swedish, headers: { 'content-type': 'text/csv' } });
  assert.equal(outsider.status, 403);
  const spreadsheet = await call('POST', `/api/v1/distributions/${distribution}/datastore`, { token: world.tokens.editor, raw: swedish, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
  assert.equal(spreadsheet.status, 415);
  const delimiter = await call('POST', `/api/v1/distributions/${distribution}/datastore?delimiter=x`, { token: world.tokens.editor, raw: swedish, headers: { 'content-type': 'text/csv' } });
  assert.equal(delimiter.status, 400);
  const types = await load(distribution, swedish, `?types=${encodeURIComponent('Saknas:text')}`);
  assert.equal(types.state, 'failed');
  assert.match(types.message, /types: the file has no column 'Saknas'/);
  // The given types win over the guessed ones.
  const typed = await load(distribution, swedish, `?types=${encodeURIComponent('År:text,Befolkning:decimal')}`);
  assert.equal(typed.state, 'succeeded', typed.message);
  const info = await call('GET', `/api/v1/distributions/${distribution}/datastore`);
  assert.deepEqual(info.json.fields.slice(2, 4).map((field) => field.type), ['text', 'decimal']);
  assert.equal((await call('DELETE', `/api/v1/distributions/${distribution}/datastore`, { token: world.tokens.outsider })).status, 403);
});

test("a real export: the Norwegian directorate's file with its BOM and '.' for hidden values", async () => {
  const bytes = readFileSync(join(here, '../data/testdata/csv/no_udir_skoleporten_nasjonale_prover_bom_semicolon.csv'));
  const job = await load(world.second, bytes);
  assert.equal(job.state, 'succeeded', job.message);
  assert.equal(job.result.rows, 6233);
  assert.equal(job.result.encoding, 'UTF-8');
  const verdi = job.result.columns.find((column) => column.name === 'Verdi');
  assert.equal(verdi.type, 'integer');
  const hidden = await call('GET', `/api/v1/datastore/${world.second}?where=${encodeURIComponent('Verdi is null')}&total=true&limit=0`);
  assert.equal(hidden.json.total, 2678, "every '.' is a missing value");
  const first = await call('GET', `/api/v1/datastore/${world.second}?limit=1&select=${encodeURIComponent('Enhetsnavn, Kjønn, Verdi')}`);
  assert.deepEqual(first.json.records, [{ Enhetsnavn: 'Auglend skole', Kjønn: 'Begge kjønn', Verdi: 53 }]);
});

test('csv-spectrum: every case reads as its expected JSON', async () => {
  const names = readdirSync(join(spectrum, 'csvs')).map((file) => file.replace(/\.csv$/, ''));
  assert.ok(names.length >= 11);
  for (const name of names) {
    // Its expected JSON is an object, not rows, and names another phone number than its CSV.
    if (name === 'location_coordinates') continue;
    const bytes = readFileSync(join(spectrum, 'csvs', `${name}.csv`));
    const expected = JSON.parse(readFileSync(join(spectrum, 'json', `${name}.json`), 'utf8'));
    const columns = Object.keys(expected[0]);
    const types = columns.map((column) => `${column}:text`).join(',');
    const job = await load(world.second, bytes, `?delimiter=,&header=true&types=${encodeURIComponent(types)}`);
    assert.equal(job.state, 'succeeded', `${name}: ${job.message}`);
    const rows = await call('GET', `/api/v1/datastore/${world.second}?select=${encodeURIComponent(columns.join(','))}`);
    // An empty unquoted cell is no value (null); the JSON writes every cell as a string.
    const got = rows.json.records.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? ''])));
    assert.deepEqual(got, expected, name);
  }
});

// The ckanapi library (pinned in tests/requirements.txt), as scripts that read DataStores use it.
function ckanapi(code) {
  const script = `import json, sys, ckanapi\nck = ckanapi.RemoteCKAN(sys.argv[1])\n${code}`;
  const run = spawnSync('tests/.venv/bin/python', ['-c', script, world.url], { encoding: 'utf8' });
  assert.equal(run.status, 0, `python failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

test("CKAN's datastore_search and datastore_info, through the ckanapi library", async () => {
  const job = await load(distribution, swedish);
  assert.equal(job.state, 'succeeded', job.message);
  const found = ckanapi(`print(json.dumps(ck.action.datastore_search(resource_id='${distribution}', filters={'År': '2020'}, fields=['Kommun', 'Befolkning'], sort='Befolkning desc', limit=1)))`);
  assert.deepEqual(found.records, [{ Kommun: 'Stockholm', Befolkning: 975551 }]);
  assert.equal(found.total, 2);
  assert.deepEqual(found.fields, [{ id: 'Kommun', type: 'text' }, { id: 'Befolkning', type: 'int8' }]);
  assert.equal(found._links.next, `/api/3/action/datastore_search?limit=1&resource_id=${distribution}&offset=1`);
  const lists = ckanapi(`print(json.dumps(ck.action.datastore_search(resource_id='${distribution}', q='malmö', records_format='lists')))`);
  assert.deepEqual(lists.records, [[3, 'Malmö', '1280', 2021, 350647, null, true, '2021-12-31']]);
  assert.equal(lists.fields[0].type, 'int');
  const info = ckanapi(`print(json.dumps(ck.action.datastore_info(id='${distribution}')))`);
  assert.equal(info.meta.count, 3);
  assert.deepEqual(info.fields.map((field) => [field.id, field.type]).slice(0, 3), [['Kommun', 'text'], ['Kod', 'text'], ['År', 'int8']]);
  // CKAN's exceptions, from CKAN's error shapes.
  const invalid = ckanapi(`
try:
    ck.action.datastore_search(resource_id='${distribution}', filters={'Saknas': 1})
except ckanapi.ValidationError as error:
    print(json.dumps(error.error_dict))`);
  assert.deepEqual(invalid.filters, ['invalid value "Saknas"']);
  const missing = ckanapi(`
try:
    ck.action.datastore_search(resource_id='no-such-resource')
except ckanapi.NotFound as error:
    print(json.dumps(str(error)))`);
  assert.match(missing, /Resource "no-such-resource" was not found/);
});

test("a load from the distribution's own download URL", async () => {
  const created = await call('POST', '/api/v1/datasets?wait_for_index=true', { token: world.tokens.editor, body: {
    title: { sv: 'Folkmängd' }, description: { sv: 'Folkmängd per kommun.' }, publisher: 'scb',
    distributions: [
      { access_url: `${siteUrl}/`, download_urls: [`${siteUrl}/befolkning.csv`], format: 'CSV' },
      { access_url: `${siteUrl}/`, download_urls: [`${siteUrl}/borta.csv`], format: 'CSV' },
      { access_url: `${siteUrl}/`, format: 'CSV' }] } });
  assert.equal(created.status, 201, created.text);
  const [good, gone, none] = created.json.distributions.map((item) => item.id);
  const from = (id) => call('POST', `/api/v1/distributions/${id}/datastore`, { token: world.tokens.editor, body: { from: 'download_url' } });
  const started = await from(good);
  assert.equal(started.status, 202, started.text);
  const job = await finished(started.json.id);
  assert.equal(job.state, 'succeeded', job.message);
  const rows = await call('GET', `/api/v1/datastore/${good}?select=${encodeURIComponent('Kommun, Befolkning')}`);
  assert.deepEqual(rows.json.records, [{ Kommun: 'Kiruna', Befolkning: 22000 }, { Kommun: 'Umeå', Befolkning: 130000 }]);
  const failed = await finished((await from(gone)).json.id);
  assert.equal(failed.state, 'failed');
  assert.match(failed.message, /404/);
  const nothing = await from(none);
  assert.equal(nothing.status, 422);
  assert.match(nothing.json.detail, /no download URL/);
  const wrong = await call('POST', `/api/v1/distributions/${good}/datastore`, { token: world.tokens.editor, body: { from: 'https://example.se/other.csv' } });
  assert.equal(wrong.status, 422);
});

test('the command line loads a file and shows the table', () => {
  const file = join(world.data, 'kommuner.csv');
  writeFileSync(file, swedish);
  const out = cliOk(['datastore', 'load', distribution, file, '--data', world.data]);
  assert.match(out, /loaded 3 rows \(WINDOWS-1252, delimiter ;, with a header\)/);
  const shown = cliOk(['datastore', 'show', distribution, '--data', world.data]);
  assert.match(shown, /3 rows/);
  const json = JSON.parse(cliOk(['datastore', 'show', distribution, '--data', world.data, '--json']));
  assert.equal(json.rows, 3);
  assert.deepEqual(json.columns[2], { name: 'År', type: 'integer', title: '', description: '' });
  const bad = cli(['datastore', 'load', 'no-such-distribution', file, '--data', world.data]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /no distribution 'no-such-distribution'/);
});

test('the data dictionary: titles and descriptions that later loads keep', async () => {
  const described = await call('PATCH', `/api/v1/distributions/${distribution}/datastore`, { token: world.tokens.editor, body: {
    fields: [{ name: 'Befolkning', title: 'Folkmängd', description: 'Invånare den 31 december.' }] } });
  assert.equal(described.status, 200, described.text);
  const schema = await call('GET', `/api/v1/datastore/${distribution}/schema`);
  const field = schema.json.fields.find((item) => item.name === 'Befolkning');
  assert.deepEqual([field.title, field.description], ['Folkmängd', 'Invånare den 31 december.']);
  const job = await load(distribution, swedish);
  assert.equal(job.state, 'succeeded', job.message);
  const info = await call('GET', `/api/v1/distributions/${distribution}/datastore`);
  assert.equal(info.json.fields.find((item) => item.name === 'Befolkning').title, 'Folkmängd', 'kept by the load');
  const unknown = await call('PATCH', `/api/v1/distributions/${distribution}/datastore`, { token: world.tokens.editor, body: { fields: [{ name: 'Saknas', title: 'x' }] } });
  assert.equal(unknown.status, 422);
  assert.match(unknown.json.detail, /fields\[0\]\.name is not a column of the table/);
  const outsider = await call('PATCH', `/api/v1/distributions/${distribution}/datastore`, { token: world.tokens.outsider, body: { fields: [] } });
  assert.equal(outsider.status, 403);
});

test('a load killed half-way leaves the table it was replacing', async () => {
  const before = await call('GET', `/api/v1/datastore/${distribution}?total=true&limit=0`);
  assert.equal(before.json.total, 3);
  const file = join(world.data, 'big.csv');
  writeFileSync(file, 'a;b;c\n' + Array.from({ length: 400000 }, (_, i) => `${i};rad ${i};${i % 7}`).join('\n'));
  const child = spawn(process.env.SAMVERKA_BIN, ['datastore', 'load', distribution, file, '--data', world.data], { stdio: 'ignore' });
  const folder = join(world.data, 'datastore');
  // Killed once the new version is being built beside the old one.
  for (let i = 0; i < 600 && !readdirSync(folder, { recursive: true }).some((name) => name.includes('.building-')); i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(readdirSync(folder, { recursive: true }).some((name) => name.includes('.building-')), 'the load reached its second pass');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const after = await call('GET', `/api/v1/datastore/${distribution}?total=true&limit=0`);
  assert.equal(after.json.total, 3, 'the old table answers as before');
  assert.deepEqual(after.json.fields.map((item) => item.name).slice(0, 3), ['_id', 'Kommun', 'Kod']);
});

test("a dataset that lists another's distribution id never reaches that distribution's table", async () => {
  const copy = await call('POST', '/api/v1/datasets?wait_for_index=true', { token: world.tokens.outsider, body: {
    title: { sv: 'Kopia' }, description: { sv: 'Listar en annans distribution.' }, publisher: 'smhi',
    distributions: [{ id: distribution, access_url: 'https://example.se/kopia.csv', format: 'CSV' }] } });
  if (copy.status !== 201) {
    assert.equal(copy.status, 422, copy.text);  // the catalogue refuses the id: nothing to reach
    return;
  }
  const read = await call('GET', `/api/v1/datastore/${distribution}?limit=1`);
  assert.equal(read.status, 409, read.text);
  assert.match(read.json.detail, /two datasets list the distribution/);
  const squat = await call('POST', `/api/v1/distributions/${distribution}/datastore`, {
    token: world.tokens.outsider, raw: 'a;b\n1;2\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(squat.status, 409, squat.text);
  assert.equal((await call('DELETE', `/api/v1/datasets/${copy.json.id}?wait_for_index=true`, { token: world.tokens.outsider })).status, 204);
  // The owner's table is whole and its own again.
  const after = await call('GET', `/api/v1/datastore/${distribution}?total=true&limit=0`);
  assert.equal(after.json.total, 3);
});

test('the Data Package descriptor validates in frictionless and reads back with the same types', async () => {
  const job = await load(distribution, swedish);
  assert.equal(job.state, 'succeeded', job.message);
  const descriptor = await call('GET', `/api/v1/datastore/${distribution}/datapackage`);
  assert.equal(descriptor.status, 200, descriptor.text);
  const file = join(world.data, 'datapackage.json');
  writeFileSync(file, descriptor.text);
  const validated = spawnSync('tests/.venv/bin/frictionless', ['validate', '--json', file], { encoding: 'utf8' });
  const report = JSON.parse(validated.stdout);
  assert.equal(report.valid, true, validated.stdout.slice(0, 2000));
  const read = spawnSync('tests/.venv/bin/python', ['-c', `
import json, sys
from frictionless import Package
rows = Package(sys.argv[1]).get_resource('rows').read_rows()
print(json.dumps([[type(value).__name__ for value in row.values()] for row in rows[:1]] + [rows[2]['Kommun'], str(rows[0]['Andel']), rows[2]['Andel']]))`, file], { encoding: 'utf8' });
  assert.equal(read.status, 0, read.stderr);
  const [types, kommun, andel, missing] = JSON.parse(read.stdout);
  assert.deepEqual(types, ['int', 'str', 'str', 'int', 'int', 'Decimal', 'bool', 'date']);
  assert.deepEqual([kommun, andel, missing], ['Malmö', '1.5', null]);
});
