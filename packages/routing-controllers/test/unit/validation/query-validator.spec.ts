import 'reflect-metadata';
import { expect } from 'chai';
import { IsInt, IsOptional, Max } from 'class-validator';
import type { ResolvedQuery } from '../../../src/config/resolve-hardening';
import { parseQueryString } from '../../../src/transport/query-string';
import { createQueryValidator } from '../../../src/validation/query-validator';

class Paging {
  @IsOptional()
  @IsInt()
  @Max(100)
  limit?: number;
}

class Empty {}

const limits = { maxDepth: 5, maxArrayLength: 3, maxStringLength: 20 };
const refuse: ResolvedQuery = { undeclared: 'refuse', maxParameters: 4 };

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('createQueryValidator', () => {
  context('with a query DTO', () => {
    const validate = createQueryValidator(Paging, [], { query: refuse, limits });

    it('converts declared parameters into the DTO', async () => {
      const result = await validate(parseQueryString('limit=7'));

      expect(result).to.be.instanceOf(Paging).and.deep.equal({ limit: 7 });
    });

    it('refuses an unknown parameter', async () => {
      expect(await codeOf(() => validate(parseQueryString('limit=1&admin=1')))).to.equal(
        'ERR_VALIDATION_FAILED',
      );
    });

    it('refuses prototype keys, long values and long lists before the DTO', async () => {
      for (const raw of [
        '__proto__=1',
        'constructor=1',
        `limit=${'9'.repeat(21)}`,
        'a=1&a=2&a=3&a=4',
      ]) {
        expect(await codeOf(() => validate(parseQueryString(raw))), raw).to.equal(
          'ERR_REQUEST_MALFORMED',
        );
      }
    });

    it('counts every value of a repeated key against the limit', async () => {
      expect(await codeOf(() => validate(parseQueryString('a=1&a=2&b=1&c=1&d=1')))).to.equal(
        'ERR_REQUEST_MALFORMED',
      );
    });

    it('treats a missing query as empty', async () => {
      expect(await validate(undefined)).to.be.instanceOf(Paging);
    });
  });

  context('without a query DTO', () => {
    it('accepts an empty query and hands back an empty one', async () => {
      const validate = createQueryValidator(null, [], { query: refuse, limits });

      const result = await validate(parseQueryString(''));

      expect(Object.keys(result)).to.deep.equal([]);
    });

    it('refuses any parameter, naming each', async () => {
      const validate = createQueryValidator(null, [], { query: refuse, limits });

      try {
        await validate(parseQueryString('debug=1&role=admin'));
        expect.fail('accepted');
      } catch (error) {
        expect((error as { code: string }).code).to.equal('ERR_VALIDATION_FAILED');
        expect((error as { details: unknown }).details).to.deep.equal({
          errors: [
            {
              path: 'query.debug',
              constraint: 'whitelistValidation',
              message: 'this route takes no query parameters',
            },
            {
              path: 'query.role',
              constraint: 'whitelistValidation',
              message: 'this route takes no query parameters',
            },
          ],
          errorCount: 2,
        });
      }
    });

    it('empties the query when undeclared parameters are ignored', async () => {
      const validate = createQueryValidator(null, [], {
        query: { undeclared: 'ignore', maxParameters: 4 },
        limits,
      });

      const result = await validate(parseQueryString('debug=1'));

      expect(Object.keys(result)).to.deep.equal([]);
      expect(Object.getPrototypeOf(result)).to.equal(null);
    });

    it('still refuses prototype keys when ignoring', async () => {
      const validate = createQueryValidator(null, [], {
        query: { undeclared: 'ignore', maxParameters: 4 },
        limits,
      });

      expect(await codeOf(() => validate(parseQueryString('__proto__=1')))).to.equal(
        'ERR_REQUEST_MALFORMED',
      );
    });
  });

  context('with a DTO that declares nothing', () => {
    it('fails at bootstrap', () => {
      expect(() => createQueryValidator(Empty, [], { query: refuse, limits }))
        .to.throw()
        .with.property('code', 'ERR_POLICY_INVALID');
    });
  });
});
