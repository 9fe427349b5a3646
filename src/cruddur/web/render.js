// How messages and people look in the web UI: a message's item with its links, the avatars,
// and a conversation's day headings and runs of messages from one sender.

import {$, element, timeElement} from './dom.js';
import {session} from './session.js';
import {GROUP_GAP_MS, avatar, dayLabel, linkSegments, parseTime, sameDay} from './text.js';

// A message's text, with its web addresses as links (rel=noopener; the text stays text).
function messageText(text) {
  return linkSegments(text).map((segment) => segment.url
    ? element('a', {href: segment.url, rel: 'noopener noreferrer', target: '_blank'}, segment.url)
    : segment.text);
}

export function messageItem(message) {
  const mine = message.handle === session?.handle;
  return element(
    'li',
    {className: mine ? 'message mine' : 'message', 'data-uuid': message.uuid,
     'data-handle': message.handle, 'data-time': message.created_at},
    element('div', {className: 'meta'},
            mine ? 'You' : message.display_name, ' · ', timeElement(message.created_at)),
    element('div', {className: 'bubble'}, ...messageText(message.message)),
  );
}

// A person's initials on their colour; decorative, as their name is always beside it.
export function avatarElement(name, handle) {
  const {initials, hue} = avatar(name, handle);
  const node = element('span', {className: 'avatar', 'aria-hidden': 'true'}, initials);
  node.style.setProperty('--hue', String(hue));  // CSSOM: the page's CSP allows no inline style
  return node;
}

// Day headings between days, and one name and time line for a run of messages from one sender
// within a few minutes: recomputed over the whole list after every change to it.
export function decorateMessages() {
  const list = $('messages');
  for (const day of list.querySelectorAll('li.day')) day.remove();
  let previous = null;
  for (const item of list.querySelectorAll('li.message')) {
    const time = parseTime(item.dataset.time);
    const newDay = !previous || !sameDay(previous.time, time);
    if (newDay) {
      list.insertBefore(element('li', {className: 'day'}, dayLabel(item.dataset.time)), item);
    }
    item.classList.toggle('continued', !newDay && previous.handle === item.dataset.handle &&
                                       time - previous.time < GROUP_GAP_MS);
    previous = {time, handle: item.dataset.handle};
  }
}
