import { expect } from 'chai';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { dtoSchema } from '../../../src/schemas/dto-schema';
import { ItemInput, ItemPatch, TagInput } from '../../support/fixtures';

const refs = (dto: Function): string => `#/components/schemas/${dto.name}`;

class WithoutType {
  @ValidateNested()
  inner!: TagInput;
}

class Bounded {
  @IsInt()
  @Min(-10)
  @Max(3_000_000_000)
  wide!: number;

  @IsInt()
  @Min(0)
  unbounded!: number;

  @IsOptional()
  @IsString()
  @MaxLength(3)
  nickname?: string = 'bob';

  @Matches('^[a-c]{1,2}$', 'i')
  letters!: string;
}

class Throwing {
  @IsString()
  @MaxLength(4)
  name!: string;

  constructor() {
    throw new Error('needs arguments');
  }
}

describe('dtoSchema', () => {
  it('refuses unknown properties and lists required ones', () => {
    const schema = dtoSchema(TagInput, [], refs, true);
    expect(schema).to.deep.equal({
      type: 'object',
      properties: { label: { type: 'string', maxLength: 20 } },
      required: ['label'],
      additionalProperties: false,
    });
  });

  it('lets optional body properties be null as the validator does', () => {
    const { properties } = dtoSchema(ItemInput, [], refs, true) as { properties: any };
    expect(properties.isDone.type).to.deep.equal(['boolean', 'null']);
    expect(properties.tags.type).to.deep.equal(['array', 'null']);
  });

  it('does not admit null in query, path or header values', () => {
    const { properties } = dtoSchema(ItemInput, [], refs, false) as { properties: any };
    expect(properties.isDone.type).to.equal('boolean');
  });

  it('documents a class default and stops requiring that property', () => {
    const schema = dtoSchema(ItemInput, [], refs, true) as { properties: any; required: string[] };
    expect(schema.properties.priority.default).to.equal(1);
    expect(schema.required).to.not.include('priority');
  });

  it('refers to nested DTOs through their components', () => {
    const { properties } = dtoSchema(ItemInput, [], refs, true) as { properties: any };
    expect(properties.tags.items).to.deep.equal({ $ref: '#/components/schemas/TagInput' });
    expect(properties.tags.maxItems).to.equal(3);
  });

  it('describes a nested property without @Type as never valid, as the validator refuses it', () => {
    const { properties } = dtoSchema(WithoutType, [], refs, true) as { properties: any };
    expect(properties.inner).to.deep.equal({ not: {} });
  });

  it('reads pattern bounds and keeps only flag-free patterns', () => {
    const { properties } = dtoSchema(ItemInput, [], refs, true) as { properties: any };
    expect(properties.code).to.include({ pattern: '^[A-Z]{2,4}$', minLength: 2, maxLength: 4 });
    const bounded = dtoSchema(Bounded, [], refs, true) as { properties: any };
    expect(bounded.properties.letters).to.not.have.property('pattern');
    expect(bounded.properties.letters.description).to.equal('Matches /^[a-c]{1,2}$/i.');
    expect(bounded.properties.letters).to.include({ minLength: 1, maxLength: 2 });
  });

  it('gives integers the format their bounds fit, and none when unbounded', () => {
    const { properties } = dtoSchema(Bounded, [], refs, true) as { properties: any };
    expect(properties.wide.format).to.equal('int64');
    expect(properties.unbounded).to.not.have.property('format');
    expect(properties.nickname).to.deep.include({ default: 'bob', type: ['string', 'null'] });
  });

  it('uses only the constraints of the route groups (strict groups)', () => {
    const rename = dtoSchema(ItemPatch, ['rename'], refs, true) as { properties: object };
    const reprioritize = dtoSchema(ItemPatch, ['reprioritize'], refs, true) as {
      properties: object;
    };
    expect(rename.properties).to.have.keys('name');
    expect(reprioritize.properties).to.have.keys('priority');
  });

  it('keeps the constraints when the class cannot be built for its defaults', () => {
    const schema = dtoSchema(Throwing, [], refs, true) as { properties: any };
    expect(schema.properties.name).to.deep.equal({ type: 'string', maxLength: 4 });
  });
});
