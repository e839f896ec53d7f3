// SPDX-License-Identifier: Apache-2.0
// Property-based testing from the contract: Schemathesis generates requests for every operation
// in docs/openapi.yaml (examples, edge cases, random data and stateful sequences through the
// links) against the live binary, anonymously and as a sysadmin. No answer may be a 5xx, and
// every answer must match its documented status codes, content type, headers and schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { setupWorld, request, cleanup } from './harness.mjs';

const SCHEMATHESIS = 'tests/.venv/bin/schemathesis';
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance',
  'response_schema_conformance', 'response_headers_conformance'].join(',');

let world;
let config;
before(async () => {
  world = await setupWorld('schemathesis', { demo: 30 });
  // Real ids for the RDF document routes, whose {file} random data would never hit.
  const dataset = (await request(world.url, 'GET', '/api/v1/datasets?limit=1')).json.items[0];
  const organization = (await request(world.url, 'GET', '/api/v1/organizations')).json.items[0];
  config = join(dirname(world.data), 'schemathesis.toml');
  writeFileSync(config, [
    '[[operations]]', 'include-path = "/datasets/{file}"', `parameters = { "path.file" = "${dataset.id}.ttl" }`,
    '[[operations]]', 'include-path = "/organizations/{file}"', `parameters = { "path.file" = "${organization.slug}.rdf" }`,
  ].join('\n'));
});
after(async () => {
  assert.equal(await world.server.stop(), 0);
  cleanup(world.data);
});

function schemathesis(extra) {
  const result = spawnSync(SCHEMATHESIS, ['--config-file', config, 'run', 'docs/openapi.yaml',
    '--url', world.url, '--checks', CHECKS, '--max-examples', '25', '--seed', '1', '--workers', '1',
    ...extra], { encoding: 'utf8', timeout: 600000, maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test('anonymous: every operation answers as documented, never 5xx', () => {
  const run = schemathesis([]);
  assert.equal(run.status, 0, run.output.slice(-6000));
});

test('as a sysadmin, writes included: every operation answers as documented, never 5xx', () => {
  const run = schemathesis(['-H', `Authorization: Bearer ${world.tokens.sysadmin}`]);
  assert.equal(run.status, 0, run.output.slice(-6000));
});
