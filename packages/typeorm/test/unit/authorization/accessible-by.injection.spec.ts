import { expect } from 'chai';
import { createPrincipal, definePermissions } from '@bulwark/core';
import { accessibleBy } from '@bulwark/typeorm';
import {
  notePostgresSkipped,
  openPostgres,
  openSqlite,
  POSTGRES_SKIP_REASON,
  type TestDatabase,
} from './support/databases';
import { Doc } from './support/entities';

/** Values an attacker would put where a query is built: quotes, comments, statement breaks. */
const PAYLOADS = [
  "' OR '1'='1",
  "x'); DROP TABLE casl_doc; --",
  '" OR ""="',
  "\\'; SELECT 1; --",
  '%',
  '_',
  ':casl_1_0',
  '$1',
  '?',
];

const model = definePermissions({
  subjects: { Doc: { entity: Doc } },
  roles: {
    owner: ({ can }, me) => can('read', 'Doc', { ownerId: me.id }),
    titled: ({ can }, me) => can('read', 'Doc', { title: { $in: [me.attributes.title] } }),
  },
});

for (const [name, open, skip] of [
  ['SQLite', openSqlite, null],
  ['PostgreSQL', openPostgres, POSTGRES_SKIP_REASON],
] as const) {
  describe(`accessibleBy with SQL metacharacters on ${name}${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
    let db: TestDatabase;

    before(async function () {
      if (skip !== null) {
        notePostgresSkipped('accessibleBy injection test');
        this.skip();
      }
      db = await open();
      await db.dataSource
        .getRepository(Doc)
        .insert([
          ...PAYLOADS.map((payload) => ({ title: payload, ownerId: payload })),
          { title: 'innocent', ownerId: 'someone' },
        ]);
    });

    after(async () => {
      await db?.close();
    });

    const visibleTo = async (roles: string[], id: string, title = 'none') => {
      const principal = createPrincipal({
        id,
        kind: 'user',
        scheme: 'test',
        roles,
        attributes: { title },
      });
      const query = db.dataSource.getRepository(Doc).createQueryBuilder('doc');
      accessibleBy(model.abilityFor(principal)).ofType(Doc).applyTo(query);
      return (await query.getMany()).map((doc) => doc.ownerId);
    };

    it('matches a principal id full of metacharacters literally, and nothing else', async () => {
      for (const payload of PAYLOADS) {
        expect(await visibleTo(['owner'], payload), payload).to.deep.equal([payload]);
      }
    });

    it('matches rule values from principal attributes literally', async () => {
      for (const payload of PAYLOADS) {
        expect(await visibleTo(['titled'], 'u', payload), payload).to.deep.equal([payload]);
      }
    });

    it('leaves the table and its rows intact', async () => {
      expect(await db.dataSource.getRepository(Doc).count()).to.equal(PAYLOADS.length + 1);
    });
  });
}
