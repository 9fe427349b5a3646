// Cruddur's web UI: sign-in, the inbox, a conversation and a new conversation, over the HTTP API
// of docs/API.md. Routes live in the URL's fragment (#/, #/messages/<group>, #/new). New messages
// and unread counts are pushed (live.js); while the push connection is down, the inbox and the
// open conversation refresh themselves by polling while the page is visible, and while it is up
// the inbox is still read now and then, to catch what no push carried.

import {
  $,
  announce,
  bindComposer,
  element,
  refreshTimes,
  sendOnEnter,
  showError,
  timeElement,
} from './dom.js';
import {
  api,
  onSessionEnded,
  SESSION_KEY,
  reloadSession,
  saveSession,
  session,
  setSigningIn,
  tokenClaims,
  withCursor,
} from './session.js';
import {connectEvents} from './live.js';
import {avatarElement, decorateMessages, messageItem} from './render.js';
import {describeError, normalizeHandle} from './text.js';

const POLL_MS = 2000;
const LIVE_REFRESH_MS = 5000;  // the inbox's refresh while pushes arrive
const WIDE = window.matchMedia('(min-width: 721px)');  // app.css: two panes from here
// ---- the inbox ----

const inbox = {
  groups: [],      // newest first: {uuid, display_name, handle, message, created_at, unread}
  cursor: '',      // for the page after the loaded ones
  loaded: false,
  nodes: new Map(),  // group uuid -> <li>
};

function groupLink(group) {
  const unread = group.unread > 0 ? group.unread : 0;
  return element(
    'a',
    {
      href: `#/messages/${encodeURIComponent(group.uuid)}`,
      'data-group': group.uuid,
      className: unread ? 'unread' : '',
    },
    avatarElement(group.display_name, group.handle),
    element('span', {className: 'who'}, group.display_name, ' ',
            element('span', {className: 'handle'}, `@${group.handle}`)),
    timeElement(group.created_at),
    element('span', {className: 'preview'},
            group.last_sender_handle === session?.handle ? `You: ${group.message}` : group.message),
    unread ? element('span', {className: 'badge'}, element('span', {className: 'visually-hidden'},
                                                           `${unread} unread: `), String(unread))
      : '',
  );
}

// The page's title, with the count of unread messages in front when there are any.
let baseTitle = 'Cruddur';
function setTitle(title) {
  baseTitle = title;
  const unread = inbox.groups.reduce((sum, group) => sum + (group.unread > 0 ? group.unread : 0), 0);
  document.title = unread ? `(${unread}) ${title}` : title;
}

function renderInbox() {
  const list = $('groups');
  const focused = document.activeElement?.dataset?.group;
  const wanted = new Map();
  for (const group of inbox.groups) {
    const signature = JSON.stringify(group);
    let item = inbox.nodes.get(group.uuid);
    if (!item || item.dataset.signature !== signature) {
      const fresh = element('li', {}, groupLink(group));
      fresh.dataset.signature = signature;
      if (item) item.replaceWith(fresh);
      item = fresh;
    }
    wanted.set(group.uuid, item);
  }
  // Put the items in order, moving only those out of place.
  let position = list.firstChild;
  for (const item of wanted.values()) {
    if (item !== position) list.insertBefore(item, position);
    else position = position.nextSibling;
  }
  for (const [uuid, item] of inbox.nodes) if (!wanted.has(uuid)) item.remove();
  inbox.nodes = wanted;
  markCurrentGroup();
  if (focused && document.activeElement?.dataset?.group !== focused) {
    list.querySelector(`a[data-group="${CSS.escape(focused)}"]`)?.focus();
  }
  $('inbox-empty').hidden = !inbox.loaded || inbox.groups.length > 0;
  $('groups-more').hidden = !inbox.cursor;
  setTitle(baseTitle);
}

function markCurrentGroup() {
  for (const link of $('groups').querySelectorAll('a')) {
    if (link.dataset.group === conversation.group) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// The first page replaces what it covers; conversations loaded from later pages stay below it.
function mergeFirstPage(page, cursor) {
  const fresh = new Set(page.map((group) => group.uuid));
  const oldest = page.length ? page[page.length - 1].created_at : '';
  const rest = inbox.groups.filter((group) => !fresh.has(group.uuid) && group.created_at < oldest);
  const previous = new Map(inbox.groups.map((group) => [group.uuid, group]));
  inbox.groups = [...page, ...rest];
  if (!rest.length) inbox.cursor = cursor;
  return page.filter((group) => {
    const before = previous.get(group.uuid);
    return inbox.loaded && (!before || before.created_at !== group.created_at);
  });
}

// `quiet`: the change is the user's own doing, so there is nothing to announce.
async function refreshInbox({quiet = false} = {}) {
  lastInboxRefresh = Date.now();
  const {data, cursor} = await api('/api/message_groups');
  const changed = mergeFirstPage(data, cursor);
  inbox.loaded = true;
  showError('inbox-error', null);
  renderInbox();
  if (conversation.group) {
    showConversationTitle();
    markRead(conversation.group);
  }
  if (quiet) return;
  for (const group of changed) {
    if (group.uuid !== conversation.group) {
      announce(`New message in your conversation with ${group.display_name}`);
    }
  }
}

async function loadMoreGroups() {
  if (!inbox.cursor) return;
  const {data, cursor} = await api(withCursor('/api/message_groups', inbox.cursor));
  const known = new Set(inbox.groups.map((group) => group.uuid));
  inbox.groups.push(...data.filter((group) => !known.has(group.uuid)));
  inbox.cursor = cursor;
  renderInbox();
}

// The inbox row of a group after a message was sent in it, without waiting for the next poll.
// Returns false when the group is not in the loaded inbox.
function touchGroup(groupUuid, message) {
  const index = inbox.groups.findIndex((group) => group.uuid === groupUuid);
  if (index < 0) return false;
  if (inbox.groups[index].created_at >= message.created_at) return true;  // already newer
  const [group] = inbox.groups.splice(index, 1);
  inbox.groups.unshift({...group, message: message.message, created_at: message.created_at,
                        last_sender_handle: message.handle});
  renderInbox();
  return true;
}

// Tells the server the open conversation has been read, when the inbox says it has unread
// messages and the reader can see it.
const reading = new Set();
function markRead(groupUuid) {
  const group = inbox.groups.find((g) => g.uuid === groupUuid);
  if (!group || !(group.unread > 0) || document.hidden || reading.has(groupUuid)) return;
  reading.add(groupUuid);
  group.unread = 0;
  renderInbox();
  api(`/api/message_groups/${encodeURIComponent(groupUuid)}/read`, {method: 'POST'})
    .catch(() => {})
    .finally(() => reading.delete(groupUuid));
}

// Arrow keys, Home and End move between the conversations of the inbox.
function bindInboxKeys() {
  $('groups').addEventListener('keydown', (event) => {
    const links = [...$('groups').querySelectorAll('a')];
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    const target = {
      ArrowDown: links[index + 1],
      ArrowUp: links[index - 1],
      Home: links[0],
      End: links[links.length - 1],
    }[event.key];
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });
}

// ---- a conversation ----

const conversation = {
  group: '',
  messages: [],  // oldest first: {uuid, display_name, handle, message, created_at}
  cursor: '',    // for older messages
  loading: null,  // the first page's request
  loaded: false,  // the first page is on the page
};

const byTime = (a, b) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.uuid < b.uuid ? -1 : 1;

// The other member: from the inbox row, else from a message of theirs.
function otherMember() {
  return inbox.groups.find((g) => g.uuid === conversation.group) ??
         conversation.messages.find((m) => m.handle !== session?.handle);
}

function showConversationTitle() {
  const other = otherMember();
  const title = $('conversation-title');
  if (other) {
    title.replaceChildren(other.display_name, ' ',
                          element('span', {className: 'handle'}, `(@${other.handle})`));
  } else {
    title.textContent = 'Conversation';
  }
  setTitle(`${other ? other.display_name : 'Conversation'} · Cruddur`);
}

// Tells a screen reader of the messages just added to the open conversation by others.
function announceArrivals(added) {
  for (const message of added) {
    if (message.handle !== session?.handle) {
      announce(`New message from ${message.display_name}: ${message.message}`);
    }
  }
}

// Adds messages not on the page yet; returns those added.
function addMessages(messages) {
  const known = new Set(conversation.messages.map((m) => m.uuid));
  const added = messages.filter((m) => !known.has(m.uuid));
  if (!added.length) return added;
  const scroller = $('scroller');
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const heightBefore = scroller.scrollHeight;
  const newestBefore = conversation.messages[conversation.messages.length - 1];
  conversation.messages = [...conversation.messages, ...added].sort(byTime);
  const list = $('messages');
  const olderOnly = newestBefore && added.every((m) => byTime(m, newestBefore) < 0);
  const newerOnly = !newestBefore || added.every((m) => byTime(m, newestBefore) > 0);
  if (newerOnly) {
    for (const message of added.sort(byTime)) list.append(messageItem(message));
  } else if (olderOnly) {
    const first = list.firstChild;
    for (const message of added.sort(byTime)) list.insertBefore(messageItem(message), first);
    scroller.scrollTop += scroller.scrollHeight - heightBefore;  // keep the reader's place
  } else {
    list.replaceChildren(...conversation.messages.map(messageItem));
  }
  decorateMessages();
  if (newerOnly && (atBottom || added.some((m) => m.handle === session?.handle))) {
    scroller.scrollTop = scroller.scrollHeight;
  }
  return added;
}

async function openConversation(group) {
  if (conversation.group !== group) {
    conversation.group = group;
    conversation.messages = [];
    conversation.cursor = '';
    conversation.loaded = false;
    $('composer').hidden = false;
    $('messages').replaceChildren();
    $('older').hidden = true;
    showError('conversation-error', null);
    showError('composer-error', null);
    $('composer-text').value = '';
    updateComposer();
    markCurrentGroup();
    showConversationTitle();
    conversation.loading = loadNewestMessages(true);
  }
  return conversation.loading;
}

async function loadNewestMessages(first = false) {
  const group = conversation.group;
  try {
    const {data, cursor} = await api(`/api/messages/${encodeURIComponent(group)}`);
    if (conversation.group !== group) return;
    const known = new Set(conversation.messages.map((m) => m.uuid));
    if (!first && cursor && !data.some((m) => known.has(m.uuid))) {
      // More arrived than a page holds since the last poll: start again from the newest page.
      conversation.messages = [];
      $('messages').replaceChildren();
      first = true;
    }
    if (first) {
      conversation.cursor = cursor;
      $('older').hidden = !cursor;
    }
    const added = addMessages(data);
    conversation.loaded = true;
    showConversationTitle();
    markRead(group);
    if (!first) announceArrivals(added);
    showError('conversation-error', null);
  } catch (error) {
    if (conversation.group !== group) return;
    showError('conversation-error', error);
    // Not a conversation of ours (or none at all): nothing to write to.
    if (first && (error.status === 403 || error.status === 404)) $('composer').hidden = true;
  }
}

async function loadOlderMessages() {
  const group = conversation.group;
  if (!conversation.cursor) return;
  const button = $('older');
  button.disabled = true;
  try {
    const {data, cursor} = await api(
      withCursor(`/api/messages/${encodeURIComponent(group)}`, conversation.cursor));
    if (conversation.group !== group) return;
    conversation.cursor = cursor;
    const added = addMessages(data);
    button.hidden = !cursor;
    announce(`${added.length} older messages loaded`);
  } catch (error) {
    showError('conversation-error', error);
  } finally {
    button.disabled = false;
  }
}

async function sendToConversation(text) {
  showError('composer-error', null);
  try {
    const {data} = await api('/api/messages', {
      method: 'POST',
      body: {message: text, message_group_uuid: conversation.group},
    });
    addMessages([data]);
    touchGroup(data.message_group_uuid, data);
    return true;
  } catch (error) {
    showError('composer-error', error);
    return false;
  }
}

// ---- a new conversation ----

let lookupTimer = 0;
let lookupSerial = 0;

function lookUpRecipient() {
  clearTimeout(lookupTimer);
  const handle = normalizeHandle($('new-handle').value);
  const serial = ++lookupSerial;
  $('new-recipient').textContent = '';
  if (!handle) return;
  lookupTimer = setTimeout(async () => {
    try {
      const {data} = await api(`/api/users/@${encodeURIComponent(handle)}/short`);
      if (serial === lookupSerial) $('new-recipient').textContent = `${data.display_name} (@${data.handle})`;
    } catch (error) {
      // The handle as typed, never a decoded or encoded form of it.
      const text = error.status === 404 ? `There is no such user: @${handle}.` : error.message;
      if (serial === lookupSerial) $('new-recipient').textContent = text;
    }
  }, 250);
}

async function startConversation(text) {
  showError('new-error', null);
  const handle = normalizeHandle($('new-handle').value);
  if (!handle) {
    showError('new-error', new Error(describeError(422, ['user_receiver_handle_blank'])));
    $('new-handle').focus();
    return false;
  }
  try {
    const {data} = await api('/api/messages', {method: 'POST', body: {message: text, handle}});
    $('new-handle').value = '';
    $('new-recipient').textContent = '';
    await refreshInbox({quiet: true}).catch(() => {});
    location.hash = `#/messages/${encodeURIComponent(data.message_group_uuid)}`;
    return true;
  } catch (error) {
    showError('new-error', error);
    return false;
  }
}

// ---- sign-in ----

async function signInWithHandle(event) {
  event.preventDefault();
  const handle = normalizeHandle($('sign-in-handle').value);
  showError('sign-in-error', null);
  if (!handle) {
    showError('sign-in-error', new Error('Enter your handle.'));
    return;
  }
  try {
    const {data} = await api('/api/dev/sign_in', {method: 'POST', body: {handle}});
    await beginSession(data.access_token, handle, true);
  } catch (error) {
    const routeMissing = error.status === 404 && error.body?.error === 'not found';
    showError('sign-in-error', routeMissing
      ? new Error('This server has no development sign-in. Sign in with an access token.')
      : error);
  }
}

async function signInWithToken(event) {
  event.preventDefault();
  const token = $('token-input').value.trim().replace(/^Bearer\s+/i, '');
  showError('token-error', null);
  if (!token) return;
  const claims = tokenClaims(token);
  try {
    await beginSession(token, claims.username || '', false);
    $('token-input').value = '';
  } catch (error) {
    showError('token-error', error.status === 401 ? new Error('The server refused this token.') : error);
  }
}

// `dev`: signed in by handle through the dev issuer, which can sign a new token when one expires.
async function beginSession(token, handle, dev) {
  saveSession({token, handle, name: '', dev});
  setSigningIn(true);
  try {
    await refreshInbox();
  } catch (error) {
    saveSession(null);
    throw error;
  } finally {
    setSigningIn(false);
  }
  if (handle) {
    try {
      const {data} = await api(`/api/users/@${encodeURIComponent(handle)}/short`);
      saveSession({...session, name: data.display_name});
    } catch {
      // The name is only shown; the session stands without it.
    }
  }
  startEvents();
  if (location.hash === '' || location.hash === '#/' || location.hash === '#') route();
  else location.hash = '#/';
}

function signOut(reason = '') {
  stopEvents();
  saveSession(null);
  inbox.groups = [];
  inbox.cursor = '';
  inbox.loaded = false;
  inbox.nodes = new Map();
  $('groups').replaceChildren();
  conversation.group = '';
  conversation.messages = [];
  $('messages').replaceChildren();
  route();
  showError('sign-in-error', reason ? new Error(reason) : null);
}

// ---- routing ----

function currentRoute() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  if (hash.startsWith('messages/') && hash.length > 'messages/'.length) {
    return {view: 'conversation', group: hash.slice('messages/'.length)};
  }
  if (hash === 'new') return {view: 'new'};
  return {view: 'inbox'};
}

function route() {
  const signedIn = Boolean(session);
  $('sign-in-view').hidden = signedIn;
  $('app-view').hidden = !signedIn;
  $('account').hidden = !signedIn;
  if (!signedIn) {
    document.body.dataset.view = 'sign-in';
    setTitle('Sign in · Cruddur');
    $('sign-in-handle').focus();
    return;
  }
  $('whoami').textContent = session.name
    ? `${session.name} (@${session.handle})`
    : session.handle ? `@${session.handle}` : 'Signed in';
  const {view, group} = currentRoute();
  document.body.dataset.view = view;
  $('conversation-view').hidden = view !== 'conversation';
  $('new-view').hidden = view !== 'new';
  $('placeholder-view').hidden = view !== 'inbox';
  if (!inbox.loaded) refreshInbox().catch((error) => showError('inbox-error', error));
  if (view === 'conversation') {
    openConversation(group).then(() => {
      const scroller = $('scroller');
      scroller.scrollTop = scroller.scrollHeight;
    });
    // Straight to writing on a wide window; on a phone, to the heading (no keyboard popping up).
    if (WIDE.matches) $('composer-text').focus();
    else $('conversation-title').focus();
  } else {
    conversation.group = '';
    markCurrentGroup();
    if (view === 'new') {
      setTitle('New message · Cruddur');
      if (WIDE.matches) $('new-handle').focus();
      else $('new-title').focus();
    } else {
      setTitle('Messages · Cruddur');
    }
  }
}

// ---- pushed updates ----

let live = false;  // the push connection is up
let events = null;
let lastInboxRefresh = 0;

function onMessagePushed(message) {
  const group = message.message_group_uuid;
  if (group === conversation.group && conversation.loaded) {
    announceArrivals(addMessages([message]));
  } else if (message.handle !== session?.handle) {
    announce(`New message in your conversation with ${message.display_name}`);
  }
  // A conversation not loaded yet (a new one, or beyond the loaded pages) comes with the inbox.
  if (!touchGroup(group, message)) refreshInbox({quiet: true}).catch(() => {});
}

function onUnreadPushed({message_group_uuid: uuid, unread}) {
  const group = inbox.groups.find((g) => g.uuid === uuid);
  if (!group) return;
  group.unread = unread;
  renderInbox();
  if (uuid === conversation.group) markRead(uuid);
}

function startEvents() {
  events?.stop();
  events = connectEvents({
    message: onMessagePushed,
    unread: onUnreadPushed,
    reset: () => poll({force: true}),
    live: (connected) => {
      const caughtUp = connected && !live;
      live = connected;
      if (caughtUp) poll({force: true});
    },
  });
}

function stopEvents() {
  events?.stop();
  events = null;
  live = false;
}

// ---- polling ----

let polling = false;

// While pushes arrive (and unless `force`), only the inbox, and only every LIVE_REFRESH_MS.
async function poll({force = false} = {}) {
  if (!session || document.hidden || polling) return;
  if (live && !force && Date.now() - lastInboxRefresh < LIVE_REFRESH_MS) return;
  polling = true;
  try {
    await refreshInbox();
    if (conversation.group && conversation.loaded && (!live || force)) await loadNewestMessages();
  } catch (error) {
    if (session) showError('inbox-error', error);
  } finally {
    polling = false;
  }
}

// ---- start ----

let updateComposer = () => {};

function start() {
  onSessionEnded(signOut);
  $('sign-in-form').addEventListener('submit', signInWithHandle);
  $('token-form').addEventListener('submit', signInWithToken);
  $('sign-out').addEventListener('click', () => signOut());
  $('groups-more').addEventListener('click', () =>
    loadMoreGroups().catch((error) => showError('inbox-error', error)));
  $('older').addEventListener('click', loadOlderMessages);
  $('new-handle').addEventListener('input', lookUpRecipient);
  updateComposer = bindComposer({
    text: $('composer-text'),
    count: $('composer-count'),
    send: $('composer-send'),
    onSend: sendToConversation,
  });
  const updateNewComposer = bindComposer({
    text: $('new-text'),
    count: $('new-count'),
    send: $('new-send'),
    onSend: startConversation,
  });
  // Offline: a banner, and no Send until the connection is back; then everything is fetched
  // again at once.
  const showConnection = () => {
    $('offline').hidden = navigator.onLine;
    updateComposer();
    updateNewComposer();
  };
  window.addEventListener('offline', showConnection);
  window.addEventListener('online', () => {
    showConnection();
    poll();
  });
  showConnection();
  sendOnEnter($('composer-text'));
  bindInboxKeys();
  window.addEventListener('hashchange', route);
  window.addEventListener('storage', (event) => {
    // Signed in or out in another tab.
    if (event.key === SESSION_KEY) {
      reloadSession();
      if (session) startEvents();
      else stopEvents();
      route();
    }
  });
  document.addEventListener('visibilitychange', () => {
    poll();
    if (!document.hidden && conversation.group) markRead(conversation.group);
  });
  setInterval(poll, POLL_MS);
  setInterval(refreshTimes, 30 * 1000);
  if (session) startEvents();
  route();
}

start();
