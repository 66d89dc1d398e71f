import { BulwarkError } from '@bulwark/core';
import { sanitizeHtmlModule, type SanitizeHtmlOptions } from './sanitize-html-module';
import { applyToText, sanitizerDecorator, type TextSanitizer } from './text-sanitizer';

/** What a rich-text field may contain; each list narrows or replaces the default. */
export interface RichTextOptions {
  /** @defaultValue RICH_TEXT_DEFAULTS.allowedTags (basic formatting, lists, quotes, code, links) */
  readonly allowedTags?: readonly string[];
  /** Attributes per tag. @defaultValue `{ a: ['href', 'title'] }` */
  readonly allowedAttributes?: Readonly<Record<string, readonly string[]>>;
  /** URL schemes of `href`. @defaultValue ['http', 'https', 'mailto'] */
  readonly allowedSchemes?: readonly string[];
}

/** The rich-text allow-list used when {@link SanitizeHtml} gets no options. */
export const RICH_TEXT_DEFAULTS = Object.freeze({
  allowedTags: Object.freeze([
    'a',
    'b',
    'blockquote',
    'br',
    'code',
    'em',
    'i',
    'li',
    'ol',
    'p',
    'pre',
    's',
    'strong',
    'u',
    'ul',
  ]),
  allowedAttributes: Object.freeze({ a: Object.freeze(['href', 'title']) }),
  allowedSchemes: Object.freeze(['http', 'https', 'mailto']),
});

/** Elements that run code, load content or submit data: never allowed, whatever the options. */
const DANGEROUS_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'object',
  'embed',
  'applet',
  'base',
  'link',
  'meta',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'svg',
  'math',
  'template',
  'noscript',
]);
const DANGEROUS_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'file']);

/**
 * Sanitizes rich text (HTML a client may format with) before validation: only allow-listed tags,
 * attributes and URL schemes survive; everything else is removed, including event handlers,
 * `style`, `javascript:` links and protocol-relative URLs. Links get
 * `rel="noopener noreferrer nofollow"`.
 *
 * Security: the options can only allow harmless markup; scriptable elements (`script`, `iframe`,
 * `svg`, forms…), `on*` and `style` attributes and `javascript:`/`data:` schemes are refused when
 * the decorator runs. Sanitizing input does not replace output encoding where the text is
 * inserted outside an HTML body (attributes, scripts, URLs).
 *
 * @param options - Narrower allow-lists. @defaultValue {@link RICH_TEXT_DEFAULTS}
 * @returns A property decorator for string and string-array properties.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when the options allow something dangerous.
 * @example
 * ```ts
 * class CommentInput {
 *   @SanitizeHtml({ allowedTags: ['b', 'i', 'a'] })
 *   @MaxLength(5000)
 *   html!: string;
 * }
 * ```
 */
export function SanitizeHtml(options: RichTextOptions = {}): PropertyDecorator {
  return sanitizerDecorator(richTextSanitizer(options));
}

/**
 * The imperative form of {@link SanitizeHtml}.
 *
 * @param value - A string, a string array or anything else (returned unchanged).
 * @param options - Narrower allow-lists. @defaultValue {@link RICH_TEXT_DEFAULTS}
 * @returns The sanitized value.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when the options allow something dangerous.
 */
export function sanitizeHtml(value: unknown, options: RichTextOptions = {}): unknown {
  return applyToText(value, richTextSanitizer(options));
}

function richTextSanitizer(options: RichTextOptions): TextSanitizer {
  const tags = [...(options.allowedTags ?? RICH_TEXT_DEFAULTS.allowedTags)];
  const attributes = options.allowedAttributes ?? RICH_TEXT_DEFAULTS.allowedAttributes;
  const schemes = [...(options.allowedSchemes ?? RICH_TEXT_DEFAULTS.allowedSchemes)];
  checkAllowList(tags, attributes, schemes);
  const sanitize = sanitizeHtmlModule();
  const config: SanitizeHtmlOptions = Object.freeze({
    allowedTags: tags,
    allowedAttributes: Object.fromEntries(
      Object.entries(attributes).map(([tag, names]) => [
        tag,
        tag === 'a' ? [...names, 'rel'] : [...names],
      ]),
    ),
    allowedSchemes: schemes,
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    transformTags: {
      a: sanitize.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    },
  });
  return (text) => sanitize(text, config);
}

function checkAllowList(
  tags: readonly string[],
  attributes: Readonly<Record<string, readonly string[]>>,
  schemes: readonly string[],
): void {
  const problems: string[] = [];
  for (const tag of tags)
    if (DANGEROUS_TAGS.has(tag.toLowerCase())) problems.push(`tag "${tag}" can run code`);
  for (const names of Object.values(attributes)) {
    for (const name of names) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc' || lower === '*')
        problems.push(`attribute "${name}" can run code or restyle the page`);
    }
  }
  for (const scheme of schemes)
    if (DANGEROUS_SCHEMES.has(scheme.toLowerCase()))
      problems.push(`scheme "${scheme}:" can run code`);
  if (problems.length > 0) {
    throw new BulwarkError('ERR_DECORATOR_ARGUMENT', `@SanitizeHtml(): ${problems.join('; ')}.`);
  }
}
