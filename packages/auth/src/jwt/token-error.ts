/**
 * Why a token was refused, in the detail the audit record may hold and a client may not. The
 * authenticator turns it into `ERR_AUTHN_INVALID`; the `reason` never reaches a response.
 */
export class TokenError extends Error {
  override readonly name = 'TokenError';

  /**
   * @param reason - A short stable label, such as `jwt.expired` or `jwt.kid-unknown`.
   * @param cause - The underlying error, kept for the server log only.
   */
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`Token refused: ${reason}.`, cause === undefined ? undefined : { cause });
  }
}
