// SPDX-License-Identifier: Apache-2.0
// The portal in a real browser (Debian's Chromium, driven by playwright-core): axe-core finds
// no WCAG 2.1 A/AA violation on any page type, in Swedish and English, at desktop and phone
// widths; the Nu HTML Checker finds no error; and a visitor's journeys work with and without
// JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { setupWorld, request, cleanup, validDataset, cliOk } from '../integration/harness.mjs';

let world;
let browser;
let dataset;
let service;
let harvestRun;
const PASSWORD = 'webb-redaktör-1';
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

before(async () => {
  world = await setupWorld('browser', { demo: 80 });
  const created = await request(world.url, 'POST', '/api/v1/datasets?wait_for_index=true', {
    token: world.tokens.editor,
    body: validDataset({
      title: { sv: 'Badvattenkvalitet vid strandbad', en: 'Bathing water quality at beaches' },
      description: { sv: 'Prover på **badvatten** varje vecka.\n\n| Vecka | Prover |\n|---|---|\n| 25 | 12 |', en: 'Weekly samples of **bathing water**.' },
      distributions: [{ title: { sv: 'Prover som CSV', en: 'Samples as CSV' }, access_url: 'https://example.org/bad', download_urls: [`${'http://127.0.0.1'}/download/bad.csv`], format: 'CSV', license: 'CC-BY-4.0', byte_size: 4096 }],
    }),
  });
  assert.equal(created.status, 201, created.text);
  dataset = created.json;
  // A datastore table for its distribution: the dataset page previews it.
  const load = await request(world.url, 'POST', `/api/v1/distributions/${dataset.distributions[0].id}/datastore`, {
    token: world.tokens.editor, raw: 'Strand;Vecka;Prover;Godkänd\nSnäckviken;25;12;ja\nRibersborg;25;9;nej\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(load.status, 202, load.text);
  for (let i = 0; i < 600; i++) {
    const job = await request(world.url, 'GET', `/api/v1/jobs/${load.json.id}`, { token: world.tokens.editor });
    if (job.json.state === 'succeeded') break;
    assert.ok(['queued', 'running'].includes(job.json.state), job.text);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const api = await request(world.url, 'POST', '/api/v1/data-services', {
    token: world.tokens.editor,
    body: { publisher: 'scb', title: { sv: 'Badvatten-API', en: 'Bathing water API' }, description: { sv: 'Ett API för **prover**.' }, endpoint_url: 'https://api.example.org/bad', serves_datasets: [dataset.id] },
  });
  assert.equal(api.status, 201, api.text);
  service = api.json;
  // A quality run (links not checked: the demo's hosts are not reachable here) for the quality pages.
  const run = await request(world.url, 'POST', '/api/v1/quality/runs', { token: world.tokens.sysadmin, body: { links: false } });
  assert.equal(run.status, 202, run.text);
  for (let i = 0; i < 600; i++) {
    const job = await request(world.url, 'GET', `/api/v1/jobs/${run.json.id}`, { token: world.tokens.sysadmin });
    if (job.json.state === 'succeeded') break;
    assert.ok(['queued', 'running'].includes(job.json.state), job.text);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // A harvest source of scb and a run of it (refused here: its own server is on loopback).
  const source = await request(world.url, 'POST', '/api/v1/harvest/sources', { token: world.tokens.sysadmin,
    body: { name: 'Egen katalog', url: `${world.url}/catalog.ttl`, publisher: 'scb', enabled: false } });
  assert.equal(source.status, 201, source.text);
  const started = await request(world.url, 'POST', `/api/v1/harvest/sources/${source.json.id}/runs`, { token: world.tokens.sysadmin });
  harvestRun = started.json.run;
  for (let i = 0; i < 600; i++) {
    if ((await request(world.url, 'GET', `/api/v1/harvest/runs/${harvestRun}`)).json.finished) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  cliOk(['user', 'add', 'webbredaktor', '--email', 'webb@example.se', '--password-stdin', '--data', world.data], { input: `${PASSWORD}\n` });
  cliOk(['member', 'add', 'scb', 'webbredaktor', '--role', 'editor', '--data', world.data]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => { await browser?.close(); world?.server.stop(); cleanup(world?.data); });

const pageTypes = () => ({
  home: '/',
  search: '/datasets?q=vatten',
  search_filtered: '/datasets?theme=SOCI&sort=title',
  search_empty: '/datasets?q=zzzyyyxxx',
  dataset: `/datasets/${dataset.slug}`,
  organizations: '/organizations',
  organization: '/organizations/scb',
  catalogue_quality: '/quality',
  organization_quality: '/organizations/scb/quality',
  dataset_quality: `/datasets/${dataset.slug}/quality`,
  organization_harvest: '/organizations/scb/harvest',
  data_services: '/data-services',
  data_service: `/data-services/${service.id}`,
  not_found: '/no-such-page',
  sign_in: '/sign-in',
});
// Pages of a signed-in editor, on top of the public ones.
const signedInPageTypes = () => ({
  ...pageTypes(),
  account: '/account',
  new_dataset: '/datasets/new',
  edit_dataset: `/datasets/${dataset.slug}/edit`,
  harvest_run: `/harvest/runs/${harvestRun}`,
});

async function signIn(page, lang = 'sv') {
  await page.goto(`${world.url}/${lang}/sign-in`);
  await page.locator('#login').fill('webbredaktor');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form.stacked button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/${lang}/account$`));
}

async function axeProblems(page, label) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${label}: ${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')})`);
}

test('axe finds no WCAG 2.1 A/AA violation on any page type, language or width', async () => {
  const problems = [];
  for (const [widthName, viewport] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    for (const lang of ['sv', 'en']) {
      for (const [name, path] of Object.entries(pageTypes())) {
        await page.goto(`${world.url}/${lang}${path}`);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const violation of results.violations) {
          problems.push(`${widthName} ${lang} ${name}: ${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')})`);
        }
      }
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('signed in: axe finds no violation on any page type, the forms with errors included', async () => {
  const problems = [];
  for (const [widthName, viewport] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page);
    for (const lang of ['sv', 'en']) {
      for (const [name, path] of Object.entries(signedInPageTypes())) {
        if (name === 'sign_in') continue;
        await page.goto(`${world.url}/${lang}${path}`);
        problems.push(...await axeProblems(page, `${widthName} ${lang} ${name}`));
      }
      // The dataset form and the token form sent empty: their error summaries and messages.
      await page.goto(`${world.url}/${lang}/datasets/new`);
      await page.locator('button[value="publish"]').click();
      await page.waitForSelector('#error-summary');
      problems.push(...await axeProblems(page, `${widthName} ${lang} dataset form with errors`));
      await page.goto(`${world.url}/${lang}/account`);
      await page.locator('#token-name').fill('');
      await page.locator('form[action$="/account/tokens"] button').click();
      await page.waitForSelector('#error-summary');
      problems.push(...await axeProblems(page, `${widthName} ${lang} token form with errors`));
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('the Nu HTML Checker finds no error on any page type', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'samverka-vnu-'));
  try {
    const files = [];
    for (const lang of ['sv', 'en']) {
      for (const [name, path] of Object.entries(pageTypes())) {
        const file = join(folder, `${lang}-${name}.html`);
        writeFileSync(file, await (await fetch(`${world.url}/${lang}${path}`)).text());
        files.push(file);
      }
    }
    // Signed in: the account page and the dataset forms.
    const signedIn = await fetch(`${world.url}/sv/sign-in`);
    const csrfCookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('samverka_csrf=')).split(';')[0];
    const csrf = (await signedIn.text()).match(/name="csrf" value="([^"]+)"/)[1];
    const session = await fetch(`${world.url}/sv/sign-in`, {
      method: 'POST', redirect: 'manual', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, login: 'webbredaktor', password: PASSWORD }).toString(),
    });
    const cookie = session.headers.getSetCookie().find((line) => line.startsWith('samverka_session=')).split(';')[0];
    for (const lang of ['sv', 'en']) {
      for (const [name, path] of Object.entries({ account: '/account', new_dataset: '/datasets/new', edit_dataset: `/datasets/${dataset.slug}/edit` })) {
        const file = join(folder, `${lang}-signed-in-${name}.html`);
        const response = await fetch(`${world.url}/${lang}${path}`, { headers: { cookie } });
        assert.equal(response.status, 200, `${lang}${path}`);
        writeFileSync(file, await response.text());
        files.push(file);
      }
    }
    const checked = spawnSync('java', ['-jar', 'tests/node_modules/vnu-jar/build/dist/vnu.jar', '--errors-only', '--format', 'text', ...files], { encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stderr + checked.stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

for (const javaScript of [true, false]) {
  const how = javaScript ? 'with JavaScript' : 'without JavaScript';

  test(`a visitor searches, narrows by a facet, opens a dataset and finds its download (${how})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: WIDTHS.desktop, locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${world.url}/`);
    assert.match(page.url(), /\/sv\/$/);
    await page.getByLabel('Sök data').fill('badvatten');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForURL(/\/sv\/datasets\?q=badvatten/);
    assert.ok(await page.getByRole('link', { name: 'Badvattenkvalitet vid strandbad' }).isVisible());
    // Narrow by the publisher facet: the URL holds the filter, the filter shows as active.
    const facet = page.locator('details.facet', { hasText: 'Organisation' }).getByRole('link').first();
    await facet.click();
    await page.waitForURL(/publisher=/);
    assert.ok(await page.locator('.active-filters').isVisible());
    // Sort: the select applies itself with JavaScript; without, its button does.
    await page.selectOption('#sort', 'title');
    if (!javaScript) await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/sort=title/);
    await page.getByRole('link', { name: 'Badvattenkvalitet vid strandbad' }).click();
    await page.waitForURL(new RegExp(`/sv/datasets/${dataset.slug}$`));
    assert.equal(await page.locator('h1').textContent(), 'Badvattenkvalitet vid strandbad');
    const download = page.getByRole('link', { name: /Ladda ner/ });
    assert.equal(await download.getAttribute('href'), 'http://127.0.0.1/download/bad.csv');
    // The other language, on the same dataset.
    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForURL(new RegExp(`/en/datasets/${dataset.slug}$`));
    assert.equal(await page.locator('h1').textContent(), 'Bathing water quality at beaches');
    // And the choice sticks: / now leads to English.
    await page.goto(`${world.url}/`);
    assert.match(page.url(), /\/en\/$/);
    await context.close();
  });
}

for (const javaScript of [true, false]) {
  const how = javaScript ? 'with JavaScript' : 'without JavaScript';

  test(`an editor signs in, creates a dataset, sees the errors, fixes them, publishes and finds it (${how})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: WIDTHS.phone, locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${world.url}/sv/`);
    await page.getByRole('link', { name: 'Logga in' }).click();
    await page.getByLabel('Användarnamn eller e-postadress').fill('webbredaktor');
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.locator('form.stacked').getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/sv\/account$/);
    await page.getByRole('link', { name: 'Beskriv en ny datamängd' }).click();
    await page.waitForURL(/\/sv\/datasets\/new$/);
    const title = javaScript ? 'Laddstolpar i Uppsala' : 'Laddstolpar i Västerås';
    await page.getByLabel('Beskrivning på svenska').fill('Var det finns laddstolpar för elbilar.');
    await page.getByLabel('Nedladdningslänk').fill('ftp:/fel');
    await page.getByLabel('Format').fill('CSV');
    await page.getByRole('button', { name: 'Publicera' }).click();
    // The summary lists both problems and links each to its field.
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    if (javaScript) assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus moves to the summary');
    assert.match(await summary.textContent(), /Titel på svenska: krävs på minst ett språk/);
    assert.match(await summary.textContent(), /Nedladdningslänk: måste vara en fullständig webbadress/);
    await summary.getByRole('link', { name: /Nedladdningslänk/ }).click();
    if (javaScript) assert.equal(await page.evaluate(() => document.activeElement?.id), 'd0_download_url', 'the link leads to the field');
    assert.equal(await page.getByLabel('Beskrivning på svenska').inputValue(), 'Var det finns laddstolpar för elbilar.', 'nothing typed is lost');
    await page.getByLabel('Nedladdningslänk').fill('https://example.org/laddstolpar.csv');
    await page.getByLabel('Titel på svenska').fill(title);
    await page.getByRole('checkbox', { name: 'Transport' }).check();
    await page.getByRole('button', { name: 'Publicera' }).click();
    await page.waitForURL(/\/sv\/datasets\/[a-z0-9-]+\?published=1$/);
    assert.equal(await page.locator('h1').textContent(), title);
    assert.match(await page.locator('.notice[role="status"]').textContent(), /publicerad/);
    // It is found in search (the index follows the change log; give it a moment).
    let found = false;
    for (let attempt = 0; attempt < 50 && !found; attempt++) {
      await page.goto(`${world.url}/sv/datasets?q=${encodeURIComponent(title)}`);
      found = await page.getByRole('link', { name: title }).count() > 0;
      if (!found) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(found, 'the published dataset is found in search');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/sv\/$/);
    assert.ok(await page.getByRole('link', { name: 'Logga in' }).isVisible());
    await context.close();
  });
}

test("the dataset page previews a distribution's datastore table, open and axe-clean", async () => {
  for (const lang of ['sv', 'en']) {
    const context = await browser.newContext({ viewport: WIDTHS.phone });
    const page = await context.newPage();
    await page.goto(`${world.url}/${lang}/datasets/${dataset.slug}`);
    const summary = page.locator('details.preview summary');
    assert.match(await summary.innerText(), lang === 'sv' ? /Förhandsvisning av tabellen \(2 rader\)/ : /Preview of the table \(2 rows\)/);
    await summary.click();
    const cells = await page.locator('details.preview tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(cells, ['Snäckviken', '25', '12', lang === 'sv' ? 'ja' : 'yes']);
    const problems = await axeProblems(page, `${lang} dataset page with its preview open`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('keyboard: the skip link is the first stop and moves focus to the content', async () => {
  const page = await browser.newPage();
  await page.goto(`${world.url}/sv/datasets`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ text: document.activeElement.textContent, href: document.activeElement.getAttribute('href') }));
  assert.deepEqual(focused, { text: 'Hoppa till innehållet', href: '#main' });
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.close();
});

test('no request leaves for another host', async () => {
  const page = await browser.newPage();
  const elsewhere = [];
  page.on('request', (sent) => { if (!sent.url().startsWith(world.url) && !sent.url().startsWith('data:')) elsewhere.push(sent.url()); });
  for (const path of Object.values(pageTypes())) await page.goto(`${world.url}/sv${path}`);
  assert.deepEqual(elsewhere, []);
  await page.close();
});
