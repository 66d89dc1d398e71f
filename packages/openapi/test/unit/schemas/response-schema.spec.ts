import { expect } from 'chai';
import { Exclude, Expose, Type } from 'class-transformer';
import { responseSchema } from '../../../src/schemas/response-schema';
import { ItemView } from '../../support/fixtures';

const refs = (dto: Function): string => `#/components/schemas/${dto.name}`;

class Owner {
  @Expose()
  name!: string;
}

class Untyped {
  @Expose()
  anything!: unknown;
}

class Listing {
  @Expose({ name: 'total_count' })
  count!: number;

  @Expose()
  @Type(() => Owner)
  owners!: Owner[];

  @Expose()
  labels!: string[];

  @Expose()
  isOpen!: boolean;

  @Expose()
  @Type(() => Owner)
  owner!: Owner;

  @Expose()
  plain!: Untyped;

  @Expose()
  @Exclude()
  hidden!: string;
}

describe('responseSchema', () => {
  it('lists exactly the exposed properties, closed to anything else', () => {
    expect(responseSchema(ItemView, [], refs)).to.deep.equal({
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
        count: { type: 'number' },
      },
      additionalProperties: false,
    });
  });

  it('adds properties exposed to the route groups', () => {
    const schema = responseSchema(ItemView, ['admin'], refs) as { properties: object };
    expect(schema.properties).to.have.property('secretNote');
  });

  it('follows renames, arrays, nested DTOs and exclusions', () => {
    const { properties } = responseSchema(Listing, [], refs) as { properties: any };
    expect(properties).to.have.keys('total_count', 'owners', 'labels', 'isOpen', 'owner', 'plain');
    expect(properties.owners).to.deep.equal({
      type: 'array',
      items: { $ref: '#/components/schemas/Owner' },
    });
    expect(properties.labels).to.deep.equal({ type: 'array', items: {} });
    expect(properties.owner).to.deep.equal({ $ref: '#/components/schemas/Owner' });
    expect(properties.isOpen).to.deep.equal({ type: 'boolean' });
    expect(properties.plain).to.deep.equal({});
  });
});
