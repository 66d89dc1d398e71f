import { expect } from 'chai';
import { ERROR_CATALOG } from '@bulwark/core';
import { PROBLEM_DETAIL_MAX_LENGTH } from '@bulwark/routing-controllers';
import {
  problemResponseSchema,
  problemSchema,
  requestCodes,
} from '../../../src/schemas/problem-schema';

describe('requestCodes', () => {
  it('lists the request codes and never a setup code', () => {
    const codes = requestCodes();
    expect(codes).to.include('ERR_RATE_LIMITED');
    expect(codes).to.not.include('ERR_POLICY_MISSING');
    expect(codes.every((code) => ERROR_CATALOG[code].kind === 'request')).to.equal(true);
  });
});

describe('problemSchema', () => {
  it('describes the problem document the error handler writes, and nothing else', () => {
    const schema = problemSchema({ exposeStackTraces: false }) as any;
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.required).to.deep.equal([
      'type',
      'title',
      'status',
      'detail',
      'code',
      'requestId',
    ]);
    expect(schema.properties).to.not.have.property('stack');
    expect(schema.properties.detail.maxLength).to.equal(PROBLEM_DETAIL_MAX_LENGTH);
    expect(schema.properties.code.enum).to.deep.equal(requestCodes());
    expect(schema.properties.type.enum).to.include('urn:bulwark:error:ERR_NOT_FOUND');
  });

  it('lists stack only for an app that exposes stack traces', () => {
    expect((problemSchema({ exposeStackTraces: true }) as any).properties).to.have.property(
      'stack',
    );
  });
});

describe('problemResponseSchema', () => {
  it('narrows the problem to one status and the given codes', () => {
    expect(problemResponseSchema(['ERR_AUTHN_REQUIRED', 'ERR_AUTHN_INVALID'], 401)).to.deep.equal({
      allOf: [
        { $ref: '#/components/schemas/Problem' },
        {
          type: 'object',
          properties: {
            status: { const: 401 },
            code: { type: 'string', enum: ['ERR_AUTHN_REQUIRED', 'ERR_AUTHN_INVALID'] },
          },
        },
      ],
    });
  });
});
