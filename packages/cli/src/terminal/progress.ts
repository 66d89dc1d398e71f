import type { OutputStream } from './io';

/** A running step indicator. */
export interface Progress {
  /** Stops the indicator and prints the final line for the step. */
  done(message: string): void;
  /** Stops the indicator and prints the step as failed. */
  fail(message: string): void;
}

const FRAMES = ['|', '/', '-', '\\'];
const FRAME_MS = 100;

/**
 * Shows a spinner with a label on stderr while a long step runs — only when stderr is a
 * terminal. Elsewhere (pipes, CI logs) it prints nothing until the step ends, then one line, so
 * logs are not flooded with redraws.
 *
 * @param stream - stderr.
 * @param label - What is happening, such as `Installing dependencies`.
 * @returns Handles to end the step.
 */
export function startProgress(stream: OutputStream, label: string): Progress {
  const isLive = stream.isTTY === true;
  let frame = 0;
  const timer = isLive
    ? setInterval(() => {
        frame = (frame + 1) % FRAMES.length;
        stream.write(`\r${FRAMES[frame]} ${label}`);
      }, FRAME_MS)
    : null;
  if (isLive) stream.write(`${FRAMES[0]} ${label}`);
  const finish = (mark: string, message: string): void => {
    if (timer !== null) {
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    }
    stream.write(`${mark} ${message}\n`);
  };
  return {
    done: (message) => finish('✔', message),
    fail: (message) => finish('✖', message),
  };
}
