import fc from 'fast-check';

/** A field the generated rules may read, with values drawn from the same pools as the rows. */
interface FieldSpec {
  readonly field: string;
  readonly values: readonly unknown[];
}

/** Text with SQL metacharacters, a non-ASCII letter and case variants, so equality is tested hard. */
export const TITLES = ['a', 'b', 'B', 'é', '', "O'Brien", '%', '_x', 'a b', '--', '\\'];
export const RANKS = [-1, 0, 1, 2, 3];
export const SCORES = [-2.5, 0, 1.5, 2];
export const DATES = [
  new Date('2024-01-01T00:00:00.000Z'),
  new Date('2024-06-01T12:30:00.250Z'),
  new Date('2025-01-01T00:00:00.000Z'),
];
export const PEOPLE = ['p1', 'p2', 'p3'];

const FIELDS: readonly FieldSpec[] = [
  { field: 'title', values: TITLES },
  { field: 'rank', values: RANKS },
  { field: 'score', values: SCORES },
  { field: 'isOpen', values: [true, false] },
  { field: 'ownerId', values: [...PEOPLE, 'p9'] },
  { field: 'createdAt', values: DATES },
  { field: 'owner.role', values: ['editor', 'viewer', 'admin'] },
  { field: 'owner.level', values: [0, 1, 2] },
  { field: 'owner.team.name', values: ['red', 'blue', ''] },
];

const nullable = <T>(values: readonly T[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constant(null) },
  );

/** One stored row of `Doc`; `owner` names a seeded person or none. */
export const rowArbitrary = fc.record({
  title: nullable(TITLES),
  rank: nullable(RANKS),
  score: nullable(SCORES),
  isOpen: nullable([true, false]),
  ownerId: nullable(PEOPLE),
  createdAt: nullable(DATES),
  owner: nullable(PEOPLE),
});

export type GeneratedRow = typeof rowArbitrary extends fc.Arbitrary<infer R> ? R : never;

const leafArbitrary = fc.constantFrom(...FIELDS).chain(({ field, values }) => {
  const value = fc.constantFrom(...values);
  const operand = fc.oneof(
    fc.record({ op: fc.constantFrom('$eq', '$ne'), value: nullable(values) }),
    fc.record({
      op:
        typeof values[0] === 'boolean'
          ? fc.constantFrom('$eq', '$ne')
          : fc.constantFrom('$lt', '$lte', '$gt', '$gte'),
      value,
    }),
    fc.record({
      op: fc.constantFrom('$in', '$nin'),
      value: fc.array(nullable(values), { maxLength: 3 }),
    }),
    fc.record({ op: fc.constant('$exists'), value: fc.boolean() }),
    fc.record({ op: fc.constant('shorthand'), value: nullable(values) }),
  );
  return operand.map(({ op, value: v }) => ({ field, op, value: v }));
});

type Leaf = typeof leafArbitrary extends fc.Arbitrary<infer L> ? L : never;

function conditionsOf(leaves: readonly Leaf[]): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  for (const { field, op, value } of leaves) {
    const existing = conditions[field];
    if (op === 'shorthand') conditions[field] = value;
    else if (typeof existing === 'object' && existing !== null && !(existing instanceof Date)) {
      (existing as Record<string, unknown>)[op] = value;
    } else conditions[field] = { [op]: value };
  }
  return conditions;
}

const conditionsArbitrary = fc
  .array(leafArbitrary, { minLength: 1, maxLength: 3 })
  .map(conditionsOf);

/** A rule on `Doc`: `can` or `cannot`, with conditions most of the time and fields sometimes. */
const ruleArbitrary = fc.record(
  {
    action: fc.constantFrom('read', 'read', 'read', 'manage', 'update'),
    subject: fc.constantFrom('Doc', 'Doc', 'Doc', 'all'),
    inverted: fc.boolean(),
    conditions: conditionsArbitrary,
    fields: fc.constant(['title']),
  },
  { requiredKeys: ['action', 'subject', 'inverted'] },
);

/** A rule set of one to five rules, in declaration order. */
export const rulesArbitrary = fc.array(ruleArbitrary, { minLength: 1, maxLength: 5 });
