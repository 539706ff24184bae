import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getCatalogue } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import { formatCatalogue, registerCatalogueCommand } from './catalogue-command.ts';

const catalogue = getCatalogue();
const lineOf = (text: string, ...parts: string[]) =>
  text.split('\n').find((line) => parts.every((part) => line.includes(part)));

describe('formatCatalogue', () => {
  const text = formatCatalogue(catalogue);

  it('prints every API with every operation: method, path, statuses and paging style, all read from the catalogue', () => {
    for (const api of catalogue.apis.values()) {
      expect(text).toContain(`${api.id} — ${api.title}`);
      for (const op of api.operations) {
        const line = lineOf(text, ` ${op.id} `, ` ${op.method} `, ` ${op.path} `);
        expect(line, `${op.key}`).toBeDefined();
        expect(line).toContain(op.statuses.join(' '));
        if (op.hasDefaultResponse) expect(line).toContain('default');
        if (op.pagination) expect(line).toContain(op.pagination.style);
        else expect(line).not.toMatch(/cursor|page-/);
      }
    }
  });

  it('shows the paging fields and the documented statuses of concrete operations', () => {
    expect(lineOf(text, 'listJobLogs', '/namespaces/{name}/')).toMatch(
      /GET .*\/logs\s+200 400 404 503\s+page-result-info \(page, per_page\)$/,
    );
    expect(lineOf(text, 'listJobs', '/v1/list-jobs')).toMatch(
      /POST .*200 default\s+cursor \(pageKey, numResults\)$/,
    );
    expect(lineOf(text, 'searchJobs')).toContain(
      'page-total-header (pageNumber, pageSize, total in X-Total-Count)',
    );
    expect(lineOf(text, 'deleteJob')).toMatch(
      /DELETE\s+\/ai-service\/\{tenant\}\/jobs\/\{jobId\}\s+204 400 401 403 404$/,
    );
  });

  it('--api narrows the output to one API', () => {
    const one = formatCatalogue(catalogue, 'vectara-v2');
    expect(one).toContain('vectara-v2 — ');
    expect(one).not.toContain('vectara-v1');
    expect(one).not.toContain('cloudflare');
    expect(one.split('\n').filter((line) => /^\s+(listJobs|getJob)\s/.test(line))).toHaveLength(2);
  });

  it('an unknown --api is a UsageError naming the known ids', () => {
    expect(() => formatCatalogue(catalogue, 'acme')).toThrow(UsageError);
    expect(() => formatCatalogue(catalogue, 'acme')).toThrow(
      /unknown API 'acme' for --api \(known: .*vectara-v2/,
    );
  });
});

describe('catalogue command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('registers `catalogue [--api <id>]` and writes the formatted catalogue to stdout', async () => {
    const program = new Command('jobs-conformance').exitOverride();
    registerCatalogueCommand(program);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await program.parseAsync(['catalogue', '--api', 'emporix-ai-service'], { from: 'user' });
    expect(written.join('')).toBe(formatCatalogue(catalogue, 'emporix-ai-service'));
  });

  it('through the binary: exit 0 with the catalogue; exit 2 and one line for an unknown API', () => {
    const bin = fileURLToPath(new URL('../../bin/jobs-conformance.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'catalogue', '--api', 'vectara-v1'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('listJobs   POST    /v1/list-jobs');
    const bad = spawnSync(process.execPath, [bin, 'catalogue', '--api', 'acme'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^jobs-conformance: unknown API 'acme'/),
    ]);
  });
});
