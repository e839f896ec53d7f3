// SPDX-License-Identifier: Apache-2.0
// Long writes never stall reads: writes run on the blocking pool, reads on the network threads,
// and a write that cannot get the writer in time gets 503 with Retry-After.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliOk, tempDataDir, startServer, request, cleanup, bigTurtle } from './harness.mjs';

test('one request thread: reads are answered while a synchronous import holds the writer; other writes get 503', async () => {
  const data = tempDataDir('blocking');
  cliOk(['init', data]);
  // A short write wait so that the test sees the refusal well before the import ends.
  writeFileSync(join(data, 'samverka.toml'), '[database]\nwrite_wait_ms = 50\n');
  cliOk(['user', 'add', 'root', '--email', 'root@example.se', '--sysadmin', '--data', data]);
  const token = cliOk(['token', 'create', 'root', '--data', data]).trim().split('\n').pop();
  // With one network thread, a handler that blocked it would hold every other request.
  const server = await startServer(data, ['--threads', '1']);
  let importDone = false;
  const importing = request(server.url, 'POST', '/api/v1/import', {
    token, raw: bigTurtle(6000), headers: { 'content-type': 'text/turtle' },
  }).then((answer) => { importDone = true; return answer; });

  // Wait until the import holds the writer: a write is refused with 503.
  let refused = null;
  let readsDuringImport = 0;
  while (!importDone) {
    const read = await request(server.url, 'GET', '/api/v1/organizations');
    assert.equal(read.status, 200);
    if (!importDone) readsDuringImport++;
    const write = await request(server.url, 'POST', '/api/v1/organizations', {
      token, body: { slug: `org-${readsDuringImport}`, name: { sv: 'Organisation' }, type: 'NationalAuthority' },
    });
    if (write.status === 503) { refused = write; break; }
  }
  assert.ok(refused, 'a write during the import is refused rather than left waiting');
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.equal(refused.headers.get('content-type'), 'application/problem+json');
  assert.match(refused.json.detail, /busy with another write/);
  assert.ok(refused.json.request_id, 'the problem names its request');
  assert.equal(refused.json.request_id, refused.headers.get('x-request-id'));
  // Reads keep being answered while the import is still running.
  const during = await request(server.url, 'GET', '/api/v1/organizations');
  assert.equal(during.status, 200);
  assert.equal(importDone, false, 'the read was answered before the import finished');

  const imported = await importing;
  assert.equal(imported.status, 201, imported.text.slice(0, 300));
  assert.equal(imported.json.status, 'applied');
  assert.equal((await request(server.url, 'GET', '/api/v1/datasets?limit=1', { token })).json.total, 6000);
  assert.equal(await server.stop(), 0);
  cleanup(data);
});

test('request ids: a sane X-Request-Id is echoed, anything else is replaced', async () => {
  const data = tempDataDir('request-id');
  cliOk(['init', data]);
  const server = await startServer(data);
  const given = await request(server.url, 'GET', '/api/v1/datasets/nothing-here', { headers: { 'x-request-id': 'lb-42.abc_DEF' } });
  assert.equal(given.status, 404);
  assert.equal(given.headers.get('x-request-id'), 'lb-42.abc_DEF');
  assert.equal(given.json.request_id, 'lb-42.abc_DEF');
  const odd = await request(server.url, 'GET', '/healthz', { headers: { 'x-request-id': 'a b<script>' } });
  assert.match(odd.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
  const first = await request(server.url, 'GET', '/healthz');
  const second = await request(server.url, 'GET', '/healthz');
  assert.notEqual(first.headers.get('x-request-id'), second.headers.get('x-request-id'));
  assert.equal(await server.stop(), 0);
  cleanup(data);
});
