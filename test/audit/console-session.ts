import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type request from 'supertest';
import { API, TestHub } from '../support/hub';

export const CONSOLE = `${API}/console`;

export interface ConsoleSession {
  get(path: string): Promise<request.Response>;
  /** A console form post with the session's CSRF token, from `address` (through the trusted loopback proxy). */
  post(path: string, form: Record<string, string>, address?: string): Promise<request.Response>;
}

/** A console session over HTTP, as a browser holds one: the session cookie and the CSRF token its forms carry. */
export async function consoleSession(hub: TestHub, credentials: { username: string; password: string }): Promise<ConsoleSession> {
  const loginCsrf = randomBytes(32).toString('base64url');
  const login = await hub.http().post(`${CONSOLE}/login`).set('cookie', `hub_console_login=${loginCsrf}`).type('form').send({ _csrf: loginCsrf, ...credentials }).redirects(0);
  if (login.status !== 303) throw new Error(`console login answered ${login.status}`);
  const cookie = /hub_console=[^;]+/.exec(String(login.headers['set-cookie']))![0];
  const get = (path: string) => hub.http().get(`${CONSOLE}${path}`).set('cookie', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await get('/profile')).text)![1];
  return {
    get,
    post: (path, form, address = '127.0.0.1') => hub.http().post(`${CONSOLE}${path}`).set('cookie', cookie).set('x-forwarded-for', address).type('form').send({ _csrf: csrf, ...form }).redirects(0),
  };
}

/** A console answer goes out before its audit entry is written: reads until `done` holds (2.5 s at most), then once more. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(50);
  }
  return read();
}
