// The web UI in headless Chromium against the real stack (ddb-server, cruddur serve with its
// stream worker). Screenshots of the inbox and a conversation go to $E2E_ARTIFACTS
// (default build/e2e-artifacts), and the servers' logs when the stack stops.
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

import {accessibilityFaults, launchBrowser, openPage, signIn} from './browser.mjs';
import {ARTIFACTS, startStack} from './stack.mjs';

const WAIT = {timeout: 10000};
const DEMO_GROUP = '5ae290ed-55d1-47a0-bc6d-fe2bc2700399';
const FIRST_SEEDED = 'Have you seen the new Babylon 5 episode?';  // the demo's first message

let stack;
let browser;
const pages = [];

async function newPage(viewport) {
  const page = await openPage(browser, stack.url, viewport);
  pages.push(page);
  return page;
}

async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, {recursive: true});
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({path: file});
  console.log(`screenshot: ${file}`);
}

const inboxRows = (page) => page.locator('#groups li');
const messageBubbles = (page) => page.locator('#messages .bubble');
const composer = (page) => page.locator('#composer').getByLabel('Message');

async function openConversationWith(page, name) {
  await inboxRows(page).filter({hasText: name}).getByRole('link').click();
  await page.locator('#conversation-title').filter({hasText: name}).waitFor(WAIT);
  await messageBubbles(page).first().waitFor(WAIT);
}

async function send(page, text) {
  await composer(page).fill(text);
  await page.locator('#composer-send').click();
  await messageBubbles(page).last().filter({hasText: text}).waitFor(WAIT);
}

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  try {
    for (const page of pages) {
      assert.deepEqual(page.errors, [], `errors on a page: ${page.errors.join('; ')}`);
    }
  } finally {
    await browser?.close();
    await stack?.stop();
  }
});

describe('the web UI', () => {
  test('an unknown handle cannot sign in, and says why', async () => {
    const page = await newPage();
    await page.locator('#sign-in-view').getByLabel('Handle').fill('nobody');
    await page.getByRole('button', {name: 'Sign in', exact: true}).click();
    await assert.doesNotReject(
      page.getByRole('alert').filter({hasText: 'There is no such user: @nobody.'}).waitFor(WAIT));
    assert.equal(await page.locator('#app-view').isVisible(), false);
  });

  test('a message sent by andrewbrown reaches the top of bayko\'s inbox without a reload',
       async () => {
    // bayko first talks to londo, so that conversation heads his inbox.
    const bayko = await newPage();
    await signIn(bayko, 'bayko');
    await bayko.getByRole('link', {name: 'New message'}).first().click();
    await bayko.locator('#new-view').getByLabel('To').fill('londo');
    await bayko.locator('#new-recipient').filter({hasText: 'Londo Mollari'}).waitFor(WAIT);
    await bayko.locator('#new-view').getByLabel('Message').fill('Ambassador, a word?');
    await bayko.locator('#new-send').click();
    await bayko.locator('#conversation-title').filter({hasText: 'Londo Mollari'}).waitFor(WAIT);
    await assert.doesNotReject(
      inboxRows(bayko).first().filter({hasText: 'Londo Mollari'}).waitFor(WAIT));
    await bayko.evaluate(() => (window.notReloaded = true));

    const andrew = await newPage();
    await signIn(andrew, 'andrewbrown');
    const seeded = inboxRows(andrew).first();
    await seeded.filter({hasText: 'Andrew Bayko'}).waitFor(WAIT);
    assert.match(await seeded.textContent(), /Deal\. Friday night\?/);
    assert.match(await seeded.locator('time').textContent(), /min ago|just now/);
    await screenshot(andrew, 'inbox.png');

    await openConversationWith(andrew, 'Andrew Bayko');
    assert.equal(await messageBubbles(andrew).count(), 20);
    assert.equal(await messageBubbles(andrew).last().textContent(), 'Deal. Friday night?');
    const text = `See you Friday (${Date.now()})`;
    await send(andrew, text);
    const sentAt = Date.now();
    assert.equal(await andrew.locator('#messages li').last().getAttribute('class'), 'message mine');
    assert.match(await andrew.locator('#composer-count').textContent(), /^0 \/ 1024/);
    await screenshot(andrew, 'conversation.png');

    // The message is pushed to bayko's page (GET /api/events), which reorders in place.
    const top = inboxRows(bayko).first();
    await assert.doesNotReject(top.filter({hasText: text}).waitFor(WAIT));
    // A figure, not a limit (with polling alone it was the worker's move plus up to 2 s).
    console.log(`bayko's open inbox showed the message ${Date.now() - sentAt} ms after the send`);
    assert.match(await top.textContent(), /Andrew Brown/);
    assert.match(await inboxRows(bayko).nth(1).textContent(), /Londo Mollari/);
    assert.equal(await bayko.evaluate(() => window.notReloaded), true);
    await openConversationWith(bayko, 'Andrew Brown');
    assert.equal(await messageBubbles(bayko).last().textContent(), text);
    assert.equal(await bayko.locator('#messages li').last().getAttribute('class'), 'message');
  });

  test('pushed messages: an unread count on the inbox row and in the title until read, and ' +
       'straight into an open conversation', async () => {
    // A conversation open in any visible tab is read as messages arrive: only this test's tabs.
    for (const page of pages) await page.close();
    const bayko = await newPage();
    await signIn(bayko, 'bayko');
    await openConversationWith(bayko, 'Andrew Brown');  // whatever was unread is read now
    await bayko.goto(`${stack.url}/#/`);
    const row = inboxRows(bayko).filter({hasText: 'Andrew Brown'});
    await row.waitFor(WAIT);
    await row.locator('.badge').waitFor({state: 'detached', ...WAIT});

    const andrew = await newPage();
    await signIn(andrew, 'andrewbrown');
    await openConversationWith(andrew, 'Andrew Bayko');
    // Bayko's page may not read its inbox meanwhile: what it shows comes by the event stream.
    let inboxReads = 0;
    await bayko.route('**/api/message_groups*', (route) => {
      inboxReads += 1;
      return route.abort();
    });
    const stamp = Date.now();
    await send(andrew, `first (${stamp})`);
    await send(andrew, `second (${stamp})`);
    await assert.doesNotReject(row.locator('.badge').filter({hasText: /^2 unread: 2$/}).waitFor(WAIT));
    assert.match(await row.locator('.preview').textContent(), new RegExp(`second \\(${stamp}\\)`));
    await bayko.waitForFunction(() => document.title.startsWith('(2) '), null, WAIT);
    await bayko.unroute('**/api/message_groups*');
    console.log(`inbox reads refused while the pushed message and count arrived: ${inboxReads}`);
    await bayko.locator('#inbox-error').waitFor({state: 'hidden', ...WAIT});
    await screenshot(bayko, 'unread.png');

    // Opening the conversation reads it: the count goes, and stays gone.
    await openConversationWith(bayko, 'Andrew Brown');
    await row.locator('.badge').waitFor({state: 'detached', ...WAIT});
    await bayko.waitForFunction(() => !document.title.startsWith('('), null, WAIT);
    // A message to the open conversation appears in it, pushed, and is read at once.
    await send(andrew, `third (${stamp})`);
    await assert.doesNotReject(
      messageBubbles(bayko).last().filter({hasText: `third (${stamp})`}).waitFor(WAIT));
    await bayko.waitForTimeout(500);
    assert.equal(await row.locator('.badge').count(), 0);
    const groups = await bayko.evaluate(async () => {
      const {token} = JSON.parse(localStorage.getItem('cruddur.session'));
      const response = await fetch('/api/message_groups', {headers: {Authorization: `Bearer ${token}`}});
      return response.json();
    });
    assert.equal(groups.find((g) => g.handle === 'andrewbrown').unread, 0);
  });

  test('a conversation started from a handle opens, and heads the inbox', async () => {
    const page = await newPage();
    await signIn(page, 'andrewbrown');
    await page.getByRole('link', {name: 'New message'}).first().click();
    await page.locator('#new-view').getByLabel('To').fill('@londo');
    await assert.doesNotReject(
      page.locator('#new-recipient').filter({hasText: 'Londo Mollari (@londo)'}).waitFor(WAIT));
    await page.locator('#new-view').getByLabel('Message').fill('Hello, Ambassador.');
    await page.locator('#new-send').click();
    await page.locator('#conversation-title').filter({hasText: 'Londo Mollari'}).waitFor(WAIT);
    assert.match(page.url(), /#\/messages\/[0-9a-f-]{36}$/);
    assert.deepEqual(await messageBubbles(page).allTextContents(), ['Hello, Ambassador.']);
    const top = inboxRows(page).first();
    assert.match(await top.textContent(), /Londo Mollari.*Hello, Ambassador\./s);
    assert.equal(await top.getByRole('link').getAttribute('aria-current'), 'page');

    // Oneself and unknown handles are refused with the API's reasons.
    await page.getByRole('link', {name: 'New message'}).first().click();
    await page.locator('#new-view').getByLabel('To').fill('andrewbrown');
    await page.locator('#new-view').getByLabel('Message').fill('Hi me');
    await page.locator('#new-send').click();
    await assert.doesNotReject(page.locator('#new-error')
      .filter({hasText: 'You cannot send a message to yourself.'}).waitFor(WAIT));
    await page.locator('#new-view').getByLabel('To').fill('nobody');
    await page.locator('#new-send').click();
    await assert.doesNotReject(page.locator('#new-error')
      .filter({hasText: 'There is no such user: @nobody.'}).waitFor(WAIT));
  });

  test('the counter counts characters and blocks an overlong message', async () => {
    const page = await newPage();
    await signIn(page, 'andrewbrown');
    await openConversationWith(page, 'Andrew Bayko');
    const before = await messageBubbles(page).count();
    const button = page.locator('#composer-send');
    const count = page.locator('#composer-count');
    assert.equal(await button.isDisabled(), true, 'a blank message cannot be sent');
    await composer(page).fill('   ');
    assert.equal(await button.isDisabled(), true);

    await composer(page).fill('x'.repeat(1025));
    assert.equal(await count.textContent(), '1025 / 1024: 1 over the limit');
    assert.equal(await button.isDisabled(), true);
    assert.equal(await composer(page).getAttribute('aria-invalid'), 'true');
    await composer(page).press('Enter');  // Enter sends, but not this
    await page.waitForTimeout(300);
    assert.equal(await messageBubbles(page).count(), before);

    // Code points, as the API counts them: 1024 emoji (2048 UTF-16 units) may be sent.
    await composer(page).fill('🙂'.repeat(1024));
    assert.equal(await count.textContent(), '1024 / 1024');
    assert.equal(await button.isDisabled(), false);
    await composer(page).fill(`  ${'y'.repeat(1024)}  `);  // trimmed, as the API trims
    assert.equal(await count.textContent(), '1024 / 1024');
    await button.click();
    await messageBubbles(page).nth(before).waitFor(WAIT);
    assert.equal(await messageBubbles(page).last().textContent(), 'y'.repeat(1024));
  });

  test('offline, a banner says so and nothing can be sent; back online, both clear', async () => {
    for (const [viewport, name] of [[undefined, 'desktop'], [{width: 375, height: 667}, 'phone']]) {
      for (const scheme of ['light', 'dark']) {
        const page = await newPage(viewport);
        await page.emulateMedia({colorScheme: scheme});
        await signIn(page, 'bayko');
        await page.goto(`${stack.url}/#/messages/${DEMO_GROUP}`);
        await page.locator('#conversation-title').filter({hasText: 'Andrew Brown'}).waitFor(WAIT);
        await composer(page).fill('sent when back');
        const sendButton = page.locator('#composer-send');
        assert.equal(await sendButton.isDisabled(), false);
        await page.context().setOffline(true);
        await page.locator('#offline').waitFor({state: 'visible', ...WAIT});
        assert.equal(await sendButton.isDisabled(), true);
        assert.deepEqual(await accessibilityFaults(page), [], `offline, ${name}, ${scheme}`);
        await screenshot(page, `offline-${name}-${scheme}.png`);
        await page.context().setOffline(false);
        await page.locator('#offline').waitFor({state: 'hidden', ...WAIT});
        assert.equal(await sendButton.isDisabled(), false);
      }
    }
  });

  test('a run of messages shares one name line, days are headed, links are links, people have avatars',
       async () => {
    for (const [viewport, name] of [[undefined, 'desktop'], [{width: 375, height: 667}, 'phone']]) {
      for (const scheme of ['light', 'dark']) {
        const page = await newPage(viewport);
        await page.emulateMedia({colorScheme: scheme});
        await signIn(page, 'londo');
        await page.goto(`${stack.url}/#/new`);
        await page.locator('#new-view').getByLabel('To').fill('bayko');
        await page.locator('#new-view').getByLabel('Message').fill(`Hello from ${name} ${scheme}`);
        await page.locator('#new-send').click();
        await page.locator('#conversation-title').filter({hasText: 'Andrew Bayko'}).waitFor(WAIT);
        await send(page, 'A second thought, a moment later.');
        await send(page, 'The plan: https://example.com/babylon-5. See you there.');
        const mine = page.locator('#messages li.message.mine');
        // The run from one sender shows its name and time once.
        assert.equal(await mine.last().evaluate((li) => li.classList.contains('continued')), true);
        assert.equal(await mine.last().locator('.meta').isVisible(), false);
        await page.locator('#messages li.day').filter({hasText: 'Today'}).first().waitFor(WAIT);
        // Bubbles are as wide as their text: the short greeting's is narrower than the plan's.
        const short = await page.locator('#messages .bubble')
            .filter({hasText: `Hello from ${name} ${scheme}`}).boundingBox();
        const long = await mine.last().locator('.bubble').boundingBox();
        assert.ok(short.width < long.width, `${short.width} < ${long.width}`);
        const link = mine.last().locator('.bubble a');
        assert.equal(await link.getAttribute('href'), 'https://example.com/babylon-5');
        assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
        assert.deepEqual(await accessibilityFaults(page), [], `grouped, ${name}, ${scheme}`);
        await screenshot(page, `grouped-${name}-${scheme}.png`);
        await page.goto(`${stack.url}/#/`);
        await inboxRows(page).first().locator('.avatar').waitFor(WAIT);
        // Our own last message is marked as ours in the inbox.
        await inboxRows(page).first().locator('.preview').filter({hasText: /^You: The plan:/})
            .waitFor(WAIT);
        assert.equal(await inboxRows(page).first().locator('.avatar').textContent(), 'AB');
        await screenshot(page, `avatars-${name}-${scheme}.png`);
      }
    }
  });

  test('a note that the server cannot be reached sits at the top of the pane and clears itself',
       async () => {
    const page = await newPage();
    await signIn(page, 'bayko');
    await inboxRows(page).first().waitFor(WAIT);
    await page.route('**/api/message_groups*', (route) => route.abort());
    const note = page.locator('#inbox-error');
    await note.filter({hasText: 'cannot be reached'}).waitFor(WAIT);
    const noteBox = await note.boundingBox();
    const listBox = await page.locator('#groups').boundingBox();
    assert.ok(noteBox.y < listBox.y, 'the note is above the conversations');
    await screenshot(page, 'unreachable.png');
    await page.unroute('**/api/message_groups*');
    await note.waitFor({state: 'hidden', ...WAIT});
  });

  test('a handle is shown as typed, never percent-decoded', async () => {
    const page = await newPage();
    await signIn(page, 'bayko');
    await page.goto(`${stack.url}/#/new`);
    await page.locator('#new-view').getByLabel('To').fill('%41ndrewbrown');
    await page.locator('#new-recipient')
        .filter({hasText: 'There is no such user: @%41ndrewbrown.'}).waitFor(WAIT);
    await page.locator('#new-view').getByLabel('To').fill('@AndrewBrown');
    await page.locator('#new-recipient').filter({hasText: 'Andrew Brown (@andrewbrown)'})
        .waitFor(WAIT);
  });

  test('older messages load above, 20 at a time, until the first', async () => {
    const page = await newPage();
    await signIn(page, 'bayko');
    await openConversationWith(page, 'Andrew Brown');
    const older = page.getByRole('button', {name: 'Load older messages'});
    const shown = await messageBubbles(page).count();
    assert.equal(shown, 20);
    const firstBefore = await page.locator('#messages time').first().getAttribute('datetime');
    await older.click();
    await messageBubbles(page).nth(39).waitFor(WAIT);
    const times = await page.locator('#messages time').evaluateAll(
      (nodes) => nodes.map((node) => node.getAttribute('datetime')));
    assert.ok(times[0] < firstBefore, 'the older page is above');
    assert.deepEqual(times, [...times].sort(), 'oldest to newest');
    while (await older.isVisible()) {
      const count = await messageBubbles(page).count();
      await older.click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#messages .bubble').length > n ||
               document.getElementById('older').hidden, count, WAIT);
    }
    // The seed's 100 messages and those the earlier tests sent, the seed's first one on top.
    const all = await messageBubbles(page).count();
    assert.ok(all >= 102, `${all} messages`);
    assert.equal(await messageBubbles(page).first().textContent(), FIRST_SEEDED);
    const everyTime = await page.locator('#messages time').evaluateAll(
      (nodes) => nodes.map((node) => node.getAttribute('datetime')));
    assert.deepEqual(everyTime, [...everyTime].sort());
  });

  test('works from the keyboard alone', async () => {
    const page = await newPage();
    await page.locator('#sign-in-view').getByLabel('Handle').focus();
    await page.keyboard.type('andrewbrown');
    await page.keyboard.press('Enter');
    await inboxRows(page).nth(1).waitFor(WAIT);
    await inboxRows(page).first().getByRole('link').focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(
      () => document.activeElement === document.querySelectorAll('#groups a')[1]), true);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.locator('#conversation-view').waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'composer-text');
    await page.keyboard.type('Typed, not clicked');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    await assert.doesNotReject(messageBubbles(page).last()
      .filter({hasText: 'Typed, not clicked\nsecond line'}).waitFor(WAIT));

    // Every control has a name a screen reader can read out.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('input, textarea, button, a[href]')]
        .filter((node) => node.offsetParent !== null)
        .filter((node) => !(node.labels?.length || node.getAttribute('aria-label') ||
                            node.textContent.trim()))
        .map((node) => node.outerHTML));
    assert.deepEqual(unnamed, []);
  });

  test('a phone-sized window shows one pane at a time, without sideways scrolling', async () => {
    const page = await newPage({width: 375, height: 667});
    await signIn(page, 'bayko');
    await inboxRows(page).first().waitFor(WAIT);
    assert.equal(await page.locator('#conversation-view').isVisible(), false);
    const overflow = () => page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0);
    await openConversationWith(page, 'Andrew Brown');
    assert.equal(await page.locator('#inbox').isVisible(), false);
    assert.equal(await page.locator('#composer-send').isVisible(), true);
    await screenshot(page, 'conversation-phone.png');
    const send = await page.locator('#composer-send').boundingBox();
    assert.ok(send.y + send.height <= 667, `the send button is on screen: ${JSON.stringify(send)}`);
    assert.equal(await overflow(), 0);
    await page.getByRole('link', {name: 'Inbox'}).click();
    await page.locator('#inbox').waitFor(WAIT);
    assert.equal(await page.locator('#conversation-view').isVisible(), false);
  });

  test('message text is shown as text, never as markup', async () => {
    const page = await newPage();
    await signIn(page, 'andrewbrown');
    await openConversationWith(page, 'Andrew Bayko');
    const text = '<img src=x onerror="window.injected=1"> & <b>bold</b>';
    await send(page, text);
    assert.equal(await messageBubbles(page).last().textContent(), text);
    assert.equal(await page.locator('#messages img, #messages b').count(), 0);
    assert.equal(await page.evaluate(() => window.injected), undefined);
  });

  test('a conversation of others, or none, says so and offers no composer', async () => {
    const page = await newPage();
    await signIn(page, 'londo');
    await page.goto(`${stack.url}/#/messages/${DEMO_GROUP}`);
    await assert.doesNotReject(page.locator('#conversation-error')
      .filter({hasText: 'You are not a member of this conversation.'}).waitFor(WAIT));
    assert.equal(await page.locator('#composer').isVisible(), false);
    assert.equal(await messageBubbles(page).count(), 0);
    await page.goto(`${stack.url}/#/messages/00000000-0000-0000-0000-000000000000`);
    await assert.doesNotReject(page.locator('#conversation-error')
      .filter({hasText: 'Not found: no such conversation.'}).waitFor(WAIT));
    assert.equal(await page.locator('#composer').isVisible(), false);
  });

  test('every view passes axe-core\'s WCAG 2.1 AA checks, on a desktop and on a phone',
       async () => {
    for (const viewport of [{width: 1200, height: 800}, {width: 375, height: 667}]) {
      for (const scheme of ['light', 'dark']) {
        const page = await newPage(viewport);
        await page.emulateMedia({colorScheme: scheme});
        const where = `${viewport.width}px, ${scheme}`;
        assert.deepEqual(await accessibilityFaults(page), [], `sign-in, ${where}`);
        await signIn(page, 'bayko');
        await inboxRows(page).first().waitFor(WAIT);
        assert.deepEqual(await accessibilityFaults(page), [], `inbox, ${where}`);
        await openConversationWith(page, 'Andrew Brown');
        await composer(page).fill('x'.repeat(1100));  // the over-the-limit state too
        assert.deepEqual(await accessibilityFaults(page), [], `conversation, ${where}`);
        await page.goto(`${stack.url}/#/new`);
        await page.locator('#new-view').getByLabel('To').fill('nobody');
        await page.locator('#new-recipient').filter({hasText: 'no such user'}).waitFor(WAIT);
        assert.deepEqual(await accessibilityFaults(page), [], `new message, ${where}`);
      }
    }
  });

  test('a development session gets a new token when its token is refused', async () => {
    const page = await newPage();
    await signIn(page, 'londo');
    await inboxRows(page).first().waitFor(WAIT);
    await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem('cruddur.session'));
      localStorage.setItem('cruddur.session', JSON.stringify({...saved, token: 'expired.token.x'}));
    });
    await page.reload();
    await assert.doesNotReject(inboxRows(page).first().waitFor(WAIT));
    assert.equal(await page.locator('#sign-in-view').isVisible(), false);
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('cruddur.session')).token);
    assert.notEqual(token, 'expired.token.x');
    assert.equal(token.split('.').length, 3);
  });

  test('an access token can be pasted; a refused one, or one that stops working, says so',
       async () => {
    const response = await fetch(`${stack.url}/api/dev/sign_in`, {
      method: 'POST', body: JSON.stringify({handle: 'londo'})});
    const {access_token: token} = await response.json();
    const page = await newPage();
    await page.getByText('Sign in with an access token').click();
    const field = page.getByLabel('Access token (a Cognito access token, without "Bearer")');
    await field.fill('not-a-token');
    await page.getByRole('button', {name: 'Use this token'}).click();
    await assert.doesNotReject(page.locator('#token-error')
      .filter({hasText: 'The server refused this token.'}).waitFor(WAIT));
    await field.fill(`Bearer ${token}`);
    await page.getByRole('button', {name: 'Use this token'}).click();
    await assert.doesNotReject(
      page.locator('#whoami').filter({hasText: 'Londo Mollari (@londo)'}).waitFor(WAIT));
    // Not a development session: a refused token ends it.
    assert.equal(await page.evaluate(
      () => JSON.parse(localStorage.getItem('cruddur.session')).dev), false);
    await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem('cruddur.session'));
      localStorage.setItem('cruddur.session', JSON.stringify({...saved, token: 'expired.token.x'}));
    });
    await page.reload();
    await assert.doesNotReject(page.locator('#sign-in-error')
      .filter({hasText: 'Your session has ended. Sign in again.'}).waitFor(WAIT));
    assert.equal(await page.evaluate(() => localStorage.getItem('cruddur.session')), null);
  });

  test('signing out forgets the session', async () => {
    const page = await newPage();
    await signIn(page, 'londo');
    await page.getByRole('button', {name: 'Sign out'}).click();
    await page.locator('#sign-in-view').waitFor(WAIT);
    await page.reload();
    await page.locator('#sign-in-view').waitFor(WAIT);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
  });
});
