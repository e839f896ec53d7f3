// SPDX-License-Identifier: Apache-2.0
// Malformed HTTP, oversized bodies and hostile input never crash the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorld, request, rawHttp, cleanup, validDataset } from './harness.mjs';

let world;
before(async () => { world = await setupWorld('robustness'); });
after(async () => {
  assert.equal(await world.server.stop(), 0);
  cleanup(world.data);
});

test('malformed HTTP gets a 400 problem', async () => {
  const cases = [
    'GARBAGE\r\n\r\n',
    'GET /api/v1/datasets HTTP/9.9\r\n\r\n',
    'GET /api/v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    'GET /api/v1/datasets HTTP/1.1\r\nBad Header Line\r\n\r\n',
    'GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n',
    `GET /${'a'.repeat(100000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  ];
  for (const bytes of cases) {
    const answer = await rawHttp(world.url, bytes);
    assert.match(answer, /^HTTP\/1\.1 4\d\d /, JSON.stringify(bytes.slice(0, 60)));
  }
  assert.equal((await request(world.url, 'GET', '/healthz')).status, 200, 'still serving');
});

test('a body over the limit gets 413 and nothing is written', async () => {
  const huge = validDataset({ description: { sv: 'x'.repeat(11 * 1024 * 1024) } });
  const r = await request(world.url, 'POST', '/api/v1/datasets', { token: world.tokens.editor, body: huge });
  assert.equal(r.status, 413, 'the answer arrives: the server reads and drops the rest before closing');
  const list = await request(world.url, 'GET', '/api/v1/datasets', { token: world.tokens.sysadmin });
  assert.equal(list.json.total, 0);
});

test('deep nesting, huge strings and odd unicode are refused cleanly', async () => {
  const deep = '['.repeat(10000) + ']'.repeat(10000);
  const r1 = await request(world.url, 'POST', '/api/v1/datasets', { token: world.tokens.editor, raw: deep, headers: { 'content-type': 'application/json' } });
  assert.equal(r1.status, 400);
  const r2 = await request(world.url, 'POST', '/api/v1/datasets', { token: world.tokens.editor, body: validDataset({ title: { sv: 't'.repeat(5000) } }) });
  assert.equal(r2.status, 422);
  const r3 = await request(world.url, 'POST', '/api/v1/datasets', { token: world.tokens.editor, raw: '{"title": "\\ud800"}', headers: { 'content-type': 'application/json' } });
  assert.ok([400, 422].includes(r3.status));
  const r4 = await request(world.url, 'GET', `/api/v1/datasets?limit=${'9'.repeat(400)}`);
  assert.equal(r4.status, 400);
  assert.equal((await request(world.url, 'GET', '/healthz')).status, 200);
});

test('hundreds of mangled bodies never produce a 500 or stop the server', async () => {
  const base = JSON.stringify({ publisher: 'scb', title: { sv: 'Å' }, description: { sv: 'x' },
    themes: ['ENVI'], temporal: { start: '2020-01-01' }, distributions: [{ access_url: 'https://a.se', format: 'CSV', byte_size: 5 }] });
  let seed = 12345;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const alphabet = ['{', '}', '[', ']', '"', ':', ',', '\\', 'null', 'true', '-1', '1e999', '\u0000', 'ä', ' '];
  for (let round = 0; round < 300; round++) {
    const chars = [...base];
    for (let edit = 0; edit < 1 + random(4); edit++) {
      const at = random(chars.length);
      if (random(2)) chars.splice(at, 1); else chars.splice(at, 0, alphabet[random(alphabet.length)]);
    }
    const method = ['POST', 'PUT', 'PATCH'][random(3)];
    const path = method === 'POST' ? '/api/v1/datasets' : '/api/v1/organizations/scb';
    const r = await request(world.url, method, path, { token: world.tokens.sysadmin, raw: chars.join(''), headers: { 'content-type': 'application/json' } });
    assert.ok(r.status < 500, `${method} ${chars.join('')} -> ${r.status} ${r.text}`);
  }
  assert.equal((await request(world.url, 'GET', '/healthz')).status, 200);
});
