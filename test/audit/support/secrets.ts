import { DEMO_PASSWORD } from '../../../examples/notes-api/src/seed';

/**
 * Every fixed secret the audit suites send to the reference app, in every place a client can put
 * one. The secret-scan spec checks that none of them, nor any token issued while the suites run,
 * reaches a stored audit event.
 */
export const AUDIT_SUITE_SECRETS = Object.freeze({
  jwtSecret: 'audit-suite-jwt-secret-6a1f0c9d2e7b4a58b3c6d1e0f9a8b7c6',
  demoPassword: DEMO_PASSWORD,
  wrongPassword: 'Wrong-Password-For-Audit-Scan-41',
  cookie: 'sid-cookie-secret-5b8e2d1c7a9f',
  apiKey: 'apikey-secret-0d3c9b8a7f6e5d4c',
  forgedToken:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZXMiOlsiYWRtaW4iXX0.Zm9yZ2VkLXNpZ25hdHVyZS1hdWRpdA',
});
