/** The CLI as a user runs it (spawned, with only the environment given), temp folders and .env files. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/jobs-conformance.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `jc-${prefix}-`));
}

/** A .env file in a fresh folder: the path, for --env-file. */
export function envFile(env: Record<string, string>): string {
  const path = join(tempDir('env'), '.env');
  writeFileSync(
    path,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return path;
}

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI as a user would; the environment is the given one only (plus PATH). */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; asInstalled?: boolean } = {},
): Promise<CliOutcome> & { child: ReturnType<typeof spawn> } {
  // asInstalled: run the bin file itself, through its shebang, as the installed command runs.
  const [command, argv] = options.asInstalled ? [BIN, args] : [process.execPath, [BIN, ...args]];
  return runCommand(command, argv, options);
}

/** Spawns any command (npx, npm) in the project as a user would; the environment is the given one only (plus PATH). */
export function runCommand(
  command: string,
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliOutcome> & { child: ReturnType<typeof spawn> } {
  const child = spawn(command, argv, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliOutcome>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return Object.assign(done, { child });
}
