import {
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MongoAbility } from '@casl/ability';
import { jwtVerify } from 'jose';
import { memberAbility } from '../fixtures/abilities';
import { AUDIENCE, importHmacKey, ISSUER, readBenchKeys } from '../fixtures/keys';

/** What the guards attach to the request. */
export interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: { readonly id: string; readonly roles: readonly string[] };
  ability?: MongoAbility;
}

/** A route's CASL requirement, checked by {@link PoliciesGuard}. */
export type PolicyHandler = (ability: MongoAbility) => boolean;

const POLICIES = 'bench:policies';

/** Declares the CASL checks a route needs, the way the NestJS documentation shows it. */
export const CheckPolicies = (...handlers: PolicyHandler[]) => SetMetadata(POLICIES, handlers);

/** The HS256 key, imported once per process as a WebCrypto key: jose's fastest path. */
const KEY = importHmacKey(readBenchKeys().secret);

/** Verifies the bearer token with jose on every request. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      throw new UnauthorizedException();
    }
    try {
      const { payload } = await jwtVerify(header.slice('Bearer '.length), await KEY, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const roles = Array.isArray(payload['roles']) ? (payload['roles'] as string[]) : [];
      request.user = { id: String(payload.sub), roles };
      return true;
    } catch {
      throw new UnauthorizedException();
    }
  }
}

/** Builds the user's CASL ability and runs the route's policy handlers. */
@Injectable()
export class PoliciesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (request.user === undefined) throw new UnauthorizedException();
    const ability = memberAbility(request.user.id);
    request.ability = ability;
    const handlers = this.reflector.get<PolicyHandler[]>(POLICIES, context.getHandler()) ?? [];
    if (!handlers.every((handler) => handler(ability))) throw new ForbiddenException();
    return true;
  }
}
