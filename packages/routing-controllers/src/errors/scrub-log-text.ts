import { cleanText, REDACTED } from '@bulwark/audit';

/** The password part of a URL's user information: `postgres://app:<password>@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

/** `password=…`, `secret: …`, `token=…` and the like in free text. */
const KEY_VALUE_SECRET =
  /\b(pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)[^\s,;&]+/gi;

/** Error messages and stacks are cut here; the start says what failed. */
const MAX_LOGGED_LENGTH = 4000;

/**
 * Masks credentials in text bound for the log: URL passwords (a database driver's connection
 * error quotes its DSN), `password=…`-style pairs, bearer and basic credentials and JSON Web
 * Tokens. An error's detail goes to the log so operators can act on it; its secrets do not.
 *
 * @param text - An error message or stack.
 * @returns The text with credentials replaced by `[REDACTED]`.
 */
export function scrubLogText(text: string): string {
  return cleanText(text, MAX_LOGGED_LENGTH)
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(KEY_VALUE_SECRET, `$1$2${REDACTED}`);
}
