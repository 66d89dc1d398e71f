import { expect } from 'chai';
import { Get, JsonController } from 'routing-controllers';
import { startNotesApp } from '../support/notes-app';

@JsonController('/forgotten')
class ForgottenController {
  @Get('/')
  list(): string[] {
    return [];
  }
}

describe('notes-api in strict mode', () => {
  it('refuses to start when a route declares no policy, naming it', async () => {
    let failure: { code?: string; details?: { routes?: string[] } } | undefined;
    await startNotesApp({ extraControllers: [ForgottenController] }).then(
      (app) => app.close(),
      (error: unknown) => {
        failure = error as typeof failure;
      },
    );
    expect(failure?.code).to.equal('ERR_POLICY_MISSING');
    expect(failure?.details?.routes).to.deep.equal(['GET /forgotten (ForgottenController.list)']);
  });
});
