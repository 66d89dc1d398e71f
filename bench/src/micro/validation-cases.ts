import { createRequire } from 'node:module';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateItemInput } from '../fixtures/create-item.input';
import { itemInputFor } from '../fixtures/items';
import { sequential, type MicroCase } from './measure';

/** The runtime's internal DTO validator factory, loaded from its build output. */
type DtoValidatorFactory = (
  dto: Function,
  location: 'body',
  groups: readonly string[],
) => (plain: unknown) => Promise<object>;

/**
 * Loads the runtime's DTO validator. It is internal to `@bulwark/routing-controllers` (the
 * package exports only its public API), so the benchmark reads the build output directly.
 */
function loadDtoValidator(): DtoValidatorFactory {
  const load = createRequire(__filename);
  const path = join(
    __dirname,
    '..',
    '..',
    '..',
    'packages',
    'routing-controllers',
    'dist',
    'validation',
    'dto-validator.js',
  );
  return (load(path) as { createDtoValidator: DtoValidatorFactory }).createDtoValidator;
}

/**
 * The validation step on the five-field body: Bulwark's validator (compiled from the
 * class-validator metadata where the constraints allow) against class-transformer +
 * class-validator as NestJS's ValidationPipe and the hand-rolled stack run them.
 *
 * @returns The cases.
 */
export function validationCases(): MicroCase[] {
  const body = itemInputFor(0);
  const bulwark = loadDtoValidator()(CreateItemInput, 'body', []);
  const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
  return [
    {
      step: 'validate',
      name: 'Bulwark DTO validator, five valid fields',
      batch: 2000,
      run: (calls) => sequential(calls, () => bulwark({ ...body })),
    },
    {
      step: 'validate',
      name: 'class-transformer + class-validator, five valid fields (NestJS and hand-rolled)',
      batch: 1000,
      run: (calls) =>
        sequential(calls, () => validate(plainToInstance(CreateItemInput, { ...body }), options)),
    },
  ];
}
