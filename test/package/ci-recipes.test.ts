import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, test } from 'vitest';
import { ROOT, tempDir } from '../support/cli.ts';

// The CI recipes of README's "Use in CI", each checked by the parser its platform publishes on npm:
// GitHub's own workflow parser (@actions/workflow-parser, what the Actions language service runs) and
// gitlab-ci-local, which validates a pipeline against GitLab's CI JSON schema and expands it.

const GITHUB = join(ROOT, 'examples/ci/github-actions.yml');
const GITLAB = join(ROOT, 'examples/ci/gitlab-ci.yml');
const ENV_EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');

async function workflowErrors(content: string) {
  const parsed = parseWorkflow({ name: 'github-actions.yml', content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value) return { errors, template: undefined };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { errors: [...errors, ...(template.errors ?? []).map((e) => e.Message)], template };
}

describe('examples/ci/github-actions.yml', () => {
  const content = readFileSync(GITHUB, 'utf8');

  test("is a valid workflow by GitHub's parser: three shards, then the merge job", async () => {
    const { errors, template } = await workflowErrors(content);
    expect(errors).toEqual([]);
    const ids = template!.jobs.map((j) => j.id.value);
    expect(ids).toEqual(['conformance', 'report']);
    expect(content).toMatch(/shard: \[1, 2, 3\]/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    expect(content).toContain('--shard ${{ matrix.shard }}/3');
    expect(content).toContain('npx jobs-conformance report merge shards/* --out merged');
    expect(content).toContain('report_paths: merged/junit.xml');
    expect(content.match(/actions\/upload-artifact@v4/g)).toHaveLength(2);
  });

  test('the parser catches a broken copy (a job that needs one that does not exist)', async () => {
    const { errors } = await workflowErrors(content.replace('needs: conformance', 'needs: conformanc'));
    expect(errors.join('\n')).toMatch(/conformanc/);
  });

  test('every live setting it passes is one .env.example names', () => {
    const names = [...content.matchAll(/^\s+([A-Z][A-Z0-9_]+): \$\{\{ (?:secrets|vars)\.\1 \}\}$/gm)].map(
      (m) => m[1]!,
    );
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(ENV_EXAMPLE, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});

/** gitlab-ci-local --list in a scratch git repository holding the pipeline as .gitlab-ci.yml. */
function gitlabList(content: string): { code: number | null; output: string } {
  const dir = tempDir('gitlab-ci');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['remote', 'add', 'origin', 'https://gitlab.example.com/team/project.git'], {
    cwd: dir,
  });
  writeFileSync(join(dir, 'package-lock.json'), '{}\n');
  writeFileSync(join(dir, '.gitlab-ci.yml'), content);
  const bin = createRequire(import.meta.url).resolve('gitlab-ci-local/dist/index.js');
  const out = spawnSync(process.execPath, [bin, '--list'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: out.status, output: `${out.stdout}${out.stderr}` };
}

describe('examples/ci/gitlab-ci.yml', () => {
  test("is valid by GitLab's CI schema: three parallel shards with JUnit reports, then the merge", () => {
    const { code, output } = gitlabList(readFileSync(GITLAB, 'utf8'));
    expect(output).toMatch(/json schema validated/);
    expect(code, output).toBe(0);
    for (const i of [1, 2, 3]) expect(output).toContain(`conformance: [${i}/3]`);
    expect(output).toMatch(/^report\s.*\[conformance\]/m);
    const content = readFileSync(GITLAB, 'utf8');
    expect(content).toContain('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"');
    expect(content).toContain('junit: shards/$CI_NODE_INDEX/latest/junit.xml');
    expect(content).toContain('npx jobs-conformance report merge shards/*/latest --out merged');
  }, 180_000);

  test('the schema catches a broken copy', () => {
    const { code } = gitlabList(readFileSync(GITLAB, 'utf8').replace('parallel: 3', 'parallel: three'));
    expect(code).not.toBe(0);
  }, 180_000);
});

test('README\'s "Use in CI" points at both recipes', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use in CI'));
  expect(section).toContain('examples/ci/github-actions.yml');
  expect(section).toContain('examples/ci/gitlab-ci.yml');
});
