import 'reflect-metadata';
import { expect } from 'chai';
import { Exclude, Expose, Type } from 'class-transformer';
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
