import { expect } from 'chai';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import {
  Authorize,
  checksWrittenFields,
  compilePolicies,
  type CompileOptions,
  type RoutePolicy,
} from '@bulwark/core';
import { BASE, route } from './fixtures';

class NoteInput {
  @IsString()
  title!: string;

  @IsOptional()
  @IsBoolean()
  isPublished?: boolean;
}

class SneakyInput {
  @IsString()
  title!: string;

  @IsString()
  colour!: string;
}

class SearchInput {
  @IsString()
  query!: string;
}

const body = (type: Function) => [{ source: 'body' as const, type }];
const compile = (routes: CompileOptions['routes']) => compilePolicies({ ...BASE, routes });
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    return (error as { details: { problems: string[] } }).details.problems;
  }
  return [];
};

describe('compileAuthorization', () => {
  context('when a write route takes a body DTO', () => {
    class Writes {
      create(): void {}
      sneaky(): void {}
      search(): void {}
    }
    Authorize('create', 'Note')(Writes.prototype, 'create');
    Authorize('create', 'Note')(Writes.prototype, 'sneaky');
    Authorize('read', 'Note', { list: true })(Writes.prototype, 'search');

    it('accepts a DTO whose properties are fields of the subject', () => {
      const [create] = compile([route(Writes, 'create', 'POST', '/notes', body(NoteInput))]);
      expect(create?.validation.body).to.equal(NoteInput);
    });

    it('refuses a DTO property the subject does not declare', () => {
      expect(
        problemsOf(() => compile([route(Writes, 'sneaky', 'POST', '/notes', body(SneakyInput))])),
      ).to.deep.equal([
        'Writes.sneaky (POST /notes): the body DTO SneakyInput has the property "colour", which subject "Note" does not declare; no field rule could cover it.',
      ]);
    });

    it('leaves a read route that posts a search body alone', () => {
      const [search] = compile([route(Writes, 'search', 'POST', '/search', body(SearchInput))]);
      expect(search && checksWrittenFields(search)).to.equal(false);
    });
  });
});

describe('checksWrittenFields', () => {
  const base = {
    isMutating: true,
    validation: { body: NoteInput } as unknown as RoutePolicy['validation'],
    authorization: { action: 'update', subject: 'Note' } as RoutePolicy['authorization'],
  };

  it('checks a mutating route with a body, an action and a subject', () => {
    expect(checksWrittenFields(base)).to.equal(true);
  });

  it('skips reads, routes without a body, public routes and role-only policies', () => {
    expect(checksWrittenFields({ ...base, isMutating: false })).to.equal(false);
    expect(
      checksWrittenFields({
        ...base,
        validation: { body: null } as unknown as RoutePolicy['validation'],
      }),
    ).to.equal(false);
    expect(checksWrittenFields({ ...base, authorization: null })).to.equal(false);
    expect(
      checksWrittenFields({
        ...base,
        authorization: { action: null, subject: null } as RoutePolicy['authorization'],
      }),
    ).to.equal(false);
  });
});
