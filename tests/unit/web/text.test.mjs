// The web UI's text rules (src/cruddur/web/text.js): the same counting and trimming as the API.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  MAX_MESSAGE_CHARS,
  avatar,
  codePoints,
  dayLabel,
  describeError,
  draftState,
  linkSegments,
  normalizeHandle,
  parseTime,
  relativeTime,
  trimMessage,
} from '../../../src/cruddur/web/text.js';

test('trims ASCII white space only, as the API does', () => {
  assert.equal(trimMessage(' \t\r\n\f\vhi there\n '), 'hi there');
  assert.equal(trimMessage('\u00a0x\u3000'), '\u00a0x\u3000');  // only ASCII space is trimmed, as the API trims
  assert.equal(trimMessage('   '), '');
});

test('counts code points, not UTF-16 units', () => {
  assert.equal(codePoints('abc'), 3);
  assert.equal(codePoints('🙂🙂'), 2);
  assert.equal('🙂🙂'.length, 4);
  assert.equal(codePoints('e\u0301'), 2);  // a combining accent is its own code point
  assert.equal(codePoints('\ud800'), 1);   // a lone surrogate becomes one U+FFFD on the wire
});

test('a draft is sendable when it holds 1 to 1024 characters after trimming', () => {
  assert.deepEqual(draftState(''),
                   {length: 0, blank: true, invalid: false, over: 0, sendable: false});
  assert.deepEqual(draftState(' \n '),
                   {length: 0, blank: true, invalid: false, over: 0, sendable: false});
  assert.equal(draftState('x'.repeat(MAX_MESSAGE_CHARS)).sendable, true);
  assert.equal(draftState(`  ${'x'.repeat(MAX_MESSAGE_CHARS)}\n`).sendable, true);
  assert.deepEqual(draftState('x'.repeat(MAX_MESSAGE_CHARS + 3)),
                   {length: 1027, blank: false, invalid: false, over: 3, sendable: false});
  assert.equal(draftState('🙂'.repeat(MAX_MESSAGE_CHARS)).sendable, true);
  assert.equal(draftState('🙂'.repeat(MAX_MESSAGE_CHARS + 1)).sendable, false);
});

test('handles lose the @ and the spaces people type', () => {
  assert.equal(normalizeHandle('  @londo '), 'londo');
  assert.equal(normalizeHandle('@@ bayko'), 'bayko');
  assert.equal(normalizeHandle('andrewbrown'), 'andrewbrown');
  assert.equal(normalizeHandle(' @ '), '');
});

test('reads the API\'s microsecond times', () => {
  assert.equal(parseTime('2026-11-25T22:11:26.123456+00:00').toISOString(),
               '2026-11-25T22:11:26.123Z');
  assert.equal(parseTime('2026-11-25T22:11:26+00:00').toISOString(), '2026-11-25T22:11:26.000Z');
  assert.ok(Number.isNaN(parseTime('not a time').getTime()));
});

test('relative times, from just now to a date', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const ago = (ms) => new Date(now - ms).toISOString().replace('Z', '000+00:00');
  const minute = 60 * 1000, hour = 60 * minute, day = 24 * hour;
  assert.equal(relativeTime(ago(10 * 1000), now), 'just now');
  assert.equal(relativeTime(ago(-5 * 1000), now), 'just now');  // a clock a little ahead
  assert.equal(relativeTime(ago(50 * 1000), now), '1 min ago');
  assert.equal(relativeTime(ago(59 * minute), now), '59 min ago');
  assert.equal(relativeTime(ago(3 * hour + 5 * minute), now), '3 h ago');
  assert.equal(relativeTime(ago(30 * hour), now), 'yesterday');
  assert.equal(relativeTime(ago(4 * day), now), '4 days ago');
  assert.equal(relativeTime('2026-03-03T12:00:00.000000+00:00', now, 'en-US'), 'Mar 3');
  assert.equal(relativeTime('2025-03-03T12:00:00.000000+00:00', now, 'en-US'), 'Mar 3, 2025');
  assert.equal(relativeTime('garbage', now), '');
});

test('API errors read as sentences', () => {
  assert.equal(describeError(422, ['message_blank', 'cannot_message_self']),
               'Write a message first. You cannot send a message to yourself.');
  assert.equal(describeError(422, ['message_exceed_max_chars_1024']),
               'A message holds at most 1024 characters.');
  assert.equal(describeError(404, {error: 'no such user: @x'}), 'There is no such user: @x.');
  assert.equal(describeError(404, {error: 'no such conversation'}),
               'Not found: no such conversation.');
  assert.equal(describeError(403, {error: 'not a member of this conversation'}),
               'You are not a member of this conversation.');
  assert.equal(describeError(500, null), 'Something went wrong (HTTP 500).');
  assert.match(describeError(0, null), /cannot be reached/);
});

test('white space and invisible characters alone are blank; control characters are refused', () => {
  for (const text of ['\u200b', '\u3000\u00a0', '\ufeff\u2060 \u200d', '\u00ad']) {
    assert.equal(draftState(text).blank, true, JSON.stringify(text));
    assert.equal(draftState(text).sendable, false, JSON.stringify(text));
  }
  assert.equal(draftState('a\u200b').sendable, true);
  assert.equal(draftState('line one\nline two\tend').sendable, true);
  for (const text of ['a\u0000b', 'bell\u0007', 'a\rb', 'del\u007f', 'c1\u0085x']) {
    assert.equal(draftState(text).invalid, true, JSON.stringify(text));
    assert.equal(draftState(text).sendable, false, JSON.stringify(text));
  }
});

test('a database outage is told in words a user understands', () => {
  assert.equal(describeError(503, {error: 'the messages table is unavailable: NetworkError'}),
               "Cruddur can't reach its database right now. Try again in a moment.");
});

test('web addresses become links; the rest stays text', () => {
  assert.deepEqual(linkSegments('see https://example.com/a?b=1. or (http://x.y)'), [
    {text: 'see '}, {url: 'https://example.com/a?b=1'}, {text: '. or ('}, {url: 'http://x.y'},
    {text: ')'}]);
  assert.deepEqual(linkSegments('javascript:alert(1) ftp://x'), [{text: 'javascript:alert(1) ftp://x'}]);
  assert.deepEqual(linkSegments('no links'), [{text: 'no links'}]);
});

test('days are headed Today, Yesterday, then by date', () => {
  const now = new Date(2026, 11, 5, 12, 0).getTime();
  assert.equal(dayLabel(new Date(2026, 11, 5, 1, 0).toISOString(), now), 'Today');
  assert.equal(dayLabel(new Date(2026, 11, 4, 23, 0).toISOString(), now), 'Yesterday');
  assert.equal(dayLabel(new Date(2026, 10, 30, 9, 0).toISOString(), now, 'en-US'), 'Monday, November 30');
  assert.equal(dayLabel(new Date(2025, 0, 2, 9, 0).toISOString(), now, 'en-US'),
               'Thursday, January 2, 2025');
});

test('an avatar is two initials on a colour of the handle, the same every time', () => {
  assert.deepEqual(avatar('Andrew Brown', 'andrewbrown'), avatar('Andrew Brown', 'andrewbrown'));
  assert.equal(avatar('Andrew Brown', 'andrewbrown').initials, 'AB');
  assert.equal(avatar('Londo', 'londo').initials, 'LO');
  assert.equal(avatar('', 'bayko').initials, 'BA');
  assert.notEqual(avatar('A', 'andrewbrown').hue, avatar('A', 'bayko').hue);
});
