import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { API_REFERENCE_CSP } from '@bulwark/openapi';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { operationsOf } from './support/operations';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../artifacts/openapi');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped?.add(
    `API reference page (test/openapi/reference-page.spec.ts): ${CHROMIUM} is missing; install the Debian package "chromium".`,
  );
}

(hasChromium ? describe : describe.skip)(
  hasChromium
    ? 'the API reference page in headless Chromium'
    : 'the API reference page in headless Chromium (skipped: Debian chromium is not installed)',
  function () {
    this.timeout(90_000);
    let app: RunningNotesApp;
    let browser: Browser;

    before(async () => {
      app = await startNotesApp();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });

    after(async () => {
      await browser?.close();
      await app?.close();
    });

    it('loads under its own CSP with no console error, lists every operation and shows the security schemes', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      const foreign: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(`${app.url}/`) && !url.startsWith('data:')) foreign.push(url);
      });

      const response = await page.goto(`${app.url}/docs`);
      expect(response?.status()).to.equal(200);
      expect(response?.headers()['content-security-policy']).to.equal(API_REFERENCE_CSP);
      await page.waitForSelector('.opblock');

      const documented = operationsOf(app.notes.openapi);
      const listed = await page.locator('.opblock-summary').evaluateAll((blocks) =>
        blocks.map((block) => {
          const method = block.querySelector('.opblock-summary-method')?.textContent ?? '';
          const path =
            block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
          return `${method.trim()} ${path}`;
        }),
      );
      expect(listed.sort()).to.deep.equal(
        documented.map((o) => `${o.method} ${o.template}`).sort(),
      );

      // Opening an operation renders its parameters and problem responses under the CSP too.
      await page.locator('.opblock-summary').first().click();
      await page.waitForSelector('.responses-wrapper');
      await page.locator('button.authorize').first().click();
      await page.waitForSelector('.auth-container');
      const shown = (await page.locator('.auth-container h4').allInnerTexts()).join(' ');
      const schemes = Object.keys(app.notes.openapi.components.securitySchemes);
      expect(schemes.sort()).to.deep.equal(['apiKey', 'bearer', 'bearerOAuth2']);
      for (const scheme of schemes) expect(shown).to.include(scheme);
      // The client-credentials flow shows its scopes.
      expect(await page.locator('.auth-container').allInnerTexts()).to.satisfy((texts: string[]) =>
        texts.join(' ').includes('notes:read'),
      );

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'reference-page.png'), fullPage: true });
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect(foreign, 'requests to other origins').to.deep.equal([]);
    });

    it('keeps the API’s own CSP on the document and on API routes', async () => {
      const page = await browser.newPage();
      const spec = await page.goto(`${app.url}/openapi.json`);
      expect(spec?.headers()['content-security-policy']).to.include("default-src 'none'");
      expect(spec?.headers()['content-security-policy']).to.not.include('script-src');
      const health = await page.goto(`${app.url}/health`);
      expect(health?.headers()['content-security-policy']).to.not.include('script-src');
    });
  },
);
