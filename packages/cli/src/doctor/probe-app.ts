import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RoutePolicy } from '@bulwark/core';
import { inProduction, type DoctorContext } from './doctor-context';
import type { Finding } from './finding';

const FOREIGN_ORIGIN = 'https://doctor-probe.invalid';
const STACK_LINE = /\bat [^\n]*\(?[^\s()]+:\d+:\d+\)?/;
const TIMEOUT_MS = 5000;

/**
 * Sends the app a few requests on a loopback port, as a client would, and checks the answers:
 * a CORS preflight from a foreign origin, plain HTTP in production, and error bodies.
 *
 * @param context - The doctor context; needs `app` in the handle.
 * @returns Findings.
 */
export async function probeApp(context: DoctorContext): Promise<Finding[]> {
  const listener = context.handle.app;
  if (listener === undefined) {
    return context.isProduction
      ? [
          {
            id: 'probe.unavailable',
            severity: 'medium',
            title: 'HTTPS and CORS were not tested: app() returned no request handler',
            reason:
              'The doctor tests what clients see by sending requests to the app; without the handler it cannot.',
            fix: 'Return { app, bulwark, close } from app() in bulwark.config, where app is the Express app.',
          },
        ]
      : [];
  }
  const { server, url } = await listen(listener);
  try {
    const path = samplePath(context.handle.bulwark.policies);
    return [
      ...(await probeCors(url + path)),
      ...(await probeHttps(context, url + path)),
      ...(await probeErrors(context, url)),
    ];
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function listen(listener: RequestListener): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = createServer(listener);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

function samplePath(policies: readonly RoutePolicy[]): string {
  const route =
    policies.find((p) => p.method === 'GET' && p.isPublic) ??
    policies.find((p) => p.method === 'GET');
  return route === undefined ? '/' : route.path.replace(/:\w+/g, 'doctor-probe');
}

async function request(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
}

async function probeCors(url: string): Promise<Finding[]> {
  const response = await request(url, {
    method: 'OPTIONS',
    headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'GET' },
  });
  const origin = response.headers.get('access-control-allow-origin');
  const credentials = response.headers.get('access-control-allow-credentials') === 'true';
  if ((origin === '*' || origin === FOREIGN_ORIGIN) && credentials) {
    return [
      {
        id: 'cors.wildcard-credentials',
        severity: 'high',
        title: 'CORS lets any origin make credentialed requests (seen in a preflight answer)',
        reason: `A preflight from ${FOREIGN_ORIGIN} was answered with Access-Control-Allow-Origin: ${origin} and credentials allowed: any page a user visits can act with their session.`,
        fix: "Remove CORS middleware that reflects the origin; use Bulwark's cors option with an exact origin list.",
      },
    ];
  }
  if (origin === FOREIGN_ORIGIN) {
    return [
      {
        id: 'cors.reflected-origin',
        severity: 'medium',
        title: 'CORS reflects any origin',
        reason: `A preflight from ${FOREIGN_ORIGIN} was allowed: every website can read the API's answers from a browser.`,
        fix: "Use an exact origin list in Bulwark's cors option.",
      },
    ];
  }
  return [];
}

async function probeHttps(context: DoctorContext, url: string): Promise<Finding[]> {
  if (!context.isProduction || context.project.config.deployment?.httpsEnforcedBy === 'proxy')
    return [];
  const response = await request(url);
  const location = response.headers.get('location') ?? '';
  const isRedirected =
    response.status >= 300 && response.status < 400 && location.startsWith('https:');
  const body = isRedirected ? '' : await response.text();
  if (isRedirected || body.includes('ERR_HTTPS_REQUIRED')) return [];
  return [
    {
      id: 'https.not-enforced',
      severity: 'high',
      title: `HTTPS is not enforced in production: plain HTTP got ${response.status}`,
      reason:
        'Over plain HTTP, tokens, passwords and data cross the network readable and changeable by anyone on the path.',
      fix: "Make the app refuse or redirect plain HTTP in production, or terminate TLS at a proxy that does and declare deployment: { httpsEnforcedBy: 'proxy' } in bulwark.config (with trustedProxies set).",
    },
  ];
}

async function probeErrors(context: DoctorContext, url: string): Promise<Finding[]> {
  const post = context.handle.bulwark.policies.find((p) => p.method === 'POST');
  const answers = [await request(`${url}/__bulwark-doctor-probe__/missing`)];
  if (post !== undefined) {
    answers.push(
      await request(url + post.path.replace(/:\w+/g, 'doctor-probe'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"doctor": ',
      }),
    );
  }
  for (const answer of answers) {
    const body = await answer.text();
    if (STACK_LINE.test(body) || /"stack"\s*:/.test(body)) {
      return [
        {
          id: 'errors.leak',
          severity: inProduction(context, 'high', 'low'),
          title: `An error answer (status ${answer.status}) carries a stack trace`,
          reason:
            'Stack traces in responses reveal file paths, library versions and code structure.',
          fix: 'Turn off exposeStackTraces and any error handler that serializes errors; Bulwark answers with problem+json only.',
        },
      ];
    }
  }
  return [];
}
