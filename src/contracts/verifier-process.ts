/**
 * The Pact verifier, run in a child process (verify.ts spawns it): the verifier core prints its
 * whole report (about a thousand lines) straight to the process's standard output, which the
 * parent keeps in the log file instead of the terminal. Options arrive and the result (the
 * verifier's JSON) leaves over the IPC channel.
 *
 * In a read-only verification the requests of write operations never reach the provider: the
 * verifier's proxy answers them itself with WRITE_REFUSED_STATUS (the parent reports those
 * interactions as not verified).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Verifier } from '@pact-foundation/pact';
import { type ChildOptions, type ChildResult, WRITE_REFUSED_STATUS } from './verifier-protocol.ts';

function guard(refuse: ChildOptions['refuse']) {
  const rules = refuse.map((r) => ({ method: r.method, pattern: new RegExp(r.pattern) }));
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (rules.some((r) => r.method === req.method && r.pattern.test(path))) {
      res.writeHead(WRITE_REFUSED_STATUS, { 'content-type': 'text/plain' });
      res.end('not sent: a read-only verification sends no writes');
      return;
    }
    next();
  };
}

async function run(options: ChildOptions): Promise<ChildResult> {
  const verifier = new Verifier({
    ...options.verifier,
    ...(options.refuse.length > 0 ? { requestFilter: guard(options.refuse) as never } : {}),
  });
  try {
    return { ok: true, json: await verifier.verifyProvider() };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    return message.trimStart().startsWith('{') ? { ok: false, json: message } : { ok: false, error: message };
  }
}

// Only as the child's entry point: a module that merely imports this one must not take its messages.
if (process.send && process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.once('message', (options: ChildOptions) => {
    void run(options).then((result) => {
      process.send!(result, () => process.exit(0));
    });
  });
}
