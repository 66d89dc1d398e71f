import type sanitizeHtml from 'sanitize-html';
import { loadOnFirstUse } from '../internal/load-on-first-use';

/** The options type of sanitize-html. */
export type SanitizeHtmlOptions = sanitizeHtml.IOptions;

/** sanitize-html, loaded the first time a sanitizer is declared or run. */
export const sanitizeHtmlModule = loadOnFirstUse(
  () => require('sanitize-html') as typeof sanitizeHtml,
);
