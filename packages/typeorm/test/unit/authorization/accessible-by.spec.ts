import { expect } from 'chai';
import { definePermissions } from '@bulwark/core';
import { accessibleBy } from '@bulwark/typeorm';
import { openSqlite, type TestDatabase } from './support/databases';
import { Doc, Person, Team } from './support/entities';

const model = definePermissions({ subjects: { Doc: { entity: Doc } }, roles: {} });
const rule = (conditions?: object, extra: object = {}) => ({
  action: 'read',
  subject: 'Doc',
  ...(conditions === undefined ? {} : { conditions }),
  ...extra,
});

describe('accessibleBy', () => {
  let db: TestDatabase;

  before(async () => {
    db = await openSqlite();
    const { dataSource } = db;
    await dataSource.getRepository(Team).insert({ id: 't1', name: 'red' });
    await dataSource.getRepository(Person).insert([
      { id: 'p1', role: 'editor', level: 1, team: { id: 't1' } },
      { id: 'p2', role: null, level: null, team: null },
    ]);
    await dataSource.getRepository(Doc).insert([
      { title: 'alpha', rank: 1, isOpen: true, ownerId: 'p1', owner: { id: 'p1' } },
      { title: 'beta', rank: 2, isOpen: false, ownerId: 'p2', owner: { id: 'p2' } },
      { title: 'gamma', rank: 3, isOpen: null, ownerId: null, owner: null },
      { title: null, rank: null, isOpen: true, ownerId: 'p1', owner: { id: 'p1' } },
    ]);
  });

  after(() => db.close());

  const query = () => db.dataSource.getRepository(Doc).createQueryBuilder('doc').orderBy('doc.id');
  const titles = async (rules: object[], action = 'read') => {
    const narrowed = accessibleBy(model.abilityOf(rules as never), action)
      .ofType(Doc)
      .applyTo(query());
    return (await narrowed.getMany()).map((doc) => doc.title);
  };

  describe('#applyTo', () => {
    it('returns every row for an unconditional rule and none without a rule', async () => {
      expect(await titles([rule()])).to.deep.equal(['alpha', 'beta', 'gamma', null]);
      expect(await titles([])).to.deep.equal([]);
      expect(await titles([rule()], 'delete')).to.deep.equal([]);
    });

    it('unites several can rules', async () => {
      expect(await titles([rule({ rank: 1 }), rule({ rank: { $gte: 3 } })])).to.deep.equal([
        'alpha',
        'gamma',
      ]);
    });

    it('subtracts a cannot rule declared after the can rules', async () => {
      const rules = [rule(), rule({ isOpen: true }, { inverted: true })];
      expect(await titles(rules)).to.deep.equal(['beta', 'gamma']);
    });

    it('lets a can rule declared after a cannot rule override it, as CASL does', async () => {
      const rules = [rule({ isOpen: true }, { inverted: true }), rule({ ownerId: 'p1' })];
      expect(await titles(rules)).to.deep.equal(['alpha', null]);
    });

    it('answers NULL columns as CASL does', async () => {
      expect(await titles([rule({ rank: { $lt: 2 } })])).to.deep.equal(['alpha', null]);
      expect(await titles([rule({ isOpen: { $ne: true } })])).to.deep.equal(['beta', 'gamma']);
      expect(await titles([rule({ title: { $in: ['beta', null] } })])).to.deep.equal([
        'beta',
        null,
      ]);
      expect(await titles([rule({ title: { $nin: ['beta'] } })])).to.deep.equal([
        'alpha',
        'gamma',
        null,
      ]);
    });

    it('follows dot paths into to-one relations, an absent relation matching nothing but $ne', async () => {
      expect(await titles([rule({ 'owner.role': 'editor' })])).to.deep.equal(['alpha', null]);
      expect(await titles([rule({ 'owner.team.name': 'red' })])).to.deep.equal(['alpha', null]);
      expect(await titles([rule({ 'owner.role': { $ne: 'editor' } })])).to.deep.equal([
        'beta',
        'gamma',
      ]);
      expect(await titles([rule({ 'owner.role': { $exists: false } })])).to.deep.equal(['gamma']);
    });

    it('counts a field-restricted can rule and ignores a field-restricted cannot rule', async () => {
      const rules = [
        rule({ rank: 1 }, { fields: ['title'] }),
        rule({ rank: 1 }, { inverted: true, fields: ['title'] }),
      ];
      expect(await titles(rules)).to.deep.equal(['alpha']);
    });

    it('keeps ordering and paging intact across joins', async () => {
      const narrowed = accessibleBy(
        model.abilityOf([rule({ 'owner.level': { $gte: 0 } }), rule({ rank: 2 })] as never),
      )
        .ofType(Doc)
        .applyTo(query());
      const page = await narrowed.offset(1).limit(2).getMany();
      expect(page.map((doc) => doc.title)).to.deep.equal(['beta', null]);
      expect(await narrowed.getCount()).to.equal(3);
    });

    it("keeps the query's own conditions, OR included, as a further restriction", async () => {
      const own = query().where('doc.rank = :a OR doc.rank = :b', { a: 1, b: 3 });
      accessibleBy(model.abilityOf([rule({ rank: { $gte: 2 } })] as never))
        .ofType(Doc)
        .applyTo(own);
      expect((await own.getMany()).map((doc) => doc.title)).to.deep.equal(['gamma']);
    });

    it('binds every value as a parameter', () => {
      const narrowed = accessibleBy(
        model.abilityOf([rule({ title: 'needle', rank: { $gt: 41 }, isOpen: true })] as never),
      )
        .ofType(Doc)
        .applyTo(query());
      const [sql, parameters] = narrowed.getQueryAndParameters();
      expect(sql).to.not.include('needle').and.to.not.include('41');
      expect(parameters).to.deep.equal(['needle', 41, 1]);
    });

    it('takes the subject type from the entity metadata or from an explicit name', async () => {
      const custom = [{ action: 'read', subject: 'Document' }];
      const ability = model.abilityOf(custom as never);
      expect(await accessibleBy(ability).ofType(Doc).applyTo(query()).getCount()).to.equal(0);
      expect(
        await accessibleBy(ability).ofType(Doc, 'Document').applyTo(query()).getCount(),
      ).to.equal(4);
    });
  });

  context('when the rules cannot be translated exactly', () => {
    const refusal = (rules: object[], build = query) => {
      const narrowed = build();
      const before = narrowed.getQuery();
      try {
        accessibleBy(model.abilityOf(rules as never))
          .ofType(Doc)
          .applyTo(narrowed);
      } catch (error) {
        expect(narrowed.getQuery(), 'query left untouched').to.equal(before);
        return error as { code: string; details: { problem: string } };
      }
      throw new Error('expected a refusal');
    };

    it('refuses operators it cannot express, naming them', () => {
      const regex = refusal([rule({ title: { $regex: '^a' } })]);
      expect(regex.code).to.equal('ERR_POLICY_INVALID');
      expect(regex.details.problem).to.equal('"title": the operator $regex is not supported');
      expect(refusal([rule({ title: { $size: 1 } })]).code).to.equal('ERR_POLICY_INVALID');
    });

    it('refuses paths it cannot follow exactly', () => {
      expect(refusal([rule({ 'owner.docs.title': 'x' })]).details.problem).to.equal(
        '"owner.docs.title": "docs" is a to-many relation',
      );
      expect(refusal([rule({ owner: 'p1' })]).details.problem).to.match(/"owner" is not a column/);
      expect(refusal([rule({ missing: 1 })]).details.problem).to.match(/"missing" is not a column/);
    });

    it('refuses values that compare differently in SQL', () => {
      expect(refusal([rule({ rank: '1' })]).details.problem).to.equal(
        '"rank": a string value is compared with number values',
      );
      expect(refusal([rule({ rank: { $lt: null } })]).details.problem).to.equal(
        'a rule has conditions CASL could not parse',
      );
      expect(refusal([rule({ rank: { $in: [1, 'x'] } })]).details.problem).to.equal(
        '"rank": a string value is compared with number values',
      );
      expect(refusal([rule({ title: { $gt: '\u{1F600}' } })]).details.problem).to.match(
        /beyond U\+D7FF/,
      );
      expect(refusal([rule({ title: { $eq: ['a'] } })]).code).to.equal('ERR_POLICY_INVALID');
    });

    it('refuses a top-level $or, which CASL reads as a field name', () => {
      expect(refusal([rule({ $or: [{ rank: 1 }] })]).details.problem).to.match(/"\$or"/);
    });

    it('refuses a query over another entity and an unsupported database', () => {
      const people = () => db.dataSource.getRepository(Person).createQueryBuilder('p') as never;
      expect(refusal([rule()], people).details.problem).to.match(/selects Person/);
      const mysql = () => {
        const narrowed = query();
        Object.defineProperty(narrowed.connection.driver, 'options', { value: { type: 'mysql' } });
        return narrowed;
      };
      const error = refusal([rule()], mysql);
      Object.defineProperty(db.dataSource.driver, 'options', { value: db.dataSource.options });
      expect(error.details.problem).to.equal('the database type "mysql" is not supported');
    });
  });
});
