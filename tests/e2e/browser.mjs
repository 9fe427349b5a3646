// Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own).
import {chromium} from 'playwright-core';
import {existsSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM} (scripts/setup installs Debian's chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root (CI) Chromium needs --no-sandbox; the rest keeps it off the closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new signed-out browser context with one page; page errors are collected in `errors`.
export async function openPage(browser, url, viewport = {width: 1200, height: 800}) {
  const context = await browser.newContext({viewport});
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  // The API's 4xx answers are part of the tests; the console reports each as a failed load, so
  // failed loads are judged by their responses instead: only the UI's own files must not fail.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      page.errors.push(message.text());
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/api/')) {
      page.errors.push(`${response.status()} for ${response.url()}`);
    }
  });
  await page.goto(url);
  return page;
}

export async function signIn(page, handle) {
  await page.locator('#sign-in-view').getByLabel('Handle').fill(handle);
  await page.getByRole('button', {name: 'Sign in', exact: true}).click();
  await page.locator('#app-view').waitFor();
}

// axe-core's WCAG 2.1 A and AA rules on the page as it is; returns the violations, each as
// "rule: target, target".
export async function accessibilityFaults(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);  // by the debugger protocol, past the page's CSP
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
  }));
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
