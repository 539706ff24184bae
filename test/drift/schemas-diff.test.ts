// `schemas diff`: every official extract is fully recorded in our schemas (exit 0), and a copy
// altered in one way is named exactly (exit 1); unreadable input is exit 2 with one line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ApiId, getCatalogue } from '../../src/catalogue/index.ts';
import { type Difference, diffApi } from '../../src/drift/index.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { officialDoc, officialFile } from '../support/official-docs.ts';

const catalogue = getCatalogue();
const apis = [...catalogue.apis.values()];

async function diff(apiId: string, official: string) {
  const api = catalogue.api(apiId as ApiId);
  const alsoIn = (api.official?.alsoIn ?? []).map((id) => catalogue.api(id as ApiId).openapiPath);
  return diffApi({ api: api.id, openapiPath: api.openapiPath, alsoIn, official });
}

/** A copy of an API's official document with one change applied, written to a temp file. */
// biome-ignore lint/suspicious/noExplicitAny: a provider document that tests alter freely
function altered(apiId: string, change: (doc: Record<string, any>) => void): string {
  const doc = officialDoc(catalogue.api(apiId as ApiId));
  change(doc);
  const file = join(tempDir('official'), 'altered.openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const newOnes = (differences: Difference[]) => differences.filter((d) => !d.recorded);
const ids = (differences: Difference[]) => newOnes(differences).map((d) => d.id);

describe('schemas diff against the official extracts', () => {
  it('every API names the official document it was last diffed against', () => {
    expect(apis.filter((a) => !a.official).map((a) => a.id)).toEqual([]);
    expect(apis.length).toBe(7);
  });

  for (const api of apis) {
    it(`${api.id}: every difference is recorded (x-provenance, x-deviations, x-inferred)`, async () => {
      const result = await diff(api.id, officialFile(api));
      expect(ids(result.differences)).toEqual([]);
      expect(result.unrecorded).toBe(0);
      for (const d of result.differences) expect(d.recorded?.reason, d.id).toBeTruthy();
    });
  }
});

describe('schemas diff names exactly the one change in an altered copy', () => {
  const V2 = 'vectara-v2';

  it('a new enum value, with the tier it falls into', async () => {
    const file = altered(V2, (doc) => doc.components.schemas.JobState.enum.push('paused'));
    const found = newOnes((await diff(V2, file)).differences);
    expect(found.length).toBeGreaterThan(0);
    for (const d of found)
      expect([d.kind, d.detail, d.tier]).toEqual(['enum-value-added', 'paused', 'closed']);
  });

  it('a removed status', async () => {
    const file = altered(V2, (doc) => delete doc.paths['/v2/jobs/{job_id}'].get.responses['404']);
    expect(ids((await diff(V2, file)).differences)).toEqual(['getJob: response 404: status-removed 404']);
  });

  it('a tighter bound', async () => {
    const file = altered(V2, (doc) => {
      const limit = doc.paths['/v2/jobs'].get.parameters.find((p: { name?: string }) => p.name === 'limit');
      limit.schema.maximum = 50;
    });
    const found = newOnes((await diff(V2, file)).differences);
    expect(found.map((d) => [d.id, d.official, d.ours])).toEqual([
      ['listJobs: parameter query limit: bound-changed maximum', 50, 100],
    ]);
  });

  it('a newly required field', async () => {
    const file = altered('emporix-ai-service', (doc) => {
      doc.components.schemas.Job.required = ['id'];
    });
    const found = newOnes((await diff('emporix-ai-service', file)).differences);
    expect(found.length).toBe(3); // the job of list, search and get
    for (const d of found)
      expect([d.kind, d.detail, d.where.endsWith('/id')]).toEqual(['field-required', 'id', true]);
  });

  it('a renamed parameter', async () => {
    const file = altered(V2, (doc) => {
      const limit = doc.paths['/v2/jobs'].get.parameters.find((p: { name?: string }) => p.name === 'limit');
      limit.name = 'page_size';
    });
    const found = newOnes((await diff(V2, file)).differences);
    expect(found.map((d) => [d.id, d.official, d.ours])).toEqual([
      ['listJobs: parameter query limit: parameter-renamed page_size', 'page_size', 'limit'],
    ]);
  });

  it('a removed enum value we still list as current', async () => {
    const file = altered('emporix-ai-service', (doc) => {
      const status = doc.components.schemas.JobStatus;
      status.enum = status.enum.filter((v: string) => v !== 'skipped');
    });
    const found = newOnes((await diff('emporix-ai-service', file)).differences);
    expect(found.length).toBe(3);
    for (const d of found)
      expect([d.kind, d.detail, d.tier]).toEqual(['enum-value-removed', 'skipped', 'current']);
  });
});

describe('schemas diff on the command line', () => {
  const V2 = catalogue.api('vectara-v2' as ApiId);

  it('reads YAML, prints Markdown and exits 0 when everything is recorded', async () => {
    const file = join(tempDir('official'), 'v2.yaml');
    writeFileSync(file, stringify(officialDoc(V2)));
    const out = await runCli(['schemas', 'diff', '--api', 'vectara-v2', '--official', file]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^# schemas diff: vectara-v2\n/);
    expect(out.stdout).toContain('0 new');
  });

  it('exits 1 on a new difference and prints it as JSON with --json', async () => {
    const file = altered('vectara-v2', (doc) => delete doc.paths['/v2/jobs/{job_id}'].get.responses['404']);
    const out = await runCli(['schemas', 'diff', '--api', 'vectara-v2', '--official', file, '--json']);
    expect(out.code).toBe(1);
    const result = JSON.parse(out.stdout);
    expect(result.unrecorded).toBe(1);
    expect(result.differences.find((d: Difference) => !d.recorded).kind).toBe('status-removed');
  });

  for (const [what, content] of [
    ['a missing file', undefined],
    ['text that is neither YAML nor JSON', '{ "openapi": '],
    ['a document that is not OpenAPI 3.0 or 3.1', 'swagger: "2.0"\npaths: {}\n'],
    [
      'a $ref that leads nowhere',
      JSON.stringify({ openapi: '3.1.0', paths: { '/x': { $ref: '#/nowhere' } } }),
    ],
  ] as const) {
    it(`exits 2 with one line on ${what}`, async () => {
      const file = join(tempDir('official'), 'bad.yaml');
      if (content !== undefined) writeFileSync(file, content);
      const out = await runCli(['schemas', 'diff', '--api', 'vectara-v2', '--official', file]);
      expect(out.code).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toContain(`--official ${file}`);
    });
  }

  it('exits 2 on an unknown API', async () => {
    const out = await runCli(['schemas', 'diff', '--api', 'nope', '--official', officialFile(V2)]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("unknown API 'nope'");
  });
});
