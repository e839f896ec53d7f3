// SPDX-License-Identifier: Apache-2.0
// The portal's pages over HTTP from the real binary: language in the path and the redirect to
// it, headers (CSP, nosniff, frame-ancestors), ETags and gzip, error pages, robots.txt, the
// sitemap, safe Markdown, and the dataset page's schema.org block read by a third-party
// extractor (extruct).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import http from 'node:http';
import { setupWorld, request, cleanup, validDataset } from './harness.mjs';

let world;
let dataset;
const get = (path, headers = {}) => fetch(world.url + path, { headers, redirect: 'manual' });

// A raw GET, so that compression and headers are seen as sent.
function rawGet(path, headers = {}) {
  const { hostname, port } = new URL(world.url);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

before(async () => {
  world = await setupWorld('portal', { demo: 60 });
  const created = await request(world.url, 'POST', '/api/v1/datasets?wait_for_index=true', {
    token: world.tokens.editor,
    body: validDataset({
      title: { sv: 'Badplatser med <b>provtagning</b>', en: 'Bathing sites with sampling' },
      description: {
        sv: 'Badvattnets **kvalitet** mäts varje vecka.\n\n<script>alert(1)</script>\n\n[farlig](javascript:alert(1)) ![bild](https://example.org/spår.png)',
        en: 'Bathing water **quality** is measured weekly during the summer season in every municipality.',
      },
      keywords: { sv: ['badvatten'], en: ['bathing water'] },
      temporal: { start: '2020-01-01', end: '2024-12-31' },
      spatial: ['http://sws.geonames.org/2661886/', 'http://publications.europa.eu/resource/authority/country/SWE'],
      distributions: [{ title: { sv: 'Prover som CSV' }, access_url: 'https://example.org/bad', download_urls: ['https://example.org/bad.csv'], format: 'CSV', media_type: 'text/csv', license: 'CC0-1.0', byte_size: 123456 }],
    }),
  });
  assert.equal(created.status, 201, created.text);
  dataset = created.json;
});
after(() => { world?.server.stop(); cleanup(world?.data); });

test('/ redirects to the visitor\'s language: cookie, then Accept-Language, then Swedish', async () => {
  assert.equal((await get('/')).headers.get('location'), '/sv/');
  assert.equal((await get('/', { 'accept-language': 'en-GB,en;q=0.8' })).headers.get('location'), '/en/');
  assert.equal((await get('/', { 'accept-language': 'en', cookie: 'lang=sv' })).headers.get('location'), '/sv/');
  const response = await get('/');
  assert.equal(response.status, 302);
  assert.match(response.headers.get('vary'), /Accept-Language/);
});

test('pages carry their language, canonical URL and other-language twin', async () => {
  for (const lang of ['sv', 'en']) {
    const response = await get(`/${lang}/datasets/${dataset.slug}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, new RegExp(`<html lang="${lang}">`));
    assert.match(html, new RegExp(`<link rel="canonical" href="${world.url}/${lang}/datasets/${dataset.slug}">`));
    const other = lang === 'sv' ? 'en' : 'sv';
    assert.match(html, new RegExp(`<link rel="alternate" hreflang="${other}" href="${world.url}/${other}/datasets/${dataset.slug}">`));
    assert.match(html, new RegExp(`href="/${other}/datasets/${dataset.slug}" hreflang="${other}"`));
  }
  const english = await (await get(`/en/datasets/${dataset.slug}`)).text();
  assert.match(english, /Bathing sites with sampling/);
  // The distribution's title exists only in Swedish: shown, in Swedish.
  assert.match(english, /Prover som CSV/);
  assert.match(english, /123\.5 kB/);
  const swedish = await (await get(`/sv/datasets/${dataset.slug}`)).text();
  assert.match(swedish, /123,5 kB/);
  assert.match(swedish, /Badplatser med &lt;b&gt;provtagning&lt;\/b&gt;/, 'titles are escaped');
});

test('security headers on every page; no inline script', async () => {
  for (const path of ['/sv/', '/en/datasets', `/sv/datasets/${dataset.slug}`, '/sv/organizations', '/sv/no-such-page']) {
    const response = await get(path);
    const csp = response.headers.get('content-security-policy');
    assert.ok(csp, path);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(response.headers.get('referrer-policy'));
    const html = await response.text();
    // Every script is a file of ours or a data block.
    for (const tag of html.replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, '').match(/<script[^>]*>/g) || []) {
      assert.ok(/src="\/static\//.test(tag) || /type="application\/ld\+json"/.test(tag), `${path}: ${tag}`);
    }
    assert.doesNotMatch(html, /\son[a-z]+="/i, `${path}: an inline event handler`);
    assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1|example\.org|[^"]*\.se|creativecommons|sws\.geonames|www\.w3|schema\.org|data\.europa|publications\.europa)[^"\s<]*\.(js|css|woff2?|png|jpg|svg)/, `${path}: a third-party asset`);
  }
});

test('Markdown descriptions are rendered safely', async () => {
  const html = await (await get(`/sv/datasets/${dataset.slug}`)).text();
  assert.match(html, /<strong>kvalitet<\/strong>/);
  assert.doesNotMatch(html, /alert\(1\)<\/script>|<script>alert/);
  assert.doesNotMatch(html, /href="javascript:/);
  assert.doesNotMatch(html, /<img /, 'images become links');
  assert.match(html, /<a href="https:\/\/example.org\/sp%C3%A5r.png">bild<\/a>/);
});

test('spatial coverage links each place it names', async () => {
  const html = await (await get(`/en/datasets/${dataset.slug}`)).text();
  assert.match(html, /<dt>Geographic area<\/dt><dd><a href="http:\/\/sws.geonames.org\/2661886\/">http:\/\/sws.geonames.org\/2661886\/<\/a>, <a href="http:\/\/publications.europa.eu\/resource\/authority\/country\/SWE">/);
});

test('ETag and 304; gzip when accepted; assets cached for a year under hashed names', async () => {
  const first = await rawGet('/sv/organizations', { 'accept-encoding': 'gzip' });
  assert.equal(first.status, 200);
  assert.equal(first.headers['content-encoding'], 'gzip');
  const html = gunzipSync(first.body).toString();
  assert.match(html, /<h1>Organisationer<\/h1>/);
  const etag = first.headers.etag;
  assert.ok(etag);
  const again = await rawGet('/sv/organizations', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const css = html.match(/href="(\/static\/samverka\.[0-9a-f]{12}\.css)"/)[1];
  const asset = await rawGet(css, { 'accept-encoding': 'gzip' });
  assert.equal(asset.status, 200);
  assert.match(asset.headers['cache-control'], /max-age=31536000/);
  assert.match(asset.headers['content-type'], /text\/css/);
  assert.equal((await get('/static/no-such.css')).status, 404);
});

test('error pages in the page\'s language; API clients keep JSON', async () => {
  const swedish = await get('/sv/datasets/no-such-dataset');
  assert.equal(swedish.status, 404);
  assert.match(swedish.headers.get('content-type'), /text\/html/);
  assert.match(await swedish.text(), /Sidan finns inte/);
  const english = await get('/en/nowhere/at/all');
  assert.equal(english.status, 404);
  assert.match(await english.text(), /Page not found/);
  const api = await get('/api/v1/nowhere');
  assert.equal(api.status, 404);
  assert.match(api.headers.get('content-type'), /problem\+json/);
  // A draft is not shown to visitors.
  const draft = await request(world.url, 'POST', '/api/v1/datasets', { token: world.tokens.editor, body: validDataset({ title: { sv: 'Utkast' }, state: 'draft' }) });
  assert.equal((await get(`/sv/datasets/${draft.json.slug}`)).status, 404);
});

test('search pages keep their whole state in the URL and survive bad input', async () => {
  const html = await (await get('/sv/datasets?q=badvatten&theme=SOCI&sort=modified')).text();
  assert.match(html, /Badplatser med/);
  assert.match(html, /name="theme" value="SOCI"/);
  assert.match(html, /<option value="modified" selected>/);
  for (const path of ['/sv/datasets?page=-1', '/sv/datasets?page=99999999999', '/sv/datasets?q=%22unclosed', '/sv/datasets?theme=NOPE', '/en/datasets?q=' + 'a'.repeat(3000), '/sv/datasets?sort=drop']) {
    const response = await get(path);
    assert.ok(response.status === 200 || response.status === 400, `${path}: ${response.status}`);
    assert.match(response.headers.get('content-type'), /text\/html/);
  }
});

test('robots.txt and a sitemap index whose files hold at most 50,000 URLs', async () => {
  const robots = await (await get('/robots.txt')).text();
  assert.match(robots, new RegExp(`Sitemap: ${world.url}/sitemap.xml`));
  const index = await (await get('/sitemap.xml')).text();
  assert.match(index, /<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
  assert.ok(files.length >= 2);
  let urls = [];
  for (const file of files) {
    const body = await (await fetch(file)).text();
    const locs = [...body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    assert.ok(locs.length <= 50000);
    urls = urls.concat(locs);
  }
  assert.ok(urls.includes(`${world.url}/sv/datasets/${dataset.slug}`));
  assert.ok(urls.includes(`${world.url}/en/datasets/${dataset.slug}`));
  assert.ok(urls.includes(`${world.url}/sv/`));
  assert.equal((await get('/sitemaps/datasets-0.xml')).status, 404);
  assert.equal((await get('/sitemaps/datasets-99.xml')).status, 404);
});

test('the dataset page\'s schema.org Dataset, as a third-party extractor reads it', async () => {
  const html = await (await get(`/en/datasets/${dataset.slug}`)).text();
  const extracted = spawnSync('/usr/bin/python3', ['-c', `
import json, sys, extruct
data = extruct.extract(sys.stdin.read(), base_url=sys.argv[1], syntaxes=['json-ld'])
print(json.dumps(data['json-ld']))
`, `${world.url}/en/datasets/${dataset.slug}`], { input: html, encoding: 'utf8' });
  assert.equal(extracted.status, 0, extracted.stderr);
  const blocks = JSON.parse(extracted.stdout);
  const found = blocks.find((block) => block['@type'] === 'Dataset');
  assert.ok(found, extracted.stdout);
  // Required and recommended properties of Google's dataset search.
  assert.equal(found.name, 'Bathing sites with sampling');
  assert.ok(found.description.length >= 50 && found.description.length <= 5000);
  assert.equal(found.url, `${world.url}/en/datasets/${dataset.slug}`);
  assert.ok(found.identifier.includes(dataset.id));
  assert.ok(found.keywords.includes('bathing water'));
  assert.match(found.license, /publicdomain\/zero/);
  assert.equal(found.creator['@type'], 'Organization');
  assert.equal(found.publisher['@type'], 'Organization');
  assert.equal(found.temporalCoverage, '2020-01-01/2024-12-31');
  assert.ok(found.dateModified);
  assert.equal(found.includedInDataCatalog['@type'], 'DataCatalog');
  assert.equal(found.distribution[0]['@type'], 'DataDownload');
  assert.equal(found.distribution[0].contentUrl, 'https://example.org/bad.csv');
  assert.equal(found.distribution[0].encodingFormat, 'text/csv');
});

test('a dataset page with its CSS and JavaScript weighs under 60 KB compressed', async () => {
  const page = await rawGet(`/sv/datasets/${dataset.slug}`, { 'accept-encoding': 'gzip' });
  const html = gunzipSync(page.body).toString();
  let total = page.body.length;
  for (const [, asset] of html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)) {
    const answer = await rawGet(asset, { 'accept-encoding': 'gzip' });
    assert.equal(answer.status, 200, asset);
    total += answer.body.length;
  }
  assert.ok(total < 60 * 1024, `${total} bytes`);
});

test('dataset pages are kept for signed-out visitors and change as soon as the dataset, its APIs or its publisher do', async () => {
  const path = `/sv/datasets/${dataset.slug}`;
  const metric = async (name) => {
    const text = (await request(world.url, 'GET', '/metrics', { token: world.tokens.sysadmin })).text;
    return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))[1]);
  };
  const first = await rawGet(path, { 'accept-encoding': 'gzip' });
  assert.equal(first.status, 200);
  const hits = await metric('samverka_page_cache_hits_total');
  const second = await rawGet(path, { 'accept-encoding': 'gzip', cookie: 'lang=sv' });
  assert.equal(await metric('samverka_page_cache_hits_total'), hits + 1, 'the second visit is served from the kept page');
  assert.equal(second.headers.etag, first.headers.etag);
  assert.deepEqual(second.body, first.body);
  assert.equal(second.headers['content-encoding'], 'gzip');
  assert.match(second.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(second.headers['set-cookie'], undefined, 'the language cookie is set only when it differs');
  assert.match(first.headers['set-cookie'][0], /^lang=sv/);
  assert.equal((await rawGet(path, { 'if-none-match': first.headers.etag })).status, 304);

  // The dataset changes: its page shows it on the next visit, in both languages.
  const english = await (await get(`/en/datasets/${dataset.slug}`)).text();
  assert.match(english, /Bathing sites with sampling/);
  const patched = await request(world.url, 'PATCH', `/api/v1/datasets/${dataset.id}`, {
    token: world.tokens.editor, body: { title: { sv: 'Badplatser, omprovade', en: 'Bathing sites, resampled' } },
  });
  assert.equal(patched.status, 200, patched.text);
  assert.match(await (await get(path)).text(), /<h1>Badplatser, omprovade<\/h1>/);
  assert.match(await (await get(`/en/datasets/${dataset.slug}`)).text(), /<h1>Bathing sites, resampled<\/h1>/);

  // An API that serves the dataset is listed at once, and gone when it is.
  const service = await request(world.url, 'POST', '/api/v1/data-services', {
    token: world.tokens.editor,
    body: { publisher: dataset.publisher, title: { sv: 'Badvattnets API' }, endpoint_url: 'https://example.org/bad-api', serves_datasets: [dataset.id] },
  });
  assert.equal(service.status, 201, service.text);
  const listed = await (await get(path)).text();
  assert.match(listed, new RegExp(`<a href="/sv/data-services/${service.json.id}">Badvattnets API</a>`));
  const englishListed = await (await get(`/en/datasets/${dataset.slug}`)).text();
  assert.match(englishListed, /<a href="\/en\/data-services\/[^"]+" lang="sv">Badvattnets API<\/a>/, 'a Swedish-only title is marked as Swedish');
  assert.equal((await request(world.url, 'DELETE', `/api/v1/data-services/${service.json.id}`, { token: world.tokens.editor })).status, 204);
  assert.doesNotMatch(await (await get(path)).text(), /Badvattnets API/);

  // The publisher's new name reaches kept pages through the change log, within moments.
  const publisher = (await request(world.url, 'GET', `/api/v1/organizations/${dataset.publisher}`)).json;
  await get(path);
  const renamed = await request(world.url, 'PATCH', `/api/v1/organizations/${publisher.id}`, {
    token: world.tokens.sysadmin, body: { name: { sv: 'Omdöpta myndigheten' } },
  });
  assert.equal(renamed.status, 200, renamed.text);
  let shown = false;
  for (let i = 0; i < 50 && !shown; i++) {
    shown = /Omdöpta myndigheten/.test(await (await get(path)).text());
    if (!shown) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(shown, 'the new name shows within 5 s');

  // Signed-in visitors and pages with a message are rendered for them, not kept.
  const misses = await metric('samverka_page_cache_misses_total');
  await get(`${path}?saved=1`);
  await get(path, { cookie: 'samverka_session=not-a-session' });
  assert.equal(await metric('samverka_page_cache_misses_total'), misses);
});
