import { expect } from 'chai';
import { Readable } from 'node:stream';
import express, { type Request, type Response } from 'express';
import {
  ContentType,
  Controller,
  Get,
  getMetadataArgsStorage,
  Header,
  HttpCode,
  Interceptor,
  JsonController,
  Location,
  OnNull,
  OnUndefined,
  Redirect,
  Render,
  ResponseClassTransformOptions,
  UseInterceptor,
} from 'routing-controllers';
import { planJsonAnswer, writeJson, type JsonAnswer } from '../../../src/runtime/json-answer';

/** Stands in for Bulwark's own interceptor, which the direct answer comes after. */
function ownInterceptor(_action: unknown, result: unknown): unknown {
  return result;
}

function otherInterceptor(_action: unknown, result: unknown): unknown {
  return { wrapped: result };
}

@JsonController('/json-answer')
class AnswerController {
  @Get('/plain')
  @UseInterceptor(ownInterceptor)
  plain(): object {
    return {};
  }

  @Get('/created')
  @HttpCode(201)
  @Header('X-Made', 'yes')
  @Location('/json-answer/plain')
  @OnUndefined(204)
  @OnNull(404)
  created(): object {
    return {};
  }

  @Get('/text')
  @ContentType('text/plain')
  text(): string {
    return '';
  }

  @Get('/csv')
  @Header('content-type', 'text/csv')
  csv(): string {
    return '';
  }

  @Get('/moved')
  @Redirect('/elsewhere')
  moved(): string {
    return '';
  }

  @Get('/page')
  @Render('page')
  page(): object {
    return {};
  }

  @Get('/wrapped')
  @UseInterceptor(otherInterceptor)
  wrapped(): object {
    return {};
  }

  @Get('/transformed')
  @ResponseClassTransformOptions({ excludePrefixes: ['_'] })
  transformed(): object {
    return {};
  }
}

@JsonController('/json-answer-intercepted')
@UseInterceptor(otherInterceptor)
class InterceptedController {
  @Get('/')
  any(): object {
    return {};
  }
}

@Controller('/json-answer-html')
class HtmlController {
  @Get('/')
  any(): object {
    return {};
  }
}

/** A hand-written response recording what was written to it. */
class RecordingResponse {
  statusCode = 200;
  headersSent = false;
  readonly headers = new Map<string, unknown>();
  isEnded = false;
  body: unknown = undefined;

  setHeader(name: string, value: unknown): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  getHeader(name: string): unknown {
    return this.headers.get(name.toLowerCase());
  }

  end(body?: unknown): this {
    this.isEnded = true;
    this.body = body;
    return this;
  }
}

function requestTo(method = 'GET', app = express()): Request {
  return { method, app } as unknown as Request;
}

const answer = (status: number | null = null, headers: [string, string][] = []): JsonAnswer =>
  Object.freeze({ status, headers: Object.freeze(headers) });

function written(
  result: unknown,
  options: { method?: string; app?: express.Express; plan?: JsonAnswer } = {},
) {
  const response = new RecordingResponse();
  const isWritten = writeJson(
    requestTo(options.method, options.app),
    response as unknown as Response,
    options.plan ?? answer(),
    result,
  );
  return { isWritten, response };
}

describe('planJsonAnswer', () => {
  it('plans a JSON action with only Bulwark’s interceptor, keeping the response status', () => {
    const plan = planJsonAnswer(AnswerController, 'plain', ownInterceptor);

    expect(plan).to.deep.equal({ status: null, headers: [] });
    expect(Object.isFrozen(plan)).to.equal(true);
  });

  it('carries the @HttpCode status and the @Header and @Location headers', () => {
    const plan = planJsonAnswer(AnswerController, 'created', ownInterceptor);

    expect(plan?.status).to.equal(201);
    expect(plan?.headers).to.have.deep.members([
      ['X-Made', 'yes'],
      ['Location', '/json-answer/plain'],
    ]);
  });

  it('leaves routes of a controller that is not a JSON controller to routing-controllers', () => {
    expect(planJsonAnswer(HtmlController, 'any', ownInterceptor)).to.equal(null);
  });

  for (const handler of ['text', 'csv', 'moved', 'page', 'transformed'] as const) {
    it(`leaves the ${handler} action, whose decorators change the answer, to routing-controllers`, () => {
      expect(planJsonAnswer(AnswerController, handler, ownInterceptor)).to.equal(null);
    });
  }

  it('leaves an action with an interceptor of its own to routing-controllers', () => {
    expect(planJsonAnswer(AnswerController, 'wrapped', ownInterceptor)).to.equal(null);
  });

  it('leaves every action of a controller with a class-level interceptor', () => {
    expect(planJsonAnswer(InterceptedController, 'any', ownInterceptor)).to.equal(null);
  });

  it('plans nothing while a global interceptor is registered', () => {
    const storage = getMetadataArgsStorage();
    class EverywhereInterceptor {}
    Interceptor()(EverywhereInterceptor);
    try {
      expect(planJsonAnswer(AnswerController, 'plain', ownInterceptor)).to.equal(null);
    } finally {
      storage.interceptors = storage.interceptors.filter((i) => i.target !== EverywhereInterceptor);
    }
    expect(planJsonAnswer(AnswerController, 'plain', ownInterceptor)).to.not.equal(null);
  });
});

describe('writeJson', () => {
  context('when the result is an object or a list', () => {
    it('writes status, headers, a fixed Content-Type, the length and the body', () => {
      const plan = answer(201, [['X-Made', 'yes']]);

      const { isWritten, response } = written({ id: 'n1', tags: ['a'] }, { plan });

      expect(isWritten).to.equal(true);
      expect(response.statusCode).to.equal(201);
      expect(Object.fromEntries(response.headers)).to.deep.equal({
        'x-made': 'yes',
        'content-type': 'application/json; charset=utf-8',
        'content-length': 24,
      });
      expect(response.body).to.equal('{"id":"n1","tags":["a"]}');
    });

    it('keeps the status the response already has without @HttpCode', () => {
      const response = new RecordingResponse();
      response.statusCode = 202;

      writeJson(requestTo(), response as unknown as Response, answer(), [1, 2]);

      expect(response.statusCode).to.equal(202);
      expect(response.body).to.equal('[1,2]');
    });

    it('gives the byte length of multibyte JSON as Content-Length', () => {
      const result = { title: 'Grüße ✓ 日本語 🚀' };
      const body = JSON.stringify(result);

      const { response } = written(result);

      expect(response.headers.get('content-length')).to.equal(Buffer.byteLength(body, 'utf8'));
      expect(Buffer.byteLength(body, 'utf8')).to.be.greaterThan(body.length);
      expect(response.body).to.equal(body);
    });

    it('sends the headers and no body to HEAD', () => {
      const { isWritten, response } = written({ id: 'n1' }, { method: 'HEAD' });

      expect(isWritten).to.equal(true);
      expect(response.isEnded).to.equal(true);
      expect(response.body).to.equal(undefined);
      expect(response.headers.get('content-length')).to.equal(11);
    });
  });

  context('when the result is not a JSON object', () => {
    const results: ReadonlyArray<[string, unknown]> = [
      ['a string', 'text'],
      ['a number', 3],
      ['a boolean', true],
      ['null', null],
      ['undefined', undefined],
      ['a Buffer', Buffer.from('{"id":1}')],
      ['a stream', Readable.from(['{}'])],
      ['an object whose toJSON gives nothing', { toJSON: () => undefined }],
    ];

    for (const [name, result] of results) {
      it(`declines ${name} and writes nothing`, () => {
        const { isWritten, response } = written(result);

        expect(isWritten).to.equal(false);
        expect(response.isEnded).to.equal(false);
        expect(response.headers.size).to.equal(0);
        expect(response.statusCode).to.equal(200);
      });
    }
  });

  context('when the status carries no body', () => {
    it('declines an @HttpCode of 204 or 304', () => {
      for (const status of [204, 304]) {
        const { isWritten, response } = written({ id: 1 }, { plan: answer(status) });

        expect(isWritten, String(status)).to.equal(false);
        expect(response.headers.size).to.equal(0);
      }
    });

    it('declines a response already set to 204 or 304', () => {
      for (const status of [204, 304]) {
        const response = new RecordingResponse();
        response.statusCode = status;

        expect(
          writeJson(requestTo(), response as unknown as Response, answer(), { id: 1 }),
        ).to.equal(false);
        expect(response.isEnded).to.equal(false);
      }
    });
  });

  context('when the app changed Express’s JSON settings', () => {
    const settings: ReadonlyArray<[string, unknown]> = [
      ['json spaces', 2],
      ['json replacer', (_key: string, value: unknown) => value],
      ['json escape', true],
    ];

    for (const [name, value] of settings) {
      it(`declines under "${name}", leaving the answer to res.json`, () => {
        const app = express();
        app.set(name, value);

        const { isWritten, response } = written({ html: '<b>' }, { app });

        expect(isWritten).to.equal(false);
        expect(response.headers.size).to.equal(0);
      });
    }
  });

  context('when the handler set a content type of its own', () => {
    it('declines, so Express sends the object under that type', () => {
      const response = new RecordingResponse();
      response.setHeader('Content-Type', 'application/vnd.example+json');

      expect(writeJson(requestTo(), response as unknown as Response, answer(), { id: 1 })).to.equal(
        false,
      );
      expect(response.isEnded).to.equal(false);
      expect(response.getHeader('content-type')).to.equal('application/vnd.example+json');
    });
  });

  context('when the headers were sent already', () => {
    it('declines and writes nothing more', () => {
      const response = new RecordingResponse();
      response.headersSent = true;

      expect(writeJson(requestTo(), response as unknown as Response, answer(), { id: 1 })).to.equal(
        false,
      );
      expect(response.isEnded).to.equal(false);
    });
  });
});
