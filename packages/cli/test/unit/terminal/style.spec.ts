import { expect } from 'chai';
import { startProgress } from '../../../src/terminal/progress';
import { stripStyle, styleFor } from '../../../src/terminal/style';

const stream = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text) };
};

describe('styleFor', () => {
  it('colours a terminal', () => {
    expect(styleFor({ isTTY: true }, {}).red('x')).to.equal('\u001b[31mx\u001b[39m');
  });

  it('keeps pipes plain', () => {
    expect(styleFor({ isTTY: false }, {}).red('x')).to.equal('x');
  });

  it('obeys NO_COLOR on a terminal and FORCE_COLOR on a pipe', () => {
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).isEnabled).to.equal(false);
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '1' }).isEnabled).to.equal(true);
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '0' }).isEnabled).to.equal(false);
  });

  it('measures styled text without its escapes', () => {
    expect(stripStyle(styleFor({ isTTY: true }, {}).bold('abc'))).to.equal('abc');
  });
});

describe('startProgress', () => {
  it('draws a spinner on a terminal and clears it when done', () => {
    const out = stream(true);
    startProgress(out, 'Installing').done('Installed');
    expect(out.chunks[0]).to.equal('| Installing');
    expect(out.chunks.join('')).to.include('\r\u001b[2K✔ Installed\n');
  });

  it('prints only the final line on a pipe', () => {
    const out = stream(false);
    startProgress(out, 'Installing').fail('Install failed');
    expect(out.chunks).to.deep.equal(['✖ Install failed\n']);
  });
});
