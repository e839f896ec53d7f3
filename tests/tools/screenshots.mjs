// SPDX-License-Identifier: Apache-2.0
// Screenshots of the portal's pages at desktop and phone widths, to look at what was built:
//   node tests/tools/screenshots.mjs BASE_URL OUT_DIR [path ...]
// (tests/node_modules has playwright-core; Debian's Chromium drives it).
// With SIGN_IN=user:password it signs in first, so the forms can be seen too.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, out, ...given] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node tests/tools/screenshots.mjs BASE_URL OUT_DIR [path ...]');
  process.exit(2);
}
const paths = given.length ? given : ['/sv/', '/sv/datasets?q=vatten', '/en/organizations', '/sv/sign-in'];
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [name, viewport] of Object.entries({ desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } })) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  if (process.env.SIGN_IN) {
    const [user, password] = process.env.SIGN_IN.split(':');
    await page.goto(`${base}/sv/sign-in`);
    await page.locator('#login').fill(user);
    await page.locator('#password').fill(password);
    await page.locator('form.stacked button[type="submit"]').click();
    await page.waitForLoadState();
  }
  for (const path of paths) {
    await page.goto(base + path);
    const file = `${out}/${name}-${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'root'}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await context.close();
}
await browser.close();
