import 'reflect-metadata';
import { expect } from 'chai';
import { Exclude, Expose, instanceToPlain, Type } from 'class-transformer';
import { createResponseShaper } from '../../../src/validation/shape-response';

class Account {
  id = 'u1';
  name = 'ann';
  @Exclude() passwordHash = 'scrypt$secret';
  createdAt = new Date('2026-01-02T03:04:05Z');
}

class TagView {
  @Expose() label!: string;
}

class AccountView {
  @Expose() id!: string;
  @Expose() name!: string;
  @Expose() createdAt!: Date;
  @Expose({ groups: ['admin'] }) email!: string;
  @Expose() @Type(() => TagView) tags!: TagView[];
}

class UntypedView {
  @Expose() id!: string;
  @Expose() owner!: { name: string };
}

describe('createResponseShaper', () => {
  context('without a response DTO', () => {
    const shape = createResponseShaper(null, []);

    it('drops excluded properties and keeps the rest', () => {
      expect(shape(new Account())).to.deep.equal({
        id: 'u1',
        name: 'ann',
        createdAt: new Date('2026-01-02T03:04:05Z'),
      });
    });

    it('passes primitives, null and undefined through', () => {
      for (const value of ['text', 3, true, null, undefined]) expect(shape(value)).to.equal(value);
    });

    it('returns a tree of plain objects, lists and primitives as it is', () => {
      const bare = Object.assign(Object.create(null) as object, { id: 'b1' });
      const tree = { id: 'n1', tags: ['a', 'b'], meta: { count: 2, flags: [true, null] }, bare };

      expect(shape(tree)).to.equal(tree);
      expect(shape([tree, { id: 'n2' }])).to.deep.equal([tree, { id: 'n2' }]);
      const list = [1, 'two', { three: 3 }];
      expect(shape(list)).to.equal(list);
    });

    it('drops excluded properties of an instance nested in a plain object or a list', () => {
      const shaped = shape({ owner: new Account(), members: [new Account()] });

      expect(JSON.stringify(shaped)).to.not.include('scrypt$secret');
      expect(shaped).to.have.nested.property('owner.name', 'ann');
      expect(shaped).to.have.nested.property('members[0].id', 'u1');
    });

    it('drops excluded properties of an instance far down a plain tree', () => {
      let tree: object = { account: new Account() };
      for (let depth = 0; depth < 40; depth += 1) tree = { next: [tree] };

      expect(JSON.stringify(shape(tree))).to.not.include('scrypt$secret');
    });

    it('serialises a Date inside a plain tree as class-transformer does', () => {
      const tree = { id: 'n1', at: new Date('2026-01-02T03:04:05Z'), list: [new Date(0)] };

      const shaped = shape(tree);

      expect(shaped).to.deep.equal(instanceToPlain(tree));
      expect(JSON.stringify(shaped)).to.equal(JSON.stringify(instanceToPlain(tree)));
      expect(JSON.stringify(shaped)).to.include('"at":"2026-01-02T03:04:05.000Z"');
    });
  });

  context('with a response DTO', () => {
    const plain = {
      id: 'u1',
      name: 'ann',
      email: 'ann@example.com',
      passwordHash: 'scrypt$secret',
      createdAt: new Date('2026-01-02T03:04:05Z'),
      tags: [{ label: 'vip', internal: true }],
    };

    it('sends only exposed properties, nested DTOs included', () => {
      const shaped = createResponseShaper(AccountView, [])(plain);

      expect(shaped).to.deep.equal({
        id: 'u1',
        name: 'ann',
        createdAt: new Date('2026-01-02T03:04:05Z'),
        tags: [{ label: 'vip' }],
      });
    });

    it('adds group-only properties when the route names the group', () => {
      const shaped = createResponseShaper(AccountView, ['admin'])(plain);

      expect(shaped).to.have.property('email', 'ann@example.com');
      expect(shaped).to.not.have.property('passwordHash');
    });

    it('shapes every element of a list', () => {
      const shaped = createResponseShaper(AccountView, [])([plain, plain]) as object[];

      expect(shaped).to.have.length(2);
      for (const item of shaped) expect(item).to.not.have.property('passwordHash');
    });

    it('honours entity exclusions before copying', () => {
      const shaped = createResponseShaper(AccountView, [])(new Account());

      expect(JSON.stringify(shaped)).to.not.include('scrypt$secret');
    });

    it('refuses to send a nested object the DTO does not type', () => {
      const shape = createResponseShaper(UntypedView, []);

      expect(() => shape({ id: '1', owner: { name: 'ann', passwordHash: 'x' } }))
        .to.throw('UntypedView.owner')
        .with.property('code', 'ERR_POLICY_INVALID');
    });

    it('refuses an untyped object inside a list too', () => {
      const shape = createResponseShaper(UntypedView, []);

      expect(() => shape([{ id: '1', owner: [{ name: 'ann' }] }]))
        .to.throw('UntypedView[0].owner[0]')
        .with.property('code', 'ERR_POLICY_INVALID');
    });

    it('accepts an untyped property when it holds a primitive or nothing', () => {
      const shape = createResponseShaper(UntypedView, []);

      expect(shape({ id: '1', owner: null })).to.deep.equal({ id: '1', owner: null });
    });
  });
});
