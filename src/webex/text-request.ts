import { Dispatcher, util } from 'undici';

export interface TextResponse {
  statusCode: number;
  /** Lower-cased names; a repeated header is an array. */
  headers: Record<string, string | string[]>;
  body: string;
}

export interface TextRequest {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
}

/**
 * An HTTP exchange whose answer is read whole, as text: what every Webex call needs. It goes
 * straight to the dispatcher with a handler that collects the chunks, rather than through
 * undici's `request()`, whose body stream (a Node Readable per response, then consumed) cost
 * a hub call about a fifth of its CPU time (docs/benchmarks.md, Hub proxy). It fails with
 * the same undici errors (timeouts, connection errors) as `request()`.
 */
export function requestText(dispatcher: Dispatcher, url: string, request: TextRequest): Promise<TextResponse> {
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  const origin = pathStart === -1 ? url : url.slice(0, pathStart);
  const path = pathStart === -1 ? '/' : url.slice(pathStart);
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: Buffer[] = [];
    const chunks: Buffer[] = [];
    dispatcher.dispatch(
      { origin, path, method: request.method, headers: request.headers, body: request.body },
      {
        onConnect: () => undefined,
        onHeaders: (status, rawHeaders) => {
          statusCode = status;
          headers = rawHeaders;
          return true;
        },
        onData: (chunk) => {
          chunks.push(chunk);
          return true;
        },
        onComplete: () => {
          const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
          resolve({ statusCode, headers: util.parseHeaders(headers), body });
        },
        onError: reject,
      },
    );
  });
}
