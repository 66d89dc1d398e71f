import { readBenchKeys } from '../fixtures/keys';
import { loadStack, type StackId } from '../stacks';
import { listenOnLoopback } from './server-context';

/** Messages a server process sends to the orchestrator. */
export type ServerMessage = { readonly type: 'ready'; readonly port: number };

/**
 * Entry of a server child process: starts the stack named in `argv[2]` on 127.0.0.1, reports its
 * port over IPC, and stops when told to or when the orchestrator goes away.
 */
async function main(): Promise<void> {
  const id = process.argv[2] as StackId;
  const start = await loadStack(id);
  const stack = await start({
    users: Number(process.env['BULWARK_BENCH_USERS'] ?? '32'),
    keys: readBenchKeys(),
    runDirectory: process.env['BULWARK_BENCH_RUN_DIR'] ?? process.cwd(),
  });
  const port = await listenOnLoopback(stack.server);
  const stop = (): void => {
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', port } satisfies ServerMessage);
}

main().catch((error: unknown) => {
  process.stderr.write(`server failed to start: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
