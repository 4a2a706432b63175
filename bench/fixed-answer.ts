import { createServer } from 'node:http';

/** What `fixed-answer` sends: a 200's headers (as `fetch` read them: names in lower case, sorted) and its body. */
export interface FixedAnswer {
  headers: Record<string, string>;
  body: string;
}

/**
 * The floor under any Node server on this machine: `node:http` answering every request with the
 * same 200, its headers and body given, nothing computed, checked or logged. As a process of its
 * own: `node fixed-answer.js` with PORT, HOST and ANSWER (a `FixedAnswer` as JSON).
 */
function serve(answer: FixedAnswer, port: number, host: string): void {
  const body = Buffer.from(answer.body);
  const headers = { ...answer.headers, 'content-length': String(body.length) };
  createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  }).listen(port, host);
}

if (require.main === module) serve(JSON.parse(process.env.ANSWER!) as FixedAnswer, Number(process.env.PORT), process.env.HOST!);
