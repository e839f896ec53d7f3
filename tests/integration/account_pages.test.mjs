// SPDX-License-Identifier: Apache-2.0
// Signing in to the portal, the account page's API tokens, signing out, and the dataset forms,
// over HTTP from the real binary: session cookies, CSRF on every form, slowing down and locking
// out password guessing, and the same rules and messages as the JSON API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorld, request, cleanup, cliOk } from './harness.mjs';

let world;
const PASSWORD = 'rätt-lösenord-42';

// A browser's part: cookies kept per client, forms posted urlencoded.
class Client {
  constructor() { this.cookies = new Map(); }
  async send(method, path, { form, headers = {} } = {}) {
    const all = { ...headers };
    if (this.cookies.size) all.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      all['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const response = await fetch(world.url + path, { method, headers: all, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, html: await response.text(), setCookies: response.headers.getSetCookie() };
  }
  get(path, options) { return this.send('GET', path, options); }
  post(path, form, options = {}) { return this.send('POST', path, { ...options, form }); }
  // The CSRF token of the first form on a page.
  static token(html) {
    const match = html.match(/name="csrf" value="([^"]*)"/);
    assert.ok(match, 'the form has a CSRF token');
    return match[1];
  }
  async signIn(login, password = PASSWORD) {
    const page = await this.get('/sv/sign-in');
    return this.post('/sv/sign-in', { csrf: Client.token(page.html), login, password, next: '/sv/account' });
  }
}

before(async () => {
  world = await setupWorld('account-pages');
  for (const name of ['anna', 'bertil', 'cecilia', 'david']) {
    cliOk(['user', 'add', name, '--email', `${name}@Example.se`, '--password-stdin', '--data', world.data], { input: `${PASSWORD}\n` });
    cliOk(['member', 'add', 'scb', name, '--role', 'editor', '--data', world.data]);
  }
});
after(() => { world?.server.stop(); cleanup(world?.data); });

test('signing in sets an HttpOnly, SameSite=Lax session cookie and opens the account page', async () => {
  const client = new Client();
  const page = await client.get('/sv/sign-in');
  assert.equal(page.status, 200);
  assert.match(page.html, /autocomplete="current-password"/);
  assert.ok(client.cookies.has('samverka_csrf'), 'a signed-out form gets its CSRF cookie');
  const signedIn = await client.post('/sv/sign-in', { csrf: Client.token(page.html), login: 'anna', password: PASSWORD, next: '/sv/account' });
  assert.equal(signedIn.status, 303);
  assert.equal(signedIn.headers.get('location'), '/sv/account');
  const cookie = signedIn.setCookies.find((line) => line.startsWith('samverka_session='));
  assert.ok(cookie, 'a session cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Max-Age=\d+/);
  assert.doesNotMatch(cookie, /Secure/, 'no Secure flag on a plain-http site');
  const account = await client.get('/sv/account');
  assert.equal(account.status, 200);
  assert.match(account.html, /anna@Example\.se/);
  assert.match(account.html, /Logga ut/);
  assert.equal(account.headers.get('cache-control'), 'no-store');
  // The session is the portal's: the JSON API takes tokens only, so a cookie alone is anonymous.
  const viaApi = await fetch(`${world.url}/api/v1/datasets`, {
    method: 'POST', headers: { cookie: `samverka_session=${client.cookies.get('samverka_session')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ publisher: 'scb', state: 'draft' }),
  });
  assert.equal(viaApi.status, 401);
});

test('e-mail addresses sign in too, whatever their case; wrong passwords say so without telling which part', async () => {
  const client = new Client();
  const wrong = await client.signIn('bertil', 'fel-lösenord-00');
  assert.equal(wrong.status, 422);
  assert.match(wrong.html, /Användarnamnet, e-postadressen eller lösenordet stämmer inte/);
  assert.match(wrong.html, /<a href="#login">/, 'the summary links the field');
  assert.match(wrong.html, /value="bertil"/, 'the login typed is kept');
  assert.doesNotMatch(wrong.html, /fel-lösenord/, 'the password is never sent back');
  const unknown = await client.signIn('nobody-here', 'fel-lösenord-00');
  assert.equal(unknown.status, 422);
  assert.match(unknown.html, /stämmer inte/);
  const right = await client.signIn('BERTIL@example.SE');
  assert.equal(right.status, 303);
  assert.equal((await client.get('/sv/account')).status, 200);
});

test('a form without its CSRF token, or sent from another site, is refused', async () => {
  const client = new Client();
  const page = await client.get('/sv/sign-in');
  const missing = await client.post('/sv/sign-in', { login: 'anna', password: PASSWORD });
  assert.equal(missing.status, 403);
  const wrong = await client.post('/sv/sign-in', { csrf: 'f'.repeat(32), login: 'anna', password: PASSWORD });
  assert.equal(wrong.status, 403);
  const foreign = await client.post('/sv/sign-in', { csrf: Client.token(page.html), login: 'anna', password: PASSWORD }, { headers: { origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  assert.ok(!client.cookies.has('samverka_session'));
  // Signed in, the session's token guards the forms; another session's token does not pass.
  await client.signIn('anna');
  const other = new Client();
  await other.signIn('cecilia');
  const otherToken = Client.token((await other.get('/sv/account')).html);
  const refused = await client.post('/sv/account/tokens', { csrf: otherToken, name: 'stulen', expires_days: '30' });
  assert.equal(refused.status, 403);
  const account = await client.get('/sv/account');
  assert.doesNotMatch(account.html, /stulen/);
});

test('repeated failures slow down and then lock the login, for real and unknown users alike, correct password or not', async () => {
  for (const login of ['david', 'ingen-sådan-användare']) {
    const client = new Client();
    const statuses = [];
    // From the third failure on, each attempt must wait 1, 2, 4 ... seconds after the last:
    // attempts sent at once meet the wait within a few tries (each one here takes well under
    // a second, but an argon2 check on a loaded sanitizer build may not).
    while (statuses.length < 10 && !statuses.includes(429)) statuses.push((await client.signIn(login, 'fel-lösenord-00')).status);
    assert.deepEqual(statuses.slice(0, 3), [422, 422, 422], login);
    assert.ok(statuses.includes(429), `${login}: ${statuses}`);
    const right = await client.signIn(login);
    assert.equal(right.status, 429, `${login}: a correct password waits too`);
    assert.ok(Number(right.headers.get('retry-after')) >= 1);
    assert.match(right.html, /För många misslyckade försök/);
  }
});

test('the next address after signing in stays on this site', async () => {
  for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/api/v1/datasets']) {
    const client = new Client();
    const page = await client.get('/en/sign-in');
    const response = await client.post('/en/sign-in', { csrf: Client.token(page.html), login: 'cecilia', password: PASSWORD, next });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/en/account', next);
  }
});

test('the account page creates a token shown once, which the API takes until it is revoked', async () => {
  const client = new Client();
  await client.signIn('anna');
  let account = await client.get('/en/account');
  const empty = await client.post('/en/account/tokens', { csrf: Client.token(account.html), name: '', expires_days: '30' });
  assert.equal(empty.status, 422);
  assert.match(empty.html, /<a href="#token-name">Give the token a name/);
  const created = await client.post('/en/account/tokens', { csrf: Client.token(account.html), name: 'harvester', expires_days: '90' });
  assert.equal(created.status, 201);
  const secret = created.html.match(/id="new-token"[^>]*value="(svk_[0-9a-f]+)"/)?.[1];
  assert.ok(secret, 'the new token is shown');
  assert.equal(created.headers.get('cache-control'), 'no-store');
  const draft = await request(world.url, 'POST', '/api/v1/datasets', { token: secret, body: { publisher: 'scb', state: 'draft', title: { sv: 'Från en nyckel' } } });
  assert.equal(draft.status, 201, draft.text);
  account = await client.get('/en/account');
  assert.doesNotMatch(account.html, new RegExp(secret), 'shown once only');
  assert.match(account.html, /harvester/);
  const id = account.html.match(/action="\/en\/account\/tokens\/([0-9a-f]+)\/revoke"/)?.[1];
  assert.ok(id);
  const revoked = await client.post(`/en/account/tokens/${id}/revoke`, { csrf: Client.token(account.html) });
  assert.equal(revoked.status, 303);
  const after = await request(world.url, 'POST', '/api/v1/datasets', { token: secret, body: { publisher: 'scb', state: 'draft' } });
  assert.equal(after.status, 401);
  // Another user cannot revoke it (or learn that it exists).
  const other = new Client();
  await other.signIn('bertil');
  const otherPage = await other.get('/en/account');
  const foreign = await other.post(`/en/account/tokens/${id}/revoke`, { csrf: Client.token(otherPage.html) });
  assert.equal(foreign.status, 404);
});

test('signing out ends the session; signing out everywhere ends them all', async () => {
  const first = new Client();
  const second = new Client();
  await first.signIn('cecilia');
  await second.signIn('cecilia');
  const stolen = first.cookies.get('samverka_session');
  const home = await first.get('/sv/');
  const out = await first.post('/sv/sign-out', { csrf: Client.token(home.html) });
  assert.equal(out.status, 303);
  assert.ok(!first.cookies.has('samverka_session'), 'the cookie is cleared');
  // The old cookie no longer opens anything, even if kept.
  const replay = await fetch(`${world.url}/sv/account`, { headers: { cookie: `samverka_session=${stolen}` }, redirect: 'manual' });
  assert.equal(replay.status, 303);
  assert.match(replay.headers.get('location'), /^\/sv\/sign-in\?next=/);
  assert.equal((await second.get('/sv/account')).status, 200);
  const third = new Client();
  await third.signIn('cecilia');
  const page = await third.get('/sv/account');
  await third.post('/sv/account/sign-out-everywhere', { csrf: Client.token(page.html) });
  assert.equal((await second.get('/sv/account')).status, 303);
});

test('the dataset form: errors in a summary and beside each field, fixed, saved as a draft and published', async () => {
  const client = new Client();
  await client.signIn('anna');
  const form = await client.get('/sv/datasets/new');
  assert.equal(form.status, 200);
  assert.match(form.html, /<option value="scb"/, 'the editor may publish for scb');
  assert.doesNotMatch(form.html, /<option value="smhi"/, 'not for smhi');
  const csrf = Client.token(form.html);
  const base = { csrf, rows: '1', publisher: 'scb', title_sv: '', description_sv: 'Antal cyklister per dag.', d0_download_url: 'inte en adress', d0_format: 'CSV', action: 'publish' };
  const bad = await client.post('/sv/datasets/new', base);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /<div class="error-summary" id="error-summary" role="alert"/);
  assert.match(bad.html, /<a href="#d0_download_url">Distribution 1 – Nedladdningslänk: måste vara en fullständig webbadress/);
  assert.match(bad.html, /id="d0_download_url-error"/);
  assert.match(bad.html, /aria-invalid="true" aria-describedby="d0_download_url-error"/);
  assert.match(bad.html, /Antal cyklister per dag\./, 'what was typed is kept');
  const english = await client.post('/en/datasets/new', base);
  assert.match(english.html, /Download link: must be an absolute http or https URL/);
  // Fixing the link shows the next rule: a title is needed to publish.
  const untitled = await client.post('/sv/datasets/new', { ...base, d0_download_url: 'https://example.org/cykel.csv' });
  assert.equal(untitled.status, 422);
  assert.match(untitled.html, /<a href="#title_sv">Titel på svenska: krävs på minst ett språk<\/a>/);
  // A draft may be incomplete.
  const draft = await client.post('/sv/datasets/new', { ...base, d0_download_url: 'https://example.org/cykel.csv', action: 'draft' });
  assert.equal(draft.status, 303);
  const location = draft.headers.get('location');
  assert.match(location, /^\/sv\/datasets\/[a-z0-9-]+\?saved=1$/);
  const slug = location.split('/')[3].split('?')[0];
  const draftPage = await client.get(location);
  assert.match(draftPage.html, /Ändringarna är sparade/);
  const stored = await request(world.url, 'GET', `/api/v1/datasets/${slug}`, { token: world.tokens.editor });
  assert.equal(stored.json.state, 'draft');
  assert.equal(stored.json.distributions[0].access_url, 'https://example.org/cykel.csv', 'a download link serves as the access URL');
  // Edit: add the title, and publish.
  const edit = await client.get(`/sv/datasets/${slug}/edit`);
  assert.equal(edit.status, 200);
  const revision = edit.html.match(/name="revision" value="(\d+)"/)[1];
  const published = await client.post(`/sv/datasets/${slug}/edit`, {
    csrf, rows: '2', revision, publisher: 'scb', title_sv: 'Cykelräkning', description_sv: 'Antal cyklister per dag.',
    themes: 'TRAN', d0_existing: '1', d0_download_url: 'https://example.org/cykel.csv', d0_format: 'CSV', d0_license: 'http://creativecommons.org/publicdomain/zero/1.0/', action: 'publish',
  });
  assert.equal(published.status, 303, published.html.slice(0, 3000));
  const after = await request(world.url, 'GET', `/api/v1/datasets/${slug}`);
  assert.equal(after.status, 200, 'published: anyone reads it');
  assert.equal(after.json.state, 'published');
  assert.deepEqual(after.json.themes, ['TRAN']);
  assert.equal(after.json.title.sv, 'Cykelräkning');
  // Sending the old form again would overwrite the change: it is refused with a message.
  const stale = await client.post(`/sv/datasets/${slug}/edit`, { csrf, rows: '1', revision, publisher: 'scb', title_sv: 'Gammal', description_sv: 'x', action: 'save' });
  assert.equal(stale.status, 409);
  assert.match(stale.html, /Någon annan har ändrat datamängden/);
  assert.equal((await request(world.url, 'GET', `/api/v1/datasets/${slug}`)).json.title.sv, 'Cykelräkning');
});

test('a dataset of another organisation cannot be edited from the portal', async () => {
  const outsider = await request(world.url, 'POST', '/api/v1/datasets', { token: world.tokens.outsider, body: { publisher: 'smhi', state: 'draft', title: { sv: 'SMHI:s utkast' } } });
  assert.equal(outsider.status, 201);
  const client = new Client();
  await client.signIn('anna');
  // A draft of smhi does not exist for anna, as in the API.
  assert.equal((await client.get(`/sv/datasets/${outsider.json.slug}/edit`)).status, 404);
  const home = await client.get('/sv/');
  const posted = await client.post(`/sv/datasets/${outsider.json.slug}/edit`, { csrf: Client.token(home.html), revision: '1', title_sv: 'Kapad', action: 'save' });
  assert.equal(posted.status, 404);
  const signedOut = await new Client().get('/sv/datasets/new');
  assert.equal(signedOut.status, 303);
  assert.equal(signedOut.headers.get('location'), '/sv/sign-in?next=%2Fsv%2Fdatasets%2Fnew');
});
