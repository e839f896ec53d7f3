// SPDX-License-Identifier: Apache-2.0
// 8 clients write and read one dataset at once, with If-Match retries: no update is lost and no
// reader sees a torn dataset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';

let world;
before(async () => { world = await setupWorld('concurrency'); });
after(async () => { await world.server.stop(); cleanup(world.data); });

test('eight writers and readers lose no update and see no torn read', async () => {
  const call = (method, path, options) => request(world.url, method, path, options);
  const created = await call('POST', '/api/v1/datasets', { token: world.tokens.editor,
    body: validDataset({ version: '0', title: { sv: 'räknare 0', en: 'counter 0' } }) });
  assert.equal(created.status, 201);
  const id = created.json.id;
  const WRITERS = 8;
  const INCREMENTS = 15;
  let conflicts = 0;
  let torn = 0;
  let reads = 0;

  async function writer() {
    for (let done = 0; done < INCREMENTS;) {
      const current = await call('GET', `/api/v1/datasets/${id}`);
      const next = Number(current.json.version) + 1;
      const r = await call('PATCH', `/api/v1/datasets/${id}`, { token: world.tokens.editor,
        headers: { 'if-match': current.headers.get('etag') },
        body: { version: String(next), title: { sv: `räknare ${next}`, en: `counter ${next}` } } });
      if (r.status === 412) { conflicts++; continue; }
      assert.equal(r.status, 200, r.text);
      done++;
    }
  }
  let writing = true;
  async function reader() {
    while (writing) {
      const r = await call('GET', `/api/v1/datasets/${id}`);
      assert.equal(r.status, 200);
      reads++;
      const n = r.json.version;
      if (r.json.title.sv !== `räknare ${n}` || r.json.title.en !== `counter ${n}` ||
          r.headers.get('etag') !== `"${r.json.revision}"`) torn++;
    }
  }
  const readers = Array.from({ length: 4 }, reader);
  await Promise.all(Array.from({ length: WRITERS }, writer));
  writing = false;
  await Promise.all(readers);

  const final = await call('GET', `/api/v1/datasets/${id}`);
  assert.equal(Number(final.json.version), WRITERS * INCREMENTS, `lost updates (conflicts retried: ${conflicts})`);
  assert.equal(final.json.revision, WRITERS * INCREMENTS + 1);
  assert.equal(torn, 0, `torn reads out of ${reads}`);
  const activity = await call('GET', `/api/v1/datasets/${id}/activity?limit=1000`);
  assert.equal(activity.json.items.length, WRITERS * INCREMENTS + 1, 'one history entry per write');
});

test('parallel creates of the same title get distinct slugs', async () => {
  const call = (method, path, options) => request(world.url, method, path, options);
  const results = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/api/v1/datasets',
    { token: world.tokens.editor, body: validDataset({ title: { sv: 'Samma titel' } }) })));
  assert.deepEqual(results.map((r) => r.status), Array(8).fill(201));
  const slugs = new Set(results.map((r) => r.json.slug));
  assert.equal(slugs.size, 8);
  assert.ok(slugs.has('samma-titel'));
});
