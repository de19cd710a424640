import { ApiError } from './api.js';
import { getToken } from './auth.js';

/**
 * Reads a server-sent event stream with fetch() rather than EventSource: EventSource cannot send
 * an Authorization header, and putting the admin token in the URL would write it into access logs
 * and browser history. Resolves when the server ends the stream; rejects on errors and aborts.
 * @param {string} url
 * @param {{signal: AbortSignal, onOpen?: () => void, onEvent: (event: {id: string | null, type: string, data: string}) => void}} options
 */
export async function readEventStream(url, { signal, onOpen, onEvent }) {
  const response = await fetch(url, {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${getToken() ?? ''}` },
    cache: 'no-store',
    signal,
  });
  if (!response.ok || !response.body) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not a problem document
    }
    throw new ApiError(response.status, problem);
  }

  onOpen?.();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) onEvent(event);
    }
  }
}

function parseBlock(block) {
  let id = null;
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue; // comments are the server's keep-alives
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { id, type, data: data.join('\n') } : null;
}
