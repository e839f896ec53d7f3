// SPDX-License-Identifier: Apache-2.0
// Starts the real samverka binary on port 0 against a temporary data folder, and talks to it
// over HTTP. No mocks: every test goes through the CLI and the server as users would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const BIN = process.env.SAMVERKA_BIN || 'build-debug/samverka';

export function cli(args, { input } = {}) {
  const result = spawnSync(BIN, args, { encoding: 'utf8', input, timeout: 120000, maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function cliOk(args, options) {
  const result = cli(args, options);
  if (result.status !== 0) {
    throw new Error(`samverka ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout;
}

// Every server still running when the test process ends is killed, so a failed assertion
// that skips a stop() cannot keep the process (and the CI job) waiting.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function tempDataDir(label) {
  return join(mkdtempSync(join(tmpdir(), `samverka-${label}-`)), 'data');
}

// Starts `samverka serve` and resolves once it prints its listening line. `wrapper` runs it
// under another command (e.g. prlimit); `listen` replaces the loopback address on a free port.
export function startServer(data, extraArgs = [], { wrapper = [], listen = '127.0.0.1:0' } = {}) {
  return new Promise((resolve, reject) => {
    const args = ['serve', '--data', data, '--listen', listen, ...extraArgs];
    const child = wrapper.length
      ? spawn(wrapper[0], [...wrapper.slice(1), BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.unref();
    child.stdout.unref?.();
    child.stderr.unref?.();
    let output = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${errors}`)), 30000);
    child.stderr.on('data', (chunk) => { errors += chunk; });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          stderr: () => errors,
          // Resolves with the exit code; a failing exit prints what the server wrote, since
          // that is the only place a sanitizer report or a shutdown error shows up.
          stop: () => new Promise((done) => {
            const finish = (code, signal) => {
              if (code !== 0) process.stderr.write(`server exited with ${code ?? signal}:\n${errors}\n`);
              done(code);
            };
            if (child.exitCode !== null || child.signalCode !== null) {
              return finish(child.exitCode, child.signalCode);
            }
            child.ref();
            child.once('exit', finish);
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.on('exit', (code) => {
      running.delete(child);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${errors}`));
    });
  });
}

// A data folder with organisations, users of every role and their tokens. `privateFetches`:
// outbound fetches (harvests, link checks) may reach loopback, where tests serve their sources.
export async function setupWorld(label, { demo, privateFetches = false } = {}) {
  const data = tempDataDir(label);
  cliOk(['init', data, ...(demo !== undefined ? ['--demo', String(demo)] : [])]);
  if (privateFetches) {
    const config = join(data, 'samverka.toml');
    writeFileSync(config, readFileSync(config, 'utf8')
      .replace('# allow_private_addresses = false', 'allow_private_addresses = true'));
  }
  const orgs = ['scb', 'smhi'];
  if (demo === undefined) {
    cliOk(['org', 'add', 'scb', '--name-sv', 'Statistiska centralbyrån', '--name-en', 'Statistics Sweden',
      '--org-number', '202100-0837', '--type', 'NationalAuthority', '--data', data]);
    cliOk(['org', 'add', 'smhi', '--name-sv', 'Sveriges meteorologiska och hydrologiska institut',
      '--org-number', '202100-1124', '--type', 'NationalAuthority', '--data', data]);
  }
  const tokens = {};
  const users = {
    sysadmin: { extra: ['--sysadmin'] },
    admin: { org: 'scb', role: 'admin' },
    editor: { org: 'scb', role: 'editor' },
    member: { org: 'scb', role: 'member' },
    outsider: { org: 'smhi', role: 'editor' },
  };
  for (const [name, user] of Object.entries(users)) {
    cliOk(['user', 'add', name, '--email', `${name}@example.se`, ...(user.extra || []), '--data', data]);
    if (user.org) cliOk(['member', 'add', user.org, name, '--role', user.role, '--data', data]);
    const out = cliOk(['token', 'create', name, '--name', 'tests', '--data', data]);
    tokens[name] = out.trim().split('\n').pop();
  }
  const server = await startServer(data);
  return { data, server, tokens, orgs, url: server.url };
}

export async function request(base, method, path, { token, body, headers = {}, raw } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) {
    init.body = raw;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = init.headers['content-type'] || 'application/json';
  }
  const response = await fetch(base + path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, headers: response.headers, text, json };
}

// Sends bytes on a raw TCP connection and returns everything the server answers.
export function rawHttp(base, bytes, { from } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: Number(port), host: hostname, localAddress: from }, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10000, () => { socket.destroy(); resolve(answer); });
  });
}

export function cleanup(data) {
  rmSync(join(data, '..'), { recursive: true, force: true });
}

export function validDataset(overrides = {}) {
  return {
    publisher: 'scb',
    title: { sv: 'Befolkning per kommun', en: 'Population by municipality' },
    description: { sv: 'Folkmängd den 31 december.', en: 'Population on 31 December.' },
    keywords: { sv: ['befolkning'], en: ['population'] },
    themes: ['SOCI'],
    access_rights: 'PUBLIC',
    contact_point: { kind: 'organization', name: 'SCB', email: 'information@scb.se' },
    distributions: [{ access_url: 'https://www.scb.se/data', format: 'CSV', media_type: 'text/csv', license: 'CC0-1.0' }],
    ...overrides,
  };
}

// A Turtle file of n datasets: seconds to import on a sanitizer build.
export function bigTurtle(n) {
  const lines = ['@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .',
    '<https://example.se/org/x> <http://xmlns.com/foaf/0.1/name> "Exempelmyndigheten"@sv .'];
  for (let i = 0; i < n; i++) {
    lines.push(`<https://example.se/big/${i}> a dcat:Dataset ; dct:title "Stor ${i}"@sv ; dct:description "Stor fil ${i}."@sv ; dct:publisher <https://example.se/org/x> .`);
  }
  return lines.join('\n');
}
