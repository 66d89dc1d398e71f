import { expect } from 'chai';
import { componentHeaders } from '../../../src/document/response-headers';
import { namedExamples, refusalResponses, successResponses } from '../../../src/document/responses';
import { SchemaRegistry } from '../../../src/schemas/schema-registry';
import { policyOf, useFixtureApp } from '../../support/fixtures';

describe('successResponses', () => {
  const app = useFixtureApp();
  const context = () => ({
    registry: new SchemaRegistry({ maxStringLength: 100, maxArrayLength: 10 }),
    headers: componentHeaders({
      policies: app().policies,
      challenges: app().settings.challenges,
      cors: null,
    }),
  });

  it('uses the @HttpCode status and marks authenticated answers uncacheable', () => {
    const responses = successResponses(policyOf(app(), 'ItemsController.create'), [], context());
    expect(responses).to.have.keys('201');
    expect(responses['201']?.headers).to.have.keys(
      'X-Request-Id',
      'RateLimit',
      'RateLimit-Policy',
      'Cache-Control',
    );
  });

  it('describes the result through the response DTO', () => {
    const responses = successResponses(policyOf(app(), 'ItemsController.one'), [], context());
    expect(responses['200']?.content?.['application/json']?.schema).to.deep.equal({
      $ref: '#/components/schemas/ItemView_Response',
    });
  });

  it('answers only the @OnUndefined status for a handler declared void', () => {
    const responses = successResponses(policyOf(app(), 'ItemsController.remove'), [], context());
    expect(responses).to.have.keys('204');
    expect(responses['204']).to.not.have.property('content');
  });

  it('leaves Cache-Control out of a public answer and adds response examples', () => {
    const responses = successResponses(
      policyOf(app(), 'OpenController.ping'),
      [{ name: 'hello', summary: 'Hi', response: { echo: 'hi' } }],
      context(),
    );
    expect(responses['200']?.headers).to.not.have.property('Cache-Control');
    expect(responses['200']?.content?.['application/json']?.examples).to.deep.equal({
      hello: { summary: 'Hi', value: { echo: 'hi' } },
    });
  });
});

describe('refusalResponses', () => {
  const headers = componentHeaders({ policies: [], challenges: { bearer: 'Bearer' }, cors: null });
  const context = {
    registry: new SchemaRegistry({ maxStringLength: 1, maxArrayLength: 1 }),
    headers,
  };

  it('writes one problem response per status with an example per code', () => {
    const responses = refusalResponses(
      [
        {
          status: 401,
          codes: ['ERR_AUTHN_REQUIRED'],
          carriesAddressLimits: false,
          carriesPrincipalLimits: false,
          hasChallenge: true,
        },
      ],
      context,
    );
    const unauthorized = responses['401'];
    expect(unauthorized?.description).to.include('`ERR_AUTHN_REQUIRED`');
    expect(unauthorized?.headers).to.have.keys('X-Request-Id', 'WWW-Authenticate', 'Cache-Control');
    const media = unauthorized?.content?.['application/problem+json'];
    expect(media?.examples?.ERR_AUTHN_REQUIRED?.value).to.deep.include({
      status: 401,
      code: 'ERR_AUTHN_REQUIRED',
      type: 'urn:bulwark:error:ERR_AUTHN_REQUIRED',
    });
  });

  it('sends the challenge only with refusals that carry one', () => {
    const responses = refusalResponses(
      [
        {
          status: 400,
          codes: ['ERR_AUTHN_INVALID'],
          carriesAddressLimits: false,
          carriesPrincipalLimits: false,
          hasChallenge: true,
        },
        {
          status: 403,
          codes: ['ERR_AUTHZ_DENIED'],
          carriesAddressLimits: false,
          carriesPrincipalLimits: false,
          hasChallenge: false,
        },
        {
          status: 404,
          codes: ['ERR_NOT_FOUND'],
          carriesAddressLimits: false,
          carriesPrincipalLimits: false,
          hasChallenge: false,
        },
      ],
      context,
    );
    expect(responses['400']?.headers).to.have.property('WWW-Authenticate');
    expect(responses['403']?.headers).to.not.have.property('WWW-Authenticate');
    expect(responses['404']?.headers).to.not.have.property('WWW-Authenticate');
  });
});

describe('namedExamples', () => {
  it('keeps the examples that have the part asked for', () => {
    const examples = [
      { name: 'a', request: { x: 1 } },
      { name: 'b', response: { y: 2 } },
    ];
    expect(namedExamples(examples, 'request')).to.deep.equal({ a: { value: { x: 1 } } });
    expect(namedExamples([], 'request')).to.equal(undefined);
  });
});
