import type { TargetRoute, TargetScheme } from '../target/probe-target';
import { isAccepted, objectsOf, type Actor } from '../engine/actors';
import { AUTHN_CODES, judge } from '../engine/judge';
import type { ProbeSession } from '../engine/probe-session';
import type { CheckId } from '../engine/results';
import {
  confusedTokens,
  expiredToken,
  tamperedToken,
  unsignedTokens,
  wrongKeyToken,
  type DecodedJwt,
  type ForgedToken,
} from '../values/forge-jwt';
import { baselineBody, pathOf, requiredQuery, withQuery } from '../values/request-shapes';

/** The forged tokens of the run, each with the check it belongs to (see {@link forgeTokens}). */
export type ForgedTokens = ReadonlyArray<readonly [CheckId, ForgedToken]>;

/**
 * Attacks a route's authentication: no credential, a credential of a scheme the route does not
 * take, unsigned, foreign-key, tampered, algorithm-confused and expired tokens, and revoked API
 * keys. Each must be answered 401 with a `WWW-Authenticate` challenge. Forged tokens reuse real
 * claims, so only the defect the forgery adds can make the app refuse them.
 *
 * @param session - The run.
 * @param route - A route that is not public.
 * @param forged - The run's forged tokens.
 */
export async function checkAuthentication(
  session: ProbeSession,
  route: TargetRoute,
  forged: ForgedTokens,
): Promise<void> {
  if (route.isPublic) return;
  const attempt = attemptFor(session, route);
  if (attempt === null) {
    const reason = 'no request path could be made from the schema';
    session.book.skip(route, 'authn.no-credentials', reason);
    return;
  }
  await attempt('authn.no-credentials', 'no credential', {});
  const kinds = new Set<string>();
  for (const actor of session.actors) {
    if (isAccepted(route, actor) || kinds.has(actor.principal.credential.kind)) continue;
    kinds.add(actor.principal.credential.kind);
    const attack = `${actor.name}'s credential of a scheme the route does not take`;
    await attempt('authn.unaccepted-scheme', attack, {}, actor);
  }
  const schemes = session.target.schemes.filter((s) => route.schemes.includes(s.name));
  if (schemes.some((s) => s.kind === 'bearer')) {
    for (const [check, token] of forged) {
      await attempt(check, `token ${token.label}`, { authorization: `Bearer ${token.token}` });
    }
    for (const [check, reason] of MISSING) {
      if (!forged.some(([c]) => c === check)) session.book.skip(route, check, reason);
    }
  }
  const apiKey = schemes.find((s) => s.kind === 'api-key' && s.in !== 'query');
  if (apiKey !== undefined) await attackRevokedKeys(session, route, apiKey, attempt);
}

/** Sends one credential variant of the route's request and expects a 401 with a challenge. */
type AuthnAttempt = (
  check: CheckId,
  attack: string,
  headers: Record<string, string>,
  actor?: Actor,
) => Promise<void>;

function attemptFor(session: ProbeSession, route: TargetRoute): AuthnAttempt | null {
  const object = objectsOf(route, session.config)[0];
  const bare = pathOf(route, {}, object?.id);
  const query = requiredQuery(route);
  if (bare === null || query === null) return null;
  const path = withQuery(bare, query);
  const body = route.body === null ? undefined : (baselineBody(route, session.config) ?? {});
  return async (check, attack, headers, actor) => {
    const outcome = await session.send(route, {
      path,
      headers,
      ...(actor === undefined ? {} : { actor }),
      ...(body === undefined ? {} : { json: body }),
    });
    const expected = { statuses: [401], codes: AUTHN_CODES, attack };
    const isRefused = judge(session, route, check, outcome, expected);
    if (isRefused && outcome.sent && outcome.response.headers['www-authenticate'] === undefined) {
      const message = `${attack}: 401 without a WWW-Authenticate challenge`;
      session.book.fail(route, check, message, outcome.evidence);
    }
  };
}

async function attackRevokedKeys(
  session: ProbeSession,
  route: TargetRoute,
  scheme: TargetScheme,
  attempt: AuthnAttempt,
): Promise<void> {
  const name = scheme.parameterName ?? 'X-API-Key';
  for (const key of session.config.revokedApiKeys) {
    const headers =
      scheme.in === 'cookie' ? { cookie: `${name}=${key}` } : { [name.toLowerCase()]: key };
    await attempt('authn.revoked-api-key', 'a revoked API key', headers);
  }
  if (session.config.revokedApiKeys.length === 0) {
    session.book.skip(route, 'authn.revoked-api-key', 'the config lists no revoked API key');
  }
}

/**
 * Forges every token of the run once: from each template, two unsigned tokens, one signed with a
 * foreign key, one with tampered claims, algorithm-confusion tokens for asymmetric templates
 * (one pair per published key) and, given the HMAC secret, an expired one; plus the config's
 * expired tokens.
 *
 * @param templates - Real tokens, decoded, one per issuer.
 * @param publicKeys - The app's published keys.
 * @param config - For the HMAC secret and expired tokens.
 * @returns The forged tokens with the check each belongs to.
 */
export function forgeTokens(
  templates: readonly DecodedJwt[],
  publicKeys: ReadonlyArray<Record<string, unknown>>,
  config: Pick<ProbeSession['config'], 'hmacSecret' | 'expiredTokens'>,
): Array<[CheckId, ForgedToken]> {
  const forged: Array<[CheckId, ForgedToken]> = [];
  const now = Math.floor(Date.now() / 1000);
  for (const template of templates) {
    for (const token of unsignedTokens(template)) forged.push(['authn.alg-none', token]);
    forged.push(['authn.wrong-key', wrongKeyToken(template)]);
    forged.push(['authn.tampered-claims', tamperedToken(template)]);
    if (!String(template.header['alg']).startsWith('HS')) {
      for (const jwk of publicKeys) {
        for (const token of confusedTokens(template, jwk))
          forged.push(['authn.hs-rs-confusion', token]);
      }
    }
    const expired =
      config.hmacSecret === null ? null : expiredToken(template, config.hmacSecret, now);
    if (expired !== null) forged.push(['authn.expired', expired]);
  }
  for (const token of config.expiredTokens) {
    forged.push(['authn.expired', { token, label: 'from the config, expired' }]);
  }
  return forged;
}

/** Why a forgery check has no token, for the skip note. */
const MISSING: ReadonlyArray<readonly [CheckId, string]> = [
  ['authn.alg-none', 'no principal with a bearer token to forge from'],
  ['authn.wrong-key', 'no principal with a bearer token to forge from'],
  ['authn.tampered-claims', 'no principal with a bearer token to forge from'],
  ['authn.hs-rs-confusion', 'needs a token signed with a public-key algorithm and "jwt.jwksPath"'],
  ['authn.expired', 'needs "jwt.hmacSecret" or "jwt.expiredTokens" in the config'],
];
