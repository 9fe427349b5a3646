// The live updates of GET /api/events (docs/API.md): Server-Sent Events read with fetch, so that
// the access token goes in the Authorization header as for every other call (EventSource cannot
// send one). A dropped connection is made again with Last-Event-ID, so the server replays what was
// missed (or says `reset`), waiting longer after each failure, up to 10 s. A connection silent for
// longer than three heartbeats is taken for dead.

import {api, session} from './session.js';

const SILENT_MS = 45 * 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// `handlers`: {message(data), unread(data), reset(), live(connected)}. Returns {stop()}.
export function connectEvents(handlers) {
  let lastId = '';
  let stopped = false;
  let controller = null;

  // Calls the handler of one event; `reset` (and an unknown kind) carries no data worth reading.
  function dispatch(kind, data) {
    if (kind === 'reset') return handlers.reset();
    const handler = handlers[kind];
    if (!handler) return;
    try {
      handler(JSON.parse(data));
    } catch {
      // An event the page cannot read is skipped; the next refresh brings the truth.
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let kind = '';
    let data = [];
    let silence = setTimeout(() => controller.abort(), SILENT_MS);
    try {
      for (;;) {
        const {value, done} = await reader.read();
        if (done) return;
        clearTimeout(silence);
        silence = setTimeout(() => controller.abort(), SILENT_MS);
        buffer += value;
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop();  // an unfinished line waits for the rest
        for (const line of lines) {
          if (line === '') {
            if (data.length) dispatch(kind || 'message', data.join('\n'));
            kind = '';
            data = [];
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'event') kind = value;
            else if (name === 'data') data.push(value);
            else if (name === 'id') lastId = value;
          }
        }
      }
    } finally {
      clearTimeout(silence);
    }
  }

  async function run() {
    let wait = 500;
    while (!stopped && session) {
      controller = new AbortController();
      try {
        const headers = {Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream'};
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch('/api/events', {headers, signal: controller.signal});
        if (response.ok && response.body) {
          handlers.live(true);
          wait = 500;
          await read(response.body);
        } else if (response.status === 401) {
          // Through the session: a development token is renewed, else the session ends.
          await api('/api/message_groups').catch(() => {});
        } else if (response.status === 429) {
          wait = 30 * 1000;  // this user's streams are all taken (many tabs): poll meanwhile
        }
      } catch {
        // Unreachable, or aborted: try again below.
      }
      handlers.live(false);
      if (stopped) break;
      await sleep(wait);
      wait = Math.min(wait * 2, 10 * 1000);
    }
  }

  run();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
