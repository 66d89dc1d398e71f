import 'reflect-metadata';
import { isBulwarkError } from '@bulwark/core';
import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  validate,
} from 'class-validator';
import fc from 'fast-check';
import { createDtoValidator, validationFailed } from '../../../src/validation/dto-validator';
import {
  expectSameInstance,
  plainOver,
  TEXT_TRANSFORM,
  BODY_TRANSFORM,
  validatorOptions,
} from './compiled/support';

class CreateTask {
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  title!: string;

  @IsInt()
  @Min(1)
  @Max(5)
  priority!: number;

  @IsOptional()
  @IsIn(['low', 'high'])
  lane?: string;
}

class PageQuery {
  @IsOptional()
  @IsInt()
  @Min(0)
  offset?: number;
}

type Outcome = { instance: object } | { details: unknown };

async function outcome(run: () => object | Promise<object>): Promise<Outcome> {
  try {
    return { instance: await run() };
  } catch (error) {
    if (!isBulwarkError(error) || error.code !== 'ERR_VALIDATION_FAILED') throw error;
    return { details: error.details };
  }
}

/** class-transformer then class-validator, as the runtime ran them before compilation. */
async function uncompiled(
  dto: new () => object,
  plain: object,
  location: 'body' | 'query',
): Promise<Outcome> {
  return outcome(async () => {
    const transform = location === 'body' ? BODY_TRANSFORM : TEXT_TRANSFORM;
    const instance = plainToInstance(dto, plain, transform) as object;
    const errors = await validate(instance, validatorOptions());
    if (errors.length > 0) throw validationFailed(errors, location);
    return instance;
  });
}

function expectSameOutcome(actual: Outcome, expected: Outcome): void {
  if ('details' in expected) {
    expect(actual).to.have.property('details');
    expect((actual as { details: unknown }).details).to.deep.equal(expected.details);
  } else {
    expect(actual).to.have.property('instance');
    expectSameInstance((actual as { instance: object }).instance, expected.instance);
  }
}

describe('createDtoValidator', () => {
  context('with a DTO the compiled path handles', () => {
    const keys = ['title', 'priority', 'lane'];

    it('answers every body as class-transformer and class-validator do', async () => {
      const validator = createDtoValidator(CreateTask, 'body', []);
      await fc.assert(
        fc.asyncProperty(plainOver(keys), async (plain) => {
          expectSameOutcome(
            await outcome(() => validator(plain)),
            await uncompiled(CreateTask, plain, 'body'),
          );
        }),
        { numRuns: 300 },
      );
    });

    it('returns an instance of the DTO for a valid body', async () => {
      const validator = createDtoValidator(CreateTask, 'body', []);
      const instance = await validator({ title: 'Write', priority: 2 });
      expect(instance).to.be.instanceOf(CreateTask);
      expect(instance).to.deep.equal({ title: 'Write', priority: 2 });
    });

    it("refuses an invalid body with class-validator's field errors", async () => {
      const validator = createDtoValidator(CreateTask, 'body', []);
      const refused = await outcome(() => validator({ title: '', priority: 9, extra: 1 }));
      expect(refused).to.have.property('details');
      expectSameOutcome(
        refused,
        await uncompiled(CreateTask, { title: '', priority: 9, extra: 1 }, 'body'),
      );
    });

    it('converts query strings as class-transformer does', async () => {
      const validator = createDtoValidator(PageQuery, 'query', []);
      for (const offset of ['0', '12', '-1', 'x', '1.5', '']) {
        expectSameOutcome(
          await outcome(() => validator({ offset })),
          await uncompiled(PageQuery, { offset }, 'query'),
        );
      }
    });
  });
});
