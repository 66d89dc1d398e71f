const HTML_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

/**
 * The reference page: Swagger UI's stylesheet and bundle plus the start script, all same-origin
 * files (no inline script or style, so the page runs under a CSP without `'unsafe-inline'`).
 *
 * @param title - The API's title, escaped into the page.
 * @param docsPath - Where the page and its assets are served.
 * @returns The HTML.
 */
export function referencePage(title: string, docsPath: string): string {
  const name = escapeHtml(title);
  const base = escapeHtml(docsPath);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${name}: API reference</title>
    <link rel="stylesheet" href="${base}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${base}/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <main id="swagger-ui" aria-label="${name} API reference"></main>
    <script src="${base}/swagger-ui-bundle.js"></script>
    <script src="${base}/init.js"></script>
  </body>
</html>
`;
}

/**
 * The script that starts Swagger UI on the document. The online validator badge is off (it
 * would send the document to a third party) and entered credentials are not persisted.
 *
 * @param specPath - Where the JSON document is served.
 * @returns The JavaScript.
 */
export function referenceScript(specPath: string): string {
  return `'use strict';
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(specPath)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] as string);
}
