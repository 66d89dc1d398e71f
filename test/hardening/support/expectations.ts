import { expect } from 'chai';
import type { HardeningApp } from './hardening-app';
import type { Answer } from './http';

/** Asserts a refusal: status, problem+json, code, no stack, and that nothing ran or was written. */
export function expectRefused(
  app: HardeningApp,
  answer: Answer,
  status: number,
  code: string,
): void {
  expect(answer.status, answer.text).to.equal(status);
  expect(answer.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(answer.body.code).to.equal(code);
  expect(answer.text).to.not.match(/\bat .+\.(ts|js):\d+/);
  expect(answer.body).to.not.have.property('stack');
  expect(app.calls, 'a handler ran').to.deep.equal([]);
  expect(app.store.writes, 'the store was written').to.equal(0);
}

/** The field errors of a 400 answer. */
export function fieldErrors(
  answer: Answer,
): Array<{ path: string; constraint: string; message: string }> {
  return answer.body.details.errors;
}
