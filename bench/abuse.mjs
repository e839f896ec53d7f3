// SPDX-License-Identifier: Apache-2.0
// Load and abuse: replays what an attacker tried against a Release server (slow readers of large
// pages, huge search filters, an entity-expansion upload, a deeply nested upload, a connection
// flood and slowloris), one case at a time, while a probe asks /healthz every 20 ms from another
// loopback address (127.0.0.2, as a load balancer's health check comes from elsewhere). For each
// case it prints the probe's p50/p99/max, failed probes, and the server's peak resident memory
// during the case and its memory after. Goal: /healthz p99 under 100 ms in every case.
//
//   node bench/abuse.mjs [seconds per case, default 10]   (run by bench/abuse.sh)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import net from 'node:net';

const BIN = process.env.SAMVERKA_BIN || 'build/samverka';
const SECONDS = Number(process.argv[2] || 10);
const GOAL_MS = 100;

const work = mkdtempSync(join(tmpdir(), 'samverka-abuse-'));
const data = join(work, 'data');
const run = (args) => {
  const result = spawnSync(BIN, [...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`samverka ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
console.log(`== a demo catalogue of 2,000 datasets in ${work}`);
run(['init', data, '--demo', '2000']);
run(['user', 'add', 'root', '--email', 'root@example.se', '--sysadmin', '--data', data]);
const token = run(['token', 'create', 'root', '--data', data]).trim().split('\n').pop();

const server = spawn(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverErrors = '';
server.stderr.on('data', (chunk) => { serverErrors = (serverErrors + chunk).slice(-20000); });
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const found = out.match(/listening on (http:\/\/\S+)/);
    if (found) resolve(found[1]);
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}: ${serverErrors}`)));
});
const { port } = new URL(base);
let stopping = false;
server.on('exit', (code, signal) => {
  if (!stopping) console.log(`THE SERVER DIED (${code ?? signal}):\n${serverErrors.slice(-6000)}`);
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = () => {
  try {
    const line = readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return Number(line[1]) / 1024;
  } catch { return 0; }
};

// One probe: GET /healthz on a new connection from 127.0.0.2; the time to the whole answer.
function probe() {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', localAddress: '127.0.0.2', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: res.statusCode === 200 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: false }));
  });
}

async function measure(name, attack) {
  const before = rssMb();
  const stop = { now: false };
  const attacking = attack(stop).catch((error) => console.error(`${name}: ${error.message}`));
  const samples = [];
  let peak = before;
  const deadline = Date.now() + SECONDS * 1000;
  while (Date.now() < deadline) {
    const [answer] = await Promise.all([probe(), sleep(20)]);
    samples.push(answer);
    peak = Math.max(peak, rssMb());
  }
  stop.now = true;
  await Promise.race([attacking, sleep(15000)]);
  await sleep(2000);
  const after = rssMb();
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const failed = samples.filter((s) => !s.ok).length;
  const pass = at(0.99) < GOAL_MS && failed === 0;
  console.log(`${name.padEnd(16)} probes ${String(samples.length).padStart(4)}  failed ${String(failed).padStart(3)}  ` +
    `healthz p50 ${at(0.5).toFixed(1).padStart(6)} ms  p99 ${at(0.99).toFixed(1).padStart(7)} ms  max ${times[times.length - 1].toFixed(1).padStart(7)} ms  ` +
    `RSS before ${before.toFixed(0).padStart(5)} MB  peak ${peak.toFixed(0).padStart(5)} MB  after ${after.toFixed(0).padStart(5)} MB  ${pass ? 'ok' : 'MISSED'}`);
  return pass;
}

// Keeps `count` copies of `one` running until stopped.
async function repeat(stop, count, one) {
  await Promise.all(Array.from({ length: count }, async () => {
    while (!stop.now) await one().catch(() => sleep(50));
  }));
}
function post(path, body, type) {
  return fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body })
    .then((r) => r.arrayBuffer());
}

const results = [];
results.push(await measure('idle', async () => {}));

results.push(await measure('slow readers', async (stop) => {
  // 300 anonymous readers of the largest catalogue page, each reading 1 KB a second.
  const sockets = [];
  for (let i = 0; i < 300 && !stop.now; i++) {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /catalog.ttl?page_size=1000 HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('error', () => {});
    socket.pause();
    sockets.push(socket);
  }
  while (!stop.now) {
    for (const socket of sockets) socket.read(1024);
    await sleep(1000);
  }
  for (const socket of sockets) socket.destroy();
}));

results.push(await measure('large filters', async (stop) => {
  const fq = Array.from({ length: 20000 }, (_, i) => `tags:"t${i}"`).join(' ');
  const keywords = Array.from({ length: 5000 }, (_, i) => `k${i}`).join(',');
  await repeat(stop, 8, () => Promise.all([
    post('/api/3/action/package_search', JSON.stringify({ fq }), 'application/json'),
    fetch(`${base}/api/v1/search?keyword=${keywords}`).then((r) => r.arrayBuffer()),
  ]));
}));

results.push(await measure('entity upload', async (stop) => {
  const flat = `<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY e "${'x'.repeat(60000)}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#">
<dcat:Dataset rdf:about="https://example.se/flat"><dct:title>${'&e;'.repeat(10000)}</dct:title></dcat:Dataset></rdf:RDF>`;
  await repeat(stop, 4, () => post('/api/v1/import?dry_run=true', flat, 'application/rdf+xml'));
}));

results.push(await measure('deep upload', async (stop) => {
  const depth = 200000;
  const deep = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.se/">
<rdf:Description rdf:about="https://example.se/deep">${'<ex:p><rdf:Description>'.repeat(depth)}${'</rdf:Description></ex:p>'.repeat(depth)}</rdf:Description></rdf:RDF>`;
  await repeat(stop, 2, () => post('/api/v1/import?dry_run=true', deep.slice(0, 9 << 20), 'application/rdf+xml'));
}));

results.push(await measure('connection flood', async (stop) => {
  const sockets = [];
  while (!stop.now) {
    for (let i = 0; i < 200; i++) {
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      sockets.push(socket);
    }
    await sleep(100);
    if (sockets.length > 8000) break;
  }
  while (!stop.now) await sleep(100);
  for (const socket of sockets) socket.destroy();
}));

results.push(await measure('slowloris', async (stop) => {
  const sockets = [];
  for (let i = 0; i < 1000 && !stop.now; i++) {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    socket.on('error', () => {});
    sockets.push(socket);
  }
  while (!stop.now) {
    for (const socket of sockets) if (!socket.destroyed) socket.write('X-a: b\r\n');
    await sleep(2000);
  }
  for (const socket of sockets) socket.destroy();
}));

stopping = true;
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
rmSync(work, { recursive: true, force: true });
console.log(results.every(Boolean) ? `goal met: /healthz p99 < ${GOAL_MS} ms in every case` : 'goal MISSED in at least one case');
process.exit(0);
