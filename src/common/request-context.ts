import { AsyncLocalStorage } from 'node:async_hooks';

/** The request being served, so log lines and error bodies anywhere can carry its id. */
export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
