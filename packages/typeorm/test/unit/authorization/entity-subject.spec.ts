import { expect } from 'chai';
import { definePermissions } from '@bulwark/core';
import { entitySubject } from '@bulwark/typeorm';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Doc, Person } from './support/entities';

@Entity({ name: 'casl_base_record' })
class BaseRecord {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id!: string;
}

@Entity({ name: 'casl_derived_record' })
class DerivedRecord extends BaseRecord {
  @Column({ type: 'varchar', length: 20 })
  label!: string;
}

describe('entitySubject', () => {
  it('reads columns and relations from the entity decorators', () => {
    expect(entitySubject(Doc).fields).to.have.members([
      'id',
      'title',
      'rank',
      'score',
      'isOpen',
      'ownerId',
      'createdAt',
      'owner',
    ]);
    expect(entitySubject(Person).fields).to.have.members(['id', 'role', 'level', 'team', 'docs']);
  });

  it('includes inherited columns and given extra fields', () => {
    expect(entitySubject(DerivedRecord, ['display']).fields).to.have.members([
      'id',
      'label',
      'display',
    ]);
  });

  it('declares the entity class so its instances carry the subject type', () => {
    const model = definePermissions({ subjects: { Doc: entitySubject(Doc) }, roles: {} });
    expect(model.subjectTypeOf(Object.assign(new Doc(), { id: 1 }))).to.equal('Doc');
  });

  it('lets definePermissions catch a misspelt field of the entity', () => {
    expect(() =>
      definePermissions({
        subjects: { Doc: entitySubject(Doc) },
        roles: { r: ({ can }) => can('read', 'Doc', { ownerID: 'x' }) },
      }),
    )
      .to.throw()
      .with.property('code', 'ERR_CONFIG_INVALID');
  });

  it('refuses a class that is not an entity', () => {
    class Plain {}
    expect(() => entitySubject(Plain))
      .to.throw()
      .with.property('code', 'ERR_CONFIG_INVALID');
  });
});
