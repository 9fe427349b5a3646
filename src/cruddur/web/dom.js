// Small DOM helpers of the web UI: elements built from text (never markup), times that tell
// their age, announcements for screen readers, and the composer (a textarea with its counter and
// its send button).

import {MAX_MESSAGE_CHARS, draftState, fullTime, relativeTime, trimMessage} from './text.js';

export const $ = (id) => document.getElementById(id);

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'className') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);  // strings become text, never markup
  return node;
}

export function timeElement(iso) {
  const node = element('time', {datetime: iso, title: fullTime(iso)}, relativeTime(iso));
  return node;
}

export function refreshTimes() {
  for (const node of document.querySelectorAll('time[datetime]')) {
    node.textContent = relativeTime(node.getAttribute('datetime'));
  }
}

export function announce(text) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A new text node, a moment later, so that the same words are announced again.
  setTimeout(() => (announcer.textContent = text), 50);
}

export function showError(id, error) {
  $(id).textContent = error ? error.message || String(error) : '';
}

// The composer: a textarea with its counter and its send button.
export function bindComposer({text, count, send, onSend}) {
  const update = () => {
    const state = draftState(text.value);
    count.textContent = state.over
      ? `${state.length} / ${MAX_MESSAGE_CHARS}: ${state.over} over the limit`
      : `${state.length} / ${MAX_MESSAGE_CHARS}`;
    count.classList.toggle('over', state.over > 0);
    text.setAttribute('aria-invalid', state.over > 0 ? 'true' : 'false');
    // Nothing can be sent while the browser is offline (the banner says so).
    send.disabled = !state.sendable || send.dataset.busy === 'true' || !navigator.onLine;
    return state;
  };
  text.addEventListener('input', update);
  send.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const state = update();
    if (!state.sendable || send.dataset.busy === 'true') return;
    send.dataset.busy = 'true';
    update();
    try {
      if (await onSend(trimMessage(text.value))) text.value = '';
    } finally {
      send.dataset.busy = 'false';
      update();
    }
  });
  update();
  return update;
}

// Enter sends; Shift+Enter is a new line (and so is Enter while an input method composes).
export function sendOnEnter(text) {
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      text.form.requestSubmit();
    }
  });
}
