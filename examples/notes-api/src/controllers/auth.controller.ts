import { Audit, BulwarkError, Public, RateLimit } from '@bulwark/core';
import { Example, Refuses, Summary, Tags } from '@bulwark/openapi';
import { ClientAddress } from '@bulwark/routing-controllers';
import { Body, Header, HttpCode, JsonController, Post } from 'routing-controllers';
import type { AppContext } from '../context';
import { LoginInput } from '../dto/login.dto';
import { verifyPassword } from '../services/passwords';

/** The answer of a successful login, in the shape of an OAuth token response. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

/** Builds the login controller: username and password in, a short-lived bearer token out. */
export function authController(context: AppContext): Function {
  @JsonController('/auth')
  @Public()
  @Tags('Auth')
  class AuthController {
    @Post('/token')
    @HttpCode(200)
    // A token response must never be cached (RFC 6749, section 5.1).
    @Header('Cache-Control', 'no-store')
    @Summary('Sign in', 'Exchanges a username and password for a short-lived bearer token.')
    @Example({
      name: 'sign-in',
      request: { username: 'erin', password: 'correct horse battery staple' },
      response: { access_token: 'eyJhbGciOiJIUzI1NiJ9…', token_type: 'Bearer', expires_in: 900 },
    })
    @Refuses('ERR_AUTHN_INVALID', 'ERR_AUTHN_LOCKED')
    @RateLimit({ limit: 10, window: '1m', key: 'ip', name: 'login' })
    @Audit('auth.login', { body: ['username'] })
    async token(
      @Body() input: LoginInput,
      @ClientAddress() address: string,
    ): Promise<TokenResponse> {
      // Counted per account and address, so guessing one account is slowed down without
      // letting an attacker lock its owner out from every other address.
      const keys = { account: input.username, address };
      const gate = await context.loginGuard.check(keys);
      if (!gate.allowed) {
        throw new BulwarkError('ERR_AUTHN_LOCKED', 'Too many failed sign-ins; try again later.', {
          headers: { 'Retry-After': String(gate.retryAfterSeconds) },
          reason: 'login locked',
        });
      }
      const user = await context.users.findOneBy({ username: input.username });
      const isValid = await verifyPassword(input.password, user?.passwordHash ?? null);
      if (user === null || !isValid) {
        await context.loginGuard.recordFailure(keys);
        throw new BulwarkError('ERR_AUTHN_INVALID', 'Invalid username or password.', {
          reason: 'bad login',
        });
      }
      await context.loginGuard.recordSuccess(keys);
      const lifetimeSeconds = context.tokenLifetime === '15m' ? 900 : 3600;
      const token = await context.signer.sign(
        { sub: user.id, roles: [user.role] },
        { expiresIn: context.tokenLifetime },
      );
      return { access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds };
    }
  }
  return AuthController;
}
