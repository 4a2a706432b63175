import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, errors } from 'undici';
import { requestText } from './text-request';

describe('requestText', () => {
  let server: Server;
  let origin: string;
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  const agent = new Agent({ headersTimeout: 300 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => handler(req, res, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, path with query, headers and body, and reads status, headers and a body that came in pieces', async () => {
    handler = (req, res, body) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] });
      // "é" split across two writes: the text is decoded once whole.
      const answer = Buffer.from(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body, word: 'café' }));
      res.write(answer.subarray(0, answer.length - 4));
      setTimeout(() => res.end(answer.subarray(answer.length - 4)), 20);
    };

    const sut = await requestText(agent, `${origin}/v1/rooms?max=2`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{"title":"x"}' });

    expect(sut.statusCode).toBe(201);
    expect(sut.headers['content-type']).toBe('application/json');
    expect(sut.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(JSON.parse(sut.body)).toEqual({ method: 'POST', url: '/v1/rooms?max=2', auth: 'Bearer t', body: '{"title":"x"}', word: 'café' });
  });

  it('reads an empty body as empty text', async () => {
    handler = (_req, res) => res.writeHead(204).end();

    const sut = await requestText(agent, `${origin}/v1/messages/x`, { method: 'DELETE', headers: {} });

    expect(sut).toEqual({ statusCode: 204, headers: expect.any(Object), body: '' });
  });

  it("fails with undici's own errors: a headers timeout, a refused connection", async () => {
    handler = () => undefined; // never answers
    await expect(requestText(agent, `${origin}/slow`, { method: 'GET', headers: {} })).rejects.toBeInstanceOf(errors.HeadersTimeoutError);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(requestText(agent, `http://127.0.0.1:${port}/`, { method: 'GET', headers: {} })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
