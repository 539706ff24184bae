/**
 * Prism's validating proxy as an independent judge of a simulator: `prism proxy <official document>
 * <simulator>` validates every request and response against the provider's own document and says
 * what it found in the `sl-violations` response header. A small recording forwarder in front of it
 * keeps each exchange's method, path, status and violations, and hands the response on unchanged
 * (less that header), so the run sees what the simulator answered.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Prism's CLI as the dev dependency ships it (node_modules/.bin/prism points here). */
const PRISM_CLI = fileURLToPath(
  new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url),
);

/** One violation as Prism writes it: location starts with 'request' or 'response'. */
export interface PrismViolation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

/** One exchange that passed through Prism. */
export interface JudgedExchange {
  method: string;
  /** The path and query the run sent. */
  url: string;
  status: number;
  /** The response body as it reached the run (JSON when it parses), to read the values Prism names. */
  body: unknown;
  /** Prism answered itself (a problem+json of its own, such as for a body that is not JSON): the simulator did not. */
  byPrism: boolean;
  violations: PrismViolation[];
  /** The header could not be read as JSON (Prism cuts it past 8 KB and says "Too many violations!"). */
  unreadable?: string;
}

export interface PrismJudge {
  /** The base URL the run is given: the recording forwarder in front of Prism. */
  url: string;
  exchanges: JudgedExchange[];
  /** Prism's own output, for a failure message. */
  log(): string;
  close(): Promise<void>;
}

export interface PrismJudgeOptions {
  /** The official OpenAPI document (file path), JSON or YAML, 3.0 or 3.1. */
  document: string;
  /** The simulator's base URL, path included: Prism forwards each request path under it. */
  upstream: string;
}

const STARTED = /Prism is listening on (http:\/\/\S+)/;
/** Prism starts in about a second; a machine under load may need far longer. Not a timed assertion. */
const START_LIMIT_MS = 90_000;
const LOG_KEPT = 20_000;

function startPrism(
  options: PrismJudgeOptions,
): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const args = [PRISM_CLI, 'proxy', options.document, options.upstream, '--errors=false'];
  args.push('--port', '0', '--host', '127.0.0.1');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-LOG_KEPT);
  };
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('Prism did not start')), START_LIMIT_MS);
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}:\n${output}`));
    }
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`Prism exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      const started = STARTED.exec(output);
      if (!started?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url: started[1], log: () => output });
    });
  });
}

function readViolations(
  header: string | string[] | undefined,
): Pick<JudgedExchange, 'violations' | 'unreadable'> {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return { violations: [] };
  try {
    return { violations: JSON.parse(text) as PrismViolation[] };
  } catch {
    return { violations: [], unreadable: text.slice(0, 300) };
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Prism's own errors are problem+json documents whose type is one of Prism's. */
function isPrismProblem(body: unknown): boolean {
  const type = (body as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('https://stoplight.io/prism/errors#');
}

/** Headers to pass on: hop-by-hop ones belong to each connection. */
function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...rest } = headers;
  return rest;
}

function startRecorder(
  prismUrl: string,
  exchanges: JudgedExchange[],
): Promise<Server & { sockets: Set<Socket> }> {
  const prism = new URL(prismUrl);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const upstream = request(
      {
        host: prism.hostname,
        port: prism.port,
        method: req.method,
        path: req.url,
        headers: { ...forwardable(req.headers), host: prism.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', (error) => res.destroy(error));
        answer.on('end', () => {
          const { 'sl-violations': header, ...headers } = forwardable(answer.headers);
          const raw = Buffer.concat(chunks);
          const body = parsed(raw.toString('utf8'));
          exchanges.push({
            method: req.method ?? '',
            url: req.url ?? '',
            status: answer.statusCode ?? 0,
            body,
            byPrism: isPrismProblem(body),
            ...readViolations(header),
          });
          const length = req.method === 'HEAD' ? {} : { 'content-length': raw.length };
          res.writeHead(answer.statusCode ?? 502, { ...headers, ...length });
          res.end(raw);
        });
      },
    );
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(Object.assign(server, { sockets }))),
  );
}

/** Prism in front of a simulator, and the recorder in front of Prism. */
export async function startPrismJudge(options: PrismJudgeOptions): Promise<PrismJudge> {
  const prism = await startPrism(options);
  const exchanges: JudgedExchange[] = [];
  const recorder = await startRecorder(prism.url, exchanges);
  const { port } = recorder.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    log: prism.log,
    close: async () => {
      for (const socket of recorder.sockets) socket.destroy();
      await new Promise<void>((resolve) => recorder.close(() => resolve()));
      if (prism.child.exitCode !== null || prism.child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => prism.child.once('exit', () => resolve()));
      prism.child.kill();
      await exited;
    },
  };
}
