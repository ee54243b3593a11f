import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';

/** The part of a response the checker reads: status, headers and, for some errors, the start of the body. */
export interface HopResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Up to `maxBodyBytes` of the body, as UTF-8, when a GET got a 4xx or 5xx status; '' otherwise. */
  bodyStart: string;
}

export interface RequestSettings {
  method: 'HEAD' | 'GET';
  headers: Record<string, string>;
  timeoutMs: number;
  maxBodyBytes: number;
  lookup: LookupFunction;
  agents: { http: http.Agent; https: https.Agent };
  signal?: AbortSignal;
}

/** A request that got no complete response in time. */
export class RequestTimeoutError extends Error {
  readonly code = 'ERR_LINK_TIMEOUT';

  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * Sends one request without following redirects. A GET is closed as soon as
 * the headers arrive, or after `maxBodyBytes` of an error page, so a large
 * document is never downloaded. The timeout covers connecting, the headers and
 * that part of the body.
 */
export function sendRequest(url: URL, settings: RequestSettings): Promise<HopResponse> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? settings.agents.https : settings.agents.http;
    let settled = false;
    let responded = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const options: http.RequestOptions = { method: settings.method, headers: settings.headers, lookup: settings.lookup, agent };
    if (settings.signal) options.signal = settings.signal;
    const request = transport.request(url, options, (response) => {
      responded = true;
      const status = response.statusCode ?? 0;
      const headers = response.headers;
      if (settings.method === 'HEAD') {
        response.resume();
        settle(() => resolve({ status, headers, bodyStart: '' }));
        return;
      }
      if (status < 400) {
        response.destroy();
        settle(() => resolve({ status, headers, bodyStart: '' }));
        return;
      }
      readBodyStart(response, settings.maxBodyBytes, (bodyStart) => settle(() => resolve({ status, headers, bodyStart })));
    });
    const timer = setTimeout(() => request.destroy(new RequestTimeoutError(settings.timeoutMs)), settings.timeoutMs);
    // After the headers, an error only cuts the body short, and readBodyStart settles.
    request.on('error', (error) => {
      if (!responded) settle(() => reject(error));
    });
    request.end();
  });
}

// Calls `done` once with the first `maxBytes` of the body, then closes the
// response. When an error or the timeout cuts the body short, `done` gets what
// arrived.
function readBodyStart(response: http.IncomingMessage, maxBytes: number, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    if (!response.complete) response.destroy();
    done(Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'));
  };
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= maxBytes) finish();
  });
  response.on('end', finish);
  response.on('close', finish);
  response.on('error', finish);
}
