import 'reflect-metadata';
import { expect } from 'chai';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  hasTransformerMetadata,
  transformerMetadataSize,
} from '../../../../src/validation/compiled/transformer-metadata';

describe('hasTransformerMetadata', () => {
  it('is false for a class class-transformer knows nothing of', () => {
    class Plain {
      name?: string;
    }
    expect(hasTransformerMetadata(Plain, ['name'])).to.equal(false);
  });

  it('sees @Type and @Transform on a property, inherited ones included', () => {
    class Typed {
      @Type(() => Number)
      n?: number;
    }
    class Base {
      @Transform(({ value }) => value)
      name?: string;
    }
    class Derived extends Base {}
    expect(hasTransformerMetadata(Typed, ['n'])).to.equal(true);
    expect(hasTransformerMetadata(Derived, ['name'])).to.equal(true);
  });

  it('sees class-level @Exclude and any @Expose or @Exclude', () => {
    @Exclude()
    class Hidden {}
    class Exposing {
      @Expose()
      other?: string;
    }
    class Excluding {
      @Exclude()
      secret?: string;
    }
    expect(hasTransformerMetadata(Hidden, [])).to.equal(true);
    expect(hasTransformerMetadata(Exposing, ['name'])).to.equal(true);
    expect(hasTransformerMetadata(Excluding, ['name'])).to.equal(true);
  });
});

describe('transformerMetadataSize', () => {
  it('grows when a class gets its first class-transformer decorator', () => {
    const before = transformerMetadataSize() as number;
    class Fresh {}
    Expose()(Fresh.prototype, 'name');
    expect(transformerMetadataSize()).to.equal(before + 1);
  });
});
