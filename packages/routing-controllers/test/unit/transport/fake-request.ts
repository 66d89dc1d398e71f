import type { Request } from 'express';

/** Options of {@link fakeRequest}. */
export interface FakeRequestInit {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Record<string, string | string[]>;
  readonly cookies?: Record<string, string>;
  readonly peer?: string;
  readonly isTls?: boolean;
  /** Express's compiled `trust proxy` function. @defaultValue trusts nobody */
  readonly trust?: (address: string, hop: number) => boolean;
}

/** A hand-written stand-in for the parts of an Express request the transport code reads. */
export function fakeRequest(init: FakeRequestInit = {}): Request {
  const settings: Record<string, unknown> = { 'trust proxy fn': init.trust ?? (() => false) };
  return {
    method: init.method ?? 'GET',
    url: init.url ?? '/',
    originalUrl: init.url ?? '/',
    headers: init.headers ?? {},
    cookies: init.cookies ?? {},
    socket: { remoteAddress: init.peer ?? '203.0.113.9', encrypted: init.isTls === true },
    app: { get: (name: string) => settings[name] },
  } as unknown as Request;
}
