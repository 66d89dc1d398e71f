import { expect } from 'chai';
import { scrubLogText } from '../../../src/errors/scrub-log-text';

describe('scrubLogText', () => {
  it('masks the password of a URL and keeps the rest', () => {
    expect(scrubLogText('connect ECONNREFUSED postgres://app:s3cr3t@db:5432/notes')).to.equal(
      'connect ECONNREFUSED postgres://app:[REDACTED]@db:5432/notes',
    );
    expect(scrubLogText('redis://:only-password@cache:6379')).to.equal(
      'redis://:[REDACTED]@cache:6379',
    );
  });

  it('masks key=value secrets, bearer tokens and JWTs', () => {
    const text =
      'login failed password=hunter2, api_key: abc123; Authorization: Bearer tok.en.value eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig';

    const scrubbed = scrubLogText(text);

    for (const secret of ['hunter2', 'abc123', 'tok.en.value', 'eyJhbGciOiJIUzI1NiJ9']) {
      expect(scrubbed, secret).to.not.include(secret);
    }
    expect(scrubbed).to.include('password=[REDACTED]').and.include('api_key: [REDACTED]');
  });

  it('leaves text without credentials alone and cuts very long text', () => {
    expect(scrubLogText('TypeError: x is not a function')).to.equal(
      'TypeError: x is not a function',
    );
    expect(scrubLogText('x'.repeat(5000))).to.have.length(4001);
  });
});
