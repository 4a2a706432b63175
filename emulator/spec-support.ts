import { createHash, randomBytes } from 'node:crypto';
import { FormData, fetch } from 'undici';
import type { RunningEmulator } from './index';

/** Helpers for the emulator's own specs: plain HTTP as a client of Webex would speak it. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(url: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json), redirect: 'manual' });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers as unknown as Headers, body: body as T };
}

/** A Webex client bound to one token. */
export function client(emu: RunningEmulator, token: string) {
  const url = (path: string) => (path.startsWith('http') ? path : `${emu.baseUrl}${path}`);
  return {
    get: <T = any>(path: string) => call<T>(url(path), { token }),
    post: <T = any>(path: string, json: unknown) => call<T>(url(path), { method: 'POST', token, json }),
    put: <T = any>(path: string, json: unknown) => call<T>(url(path), { method: 'PUT', token, json }),
    del: <T = any>(path: string) => call<T>(url(path), { method: 'DELETE', token }),
  };
}

export type Client = ReturnType<typeof client>;

/** A file part of a multipart body. */
export interface FilePart {
  name?: string;
  filename: string;
  type: string;
  data: Buffer;
}

/** `POST` as `multipart/form-data`: text fields, then file parts (under `files` unless named). */
export async function postMultipart(url: string, token: string, fields: Record<string, string>, files: FilePart[] = []): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append(file.name ?? 'files', new Blob([file.data], { type: file.type }), file.filename);
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  const body = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers as unknown as Headers, body };
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers as unknown as Headers, body: json };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Client credentials of the seeded integration and its first redirect URI. */
export function seeded(emu: RunningEmulator) {
  return { client_id: emu.options.clientId, client_secret: emu.options.clientSecret, redirect_uri: emu.options.redirectUris[0] };
}

/** Runs the whole grant through the control API: a person, a code, and the tokens for it. */
export async function tokensFor(emu: RunningEmulator, email: string, scope = 'spark:all spark:kms') {
  const creds = seeded(emu);
  const { code } = emu.authorize({ clientId: creds.client_id, redirectUri: creds.redirect_uri, scope, state: 's', email });
  const answer = await postForm(`${emu.baseUrl}/access_token`, { grant_type: 'authorization_code', code, ...creds });
  if (answer.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(answer.body)}`);
  return answer.body as { access_token: string; refresh_token: string; expires_in: number; refresh_token_expires_in: number };
}
