import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/index.ts';
import { servableApis } from '../simulators/index.ts';
import { resolveApis, resolveFaults, runMock } from './mock-command.ts';

const BIN = fileURLToPath(new URL('../../bin/jobs-conformance.js', import.meta.url));

describe('mock options', () => {
  it('resolves all, one API, repeats; rejects unknown APIs naming the valid ones', () => {
    expect(resolveApis(['all'])).toEqual(servableApis());
    expect(resolveApis([])).toEqual(servableApis());
    expect(resolveApis(['cloudflare-ai-search', 'cloudflare-ai-search'])).toEqual(['cloudflare-ai-search']);
    expect(() => resolveApis(['cloudflare'])).toThrow(UsageError);
    expect(() => resolveApis(['cloudflare'])).toThrow(
      /unknown --api 'cloudflare' \(valid: all, cloudflare-ai-search/,
    );
  });

  it('rejects unknown faults naming the valid ones', () => {
    expect(resolveFaults(['transport.slow', 'transport.slow'])).toEqual(['transport.slow']);
    expect(() => resolveFaults(['slow'])).toThrow(/unknown --fault 'slow' \(valid: status.undocumented, /);
  });
});

describe('runMock', () => {
  it('prints each base URL, credentials and control URL, serves until stopped, then closes', async () => {
    let output = '';
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runMock(
      {
        api: ['cloudflare-ai-search'],
        port: 0,
        host: '127.0.0.1',
        seed: 1,
        jobs: 10,
        fault: ['pagination.wrong-total'],
      },
      stopped,
      (text) => {
        output += text;
      },
    );
    await expect.poll(() => output).toContain('Serving until interrupted');
    expect(output).toContain('faults: pagination.wrong-total');
    const line = output.split('\n').find((l) => l.includes('cloudflare-ai-search '))!;
    const baseUrl = /(http:\/\/\S+\/client\/v4)/.exec(line)![1]!;
    const account = /account_id=(\S+)/.exec(line)![1];
    const instance = / id=(\S+)/.exec(line)![1];
    const token = /token=(\S+)/.exec(output)![1];
    expect(output).toMatch(/control: http:\/\/127\.0\.0\.1:\d+\/__simulator/);
    const url = `${baseUrl}/accounts/${account}/ai-search/instances/${instance}/jobs`;
    const reply = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { result_info: { total_count: number } }).result_info.total_count).toBe(
      11,
    );
    stop();
    await running;
    expect(output).toContain('mock: stopped');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('--no-control serves only the API: no control surface, and says so', async () => {
    let output = '';
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runMock(
      { api: ['vectara-v2'], port: 0, host: '127.0.0.1', seed: 3, jobs: 5, fault: [], control: false },
      stopped,
      (text) => {
        output += text;
      },
    );
    await expect.poll(() => output).toContain('Serving until interrupted');
    expect(output).toContain("control: off (only the provider's API is served)");
    const origin = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    // The control routes are not there: the simulator answers them as any unknown path.
    const reset = await fetch(`${origin}/__simulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(404);
    stop();
    await running;
  });

  it('turns a busy port into a usage error', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let output = '';
    const options = { api: ['cloudflare-ai-search'], host: '127.0.0.1', seed: 1, jobs: 1, fault: [] };
    const first = runMock({ ...options, port: 0 }, stopped, (t) => {
      output += t;
    });
    await expect.poll(() => output).toContain('Serving');
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(output)![1]);
    await expect(runMock({ ...options, port }, stopped, () => {})).rejects.toThrow(
      new UsageError(`port ${port} on 127.0.0.1 is already in use`),
    );
    stop();
    await first;
  });
});

describe('jobs-conformance mock (process)', () => {
  it('serves until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'mock', '--api', 'cloudflare-ai-search', '--jobs', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await expect.poll(() => out, { timeout: 20_000 }).toContain('Serving until interrupted');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('mock: stopped');
  });

  it('exits 2 with one line for an unknown API or fault', () => {
    for (const args of [
      ['--api', 'nope'],
      ['--fault', 'nope'],
    ]) {
      const result = spawnSync(process.execPath, [BIN, 'mock', ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^jobs-conformance: unknown --(api|fault) 'nope' \(valid: /);
    }
  });
});
