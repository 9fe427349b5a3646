// The text rules of the web UI, kept free of the DOM so that they can be tested on their own.
// The composer counts and trims exactly as the API does (docs/API.md): code points after trimming
// ASCII white space.

export const MAX_MESSAGE_CHARS = 1024;

const EDGE_SPACE = /^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g;

export function trimMessage(text) {
  return text.replace(EDGE_SPACE, '');
}

export function codePoints(text) {
  let count = 0;
  for (const _ of text) count++;  // iterates by code point, not UTF-16 unit
  return count;
}

// As the API decides (docs/API.md): a message of only white space and invisible format
// characters is blank; control characters other than newline and tab are refused.
const INVISIBLE = /^[\t-\r \u0085\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u2060-\u2064\u2066-\u2069\u3000\ufeff]*$/u;
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

// What the composer shows and allows for a draft.
export function draftState(text) {
  const trimmed = trimMessage(text);
  const length = codePoints(trimmed);
  const blank = INVISIBLE.test(trimmed);
  const invalid = FORBIDDEN_CONTROL.test(trimmed);
  return {
    length,
    blank,
    invalid,
    over: Math.max(0, length - MAX_MESSAGE_CHARS),
    sendable: !blank && !invalid && length <= MAX_MESSAGE_CHARS,
  };
}

// "@Bayko " -> "Bayko": the handle as typed, without the @ people add out of habit.
export function normalizeHandle(input) {
  return input.trim().replace(/^@+/, '').trim();
}

// The API's times carry microseconds ("2026-11-25T22:11:26.123456+00:00"); Date wants at most
// milliseconds.
export function parseTime(iso) {
  return new Date(String(iso).replace(/(\.\d{3})\d+/, '$1'));
}

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date.
export function relativeTime(iso, now = Date.now(), locale = undefined) {
  const time = parseTime(iso);
  if (Number.isNaN(time.getTime())) return '';
  const age = now - time.getTime();
  if (age < 45 * 1000) return 'just now';
  if (age < HOUR) return `${Math.max(1, Math.round(age / MINUTE))} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  if (age < 2 * DAY) return 'yesterday';
  if (age < 7 * DAY) return `${Math.floor(age / DAY)} days ago`;
  const sameYear = time.getFullYear() === new Date(now).getFullYear();
  return time.toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : {year: 'numeric'}),
  });
}

// Whether two times fall on the same local day.
export function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
         a.getDate() === b.getDate();
}

// The heading of a day in a conversation: "Today", "Yesterday", else the date.
export function dayLabel(iso, now = Date.now(), locale = undefined) {
  const time = parseTime(iso);
  if (Number.isNaN(time.getTime())) return '';
  const today = new Date(now);
  if (sameDay(time, today)) return 'Today';
  if (sameDay(time, new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1))) {
    return 'Yesterday';
  }
  return time.toLocaleDateString(locale, {
    weekday: 'long', month: 'long', day: 'numeric',
    ...(time.getFullYear() === today.getFullYear() ? {} : {year: 'numeric'}),
  });
}

// Messages from one sender this close together share one name and time line.
export const GROUP_GAP_MS = 5 * MINUTE;

// A message's text cut into plain text and web addresses (http and https only), so that the
// addresses can be shown as links while everything stays text: [{text}, {url}, ...]. Closing
// punctuation after an address is left out of it.
export function linkSegments(text) {
  const segments = [];
  const pattern = /https?:\/\/[^\s<>"]+/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const url = match[0].replace(/[.,;:!?)\]'}]+$/, '');
    if (match.index > at) segments.push({text: text.slice(at, match.index)});
    segments.push({url});
    at = match.index + url.length;
  }
  if (at < text.length) segments.push({text: text.slice(at)});
  return segments;
}

const AVATAR_HUES = [0, 200, 45, 250, 140, 300, 25, 220, 170, 275, 345, 100];

// An avatar: up to two initials of the name (else the handle) on a hue derived from the handle,
// so that a person keeps their colour everywhere.
export function avatar(name, handle) {
  const words = String(name || handle || '?').trim().split(/\s+/).filter(Boolean);
  const initials = words.length > 1 ? [...words[0]][0] + [...words[words.length - 1]][0]
                                    : [...(words[0] || '?')].slice(0, 2).join('');
  // FNV-1a over the handle picks one of twelve hues, ordered so that neighbours differ.
  let hash = 2166136261;
  for (const c of String(handle || name || '')) {
    hash = Math.imul(hash ^ c.codePointAt(0), 16777619) >>> 0;
  }
  return {initials: initials.toUpperCase(), hue: AVATAR_HUES[hash % AVATAR_HUES.length]};
}

// The whole date and time, for a tooltip.
export function fullTime(iso, locale = undefined) {
  const time = parseTime(iso);
  if (Number.isNaN(time.getTime())) return '';
  return time.toLocaleString(locale, {dateStyle: 'medium', timeStyle: 'short'});
}

const ERROR_TEXT = {
  message_blank: 'Write a message first.',
  message_invalid_characters: 'A message cannot hold control characters.',
  message_exceed_max_chars_1024: `A message holds at most ${MAX_MESSAGE_CHARS} characters.`,
  message_group_uuid_blank: 'Choose a conversation.',
  user_receiver_handle_blank: 'Say whom the message is for.',
  cannot_message_self: 'You cannot send a message to yourself.',
};

// A failed request as a sentence for the person using the page.
export function describeError(status, body) {
  if (status === 422 && Array.isArray(body)) {
    return body.map((code) => ERROR_TEXT[code] ?? code).join(' ');
  }
  if (status === 0) return 'The server cannot be reached. Check your connection and try again.';
  if (status === 403) return 'You are not a member of this conversation.';
  if (status === 404) {
    const detail = body && typeof body.error === 'string' ? body.error : 'not found';
    return detail.startsWith('no such user') ? `There is ${detail}.` : `Not found: ${detail}.`;
  }
  if (status === 503) return "Cruddur can't reach its database right now. Try again in a moment.";
  const detail = body && typeof body.error === 'string' ? `: ${body.error}` : '';
  return `Something went wrong (HTTP ${status}${detail}).`;
}
