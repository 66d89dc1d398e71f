import { expect } from 'chai';
import { IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { SchemaRegistry } from '../../../src/schemas/schema-registry';
import { ItemInput, ItemPatch, ItemView, TagInput } from '../../support/fixtures';

const bounds = { maxStringLength: 30, maxArrayLength: 2 };

function twinNamed(): Function {
  class TagInput {
    @IsString()
    @MaxLength(5)
    other!: string;
  }
  return TagInput;
}

class TreeNode {
  @IsString()
  @MaxLength(10)
  name!: string;

  @ValidateNested({ each: true })
  @Type(() => TreeNode)
  children!: TreeNode[];
}

describe('SchemaRegistry', () => {
  describe('#ref', () => {
    it('converts a body DTO once, with its nested DTOs, capped at the payload limits', () => {
      const registry = new SchemaRegistry(bounds);
      expect(registry.ref(ItemInput, [], 'body')).to.deep.equal({
        $ref: '#/components/schemas/ItemInput',
      });
      registry.ref(ItemInput, [], 'body');
      const schemas = registry.components() as Record<string, any>;
      expect(schemas).to.have.keys('ItemInput', 'TagInput');
      expect(schemas.ItemInput.properties.name.maxLength).to.equal(30);
      expect(schemas.ItemInput.properties.tags.maxItems).to.equal(2);
      expect(schemas.TagInput.properties.label.maxLength).to.equal(20);
    });

    it('names each usage and group set apart', () => {
      const registry = new SchemaRegistry(bounds);
      registry.ref(ItemPatch, ['rename'], 'body');
      registry.ref(ItemPatch, ['reprioritize'], 'body');
      registry.ref(ItemView, [], 'response');
      expect(registry.components()).to.have.keys(
        'ItemPatch_rename',
        'ItemPatch_reprioritize',
        'ItemView_Response',
      );
    });

    it('keeps two classes with one name apart instead of overwriting', () => {
      const registry = new SchemaRegistry(bounds);
      const first = registry.ref(TagInput, [], 'body');
      const second = registry.ref(twinNamed(), [], 'body');
      expect(first).to.not.deep.equal(second);
      expect(registry.components()).to.have.keys('TagInput', 'TagInput_2');
    });

    it('lets a DTO refer to itself', () => {
      const registry = new SchemaRegistry(bounds);
      registry.ref(TreeNode, [], 'body');
      const tree = registry.components().TreeNode as any;
      expect(tree.properties.children.items).to.deep.equal({
        $ref: '#/components/schemas/TreeNode',
      });
    });
  });

  describe('#parameters', () => {
    it('inlines a parameter DTO, bounding strings by the location and without null', () => {
      const registry = new SchemaRegistry(bounds);
      const schema = registry.parameters(ItemInput, [], { maxLength: 2000 }) as any;
      expect(schema.properties.note.type).to.equal('string');
      expect(schema.properties.note.maxLength).to.equal(2000);
      expect(registry.components()).to.have.keys('TagInput_Parameters');
    });
  });
});
