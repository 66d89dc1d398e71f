import 'reflect-metadata';
import { expect } from 'chai';
import { Allow, IsDefined, IsInt, IsOptional, IsString, Min, Validate } from 'class-validator';
import { passes, planProperties } from '../../../../src/validation/compiled/property-checks';

const EVERY_GROUP = { always: true, strictGroups: true, groups: undefined };

class Item {
  @IsDefined()
  @IsInt()
  @Min(1)
  count!: number;

  @IsOptional()
  @IsString()
  note?: string;

  @Allow()
  free?: unknown;
}

function instance(values: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(new Item(), values) as Record<string, unknown>;
}

describe('planProperties', () => {
  it('plans every validated property with @IsDefined before the other checks', () => {
    const plans = planProperties(Item, EVERY_GROUP) ?? [];
    expect(plans.map((p) => p.name)).to.have.members(['count', 'note', 'free']);
    const count = plans.find((p) => p.name === 'count');
    // Decorators apply bottom-up, so the metadata lists Min before IsInt; IsDefined comes first.
    expect(count?.checks.map((c) => c.metadata.name)).to.deep.equal(['isDefined', 'min', 'isInt']);
  });

  it('plans nothing for a DTO with a custom constraint', () => {
    class Custom {
      @Validate(
        class {
          validate(): boolean {
            return true;
          }
        },
      )
      name!: string;
    }
    expect(planProperties(Custom, EVERY_GROUP)).to.equal(null);
  });

  it('plans nothing when no metadata applies', () => {
    class Grouped {
      @IsString({ groups: ['a'] })
      name!: string;
    }
    expect(planProperties(Grouped, EVERY_GROUP)).to.equal(null);
  });
});

describe('passes', () => {
  const plans = planProperties(Item, EVERY_GROUP) ?? [];
  const plan = (name: string) => plans.find((p) => p.name === name)!;

  it('runs the constraints on the instance value', () => {
    expect(passes(plan('count'), instance({ count: 2 }))).to.equal(true);
    expect(passes(plan('count'), instance({ count: 0 }))).to.equal(false);
    expect(passes(plan('count'), instance({}))).to.equal(false);
  });

  it('skips a property @IsOptional excuses', () => {
    expect(passes(plan('note'), instance({}))).to.equal(true);
    expect(passes(plan('note'), instance({ note: null }))).to.equal(true);
    expect(passes(plan('note'), instance({ note: 3 }))).to.equal(false);
  });

  it('accepts anything on an @Allow property', () => {
    expect(passes(plan('free'), instance({ free: { any: 'thing' } }))).to.equal(true);
  });
});
