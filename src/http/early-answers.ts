import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { unstorableRequestText } from '../common/storable-text';

/** A request's id, as its `elements-request-id` header and its log line carry it, whether Fastify or an early answer answers it. */
export function newRequestId(): string {
  return randomUUID();
}

/** A 200 a feature gives for a request before Fastify sees it (see `EarlyAnswers`). */
export interface EarlyAnswer {
  /** The route template the request is known by in logs and metrics, as Fastify would name it. */
  route: string;
  /**
   * Name, value, name, value, ... in the order Fastify would write them; the request id and
   * `content-length` are added here. A list rather than an object: see `EarlyAnswers.answer`.
   */
  headers: readonly string[];
  body: Buffer;
}

/** What was answered early: what the request hooks log and the metrics observe of any answer. */
export interface AnsweredEarly {
  requestId: string;
  method: string;
  url: string;
  route: string;
  status: number;
  /** From the request's arrival to its answer, as `reply.elapsedTime` measures it. */
  elapsedMs: number;
}

/** Answers a plain GET (see `EarlyAnswers`) on its own, or returns undefined to leave it to Fastify. */
export type EarlyAnswerer = (request: IncomingMessage) => EarlyAnswer | undefined;

/**
 * Answers served before Fastify routes the request: for the hub's cached reads, where Fastify's
 * own per-request work (its request and reply objects, routing, hooks, child logger) is most of
 * what a hit costs (docs/benchmarks.md, Cache). Only the plainest requests qualify: a GET with no
 * body, no `Origin` (CORS answers differ), no percent-escape in the URL (a `%00` would decode to a
 * NUL) and nothing unstorable in its headers; everything else, and whatever the answerer leaves,
 * goes to Fastify as before. An early answer carries what Fastify's would (the request id first,
 * then what every answer carries, `alsoSend`) and is logged and counted as one (`observe`).
 * After `fastify.close()` begins, nothing is answered early: Fastify's own 503s take over.
 */
export class EarlyAnswers {
  private answerer?: EarlyAnswerer;
  private readonly observers: Array<(answered: AnsweredEarly) => void> = [];
  /** Name, value, ...: see `alsoSend`. */
  private readonly everyAnswer: string[] = [];
  private closing = false;

  constructor(fastify: FastifyInstance) {
    const server = fastify.server;
    const listeners = server.listeners('request');
    // Fastify's request handler is the server's one listener when the app is built.
    if (listeners.length !== 1) throw new Error(`Expected Fastify's one request listener on the server, found ${listeners.length}`);
    const fastifyHandler = listeners[0] as (request: IncomingMessage, response: ServerResponse) => void;
    server.removeListener('request', fastifyHandler);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!this.answer(request, response)) fastifyHandler(request, response);
    });
    fastify.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }

  /** The one feature that answers early (the hub's response cache). */
  answerWith(answerer: EarlyAnswerer): void {
    if (this.answerer) throw new Error('Only one early answerer can be set');
    this.answerer = answerer;
  }

  /** A header an `onRequest` hook gives every answer (CORS's `vary: Origin`), which early answers then carry too, in hook order. */
  alsoSend(name: string, value: string): void {
    // A name given again takes its new value, as an object's key would.
    for (let i = 0; i < this.everyAnswer.length; i += 2) if (this.everyAnswer[i] === name) return void (this.everyAnswer[i + 1] = value);
    this.everyAnswer.push(name, value);
  }

  /** Hears of every early answer, as an `onResponse` hook hears of Fastify's. */
  observe(observer: (answered: AnsweredEarly) => void): void {
    this.observers.push(observer);
  }

  private answer(request: IncomingMessage, response: ServerResponse): boolean {
    const start = performance.now();
    if (!this.answerer || this.closing || !isPlain(request)) return false;
    const answer = this.answerOf(request);
    if (!answer) return false;
    const requestId = newRequestId();
    // Headers as one flat list, which Node writes as given: objects built per answer from spreads
    // of others cost a hit more, the more so once V8's memory reducer has run on an idle hub
    // (docs/benchmarks.md, Cache).
    response.writeHead(200, ['elements-request-id', requestId, ...this.everyAnswer, ...answer.headers, 'content-length', String(answer.body.length)]);
    response.end(answer.body);
    const answered = { requestId, method: 'GET', url: request.url!, route: answer.route, status: 200, elapsedMs: performance.now() - start };
    for (const observer of this.observers) observer(answered);
    return true;
  }

  /**
   * The answerer's answer; a throw (a fault in it: it refuses nothing) leaves the request to
   * Fastify, whose route answers it the usual way and reports what goes wrong there too, rather
   * than losing the process to an exception thrown from the server's listener.
   */
  private answerOf(request: IncomingMessage): EarlyAnswer | undefined {
    try {
      return this.answerer!(request);
    } catch {
      return undefined;
    }
  }
}

function isPlain(request: IncomingMessage): boolean {
  const headers = request.headers;
  return (
    request.method === 'GET' &&
    headers['content-length'] === undefined &&
    headers['transfer-encoding'] === undefined &&
    headers.origin === undefined &&
    !request.url!.includes('%') &&
    unstorableRequestText({ params: undefined, query: undefined, headers }) === undefined
  );
}

const installed = new WeakMap<FastifyInstance, EarlyAnswers>();

/** The server's early answers, set up on first use (before the server listens). */
export function earlyAnswersOf(fastify: FastifyInstance): EarlyAnswers {
  let answers = installed.get(fastify);
  if (!answers) installed.set(fastify, (answers = new EarlyAnswers(fastify)));
  return answers;
}
