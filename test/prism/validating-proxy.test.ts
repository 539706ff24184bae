// An independent judge of our simulators: each one behind Prism's validating proxy, loaded with the
// provider's official document, while a full `run --target live --allow-writes` goes through it.
// Every response violation Prism reports must be one our schemas record as knowingly different
// (a declared deviation, an x-inferred note, an auth rejection the document omits). Request
// violations are the suite's own bad input and are only counted, except that a request the
// simulator accepted (2xx) must be clean.
import { describe, expect, test } from 'vitest';
import { type Api, type ApiId, getCatalogue } from '../../src/catalogue/index.ts';
import { type Difference, diffApi } from '../../src/drift/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { FaultId, SimulatorSet } from '../../src/simulators/index.ts';
import { liveEnvFor } from '../support/live-env.ts';
import { officialFile } from '../support/official-docs.ts';
import { blindResponses, judgeableDocument, unicodePattern } from '../support/prism-document.ts';
import { type JudgedExchange, startPrismJudge } from '../support/prism-proxy.ts';
import { type Judgement, judge, describe as line, operationOf } from '../support/prism-verdict.ts';
import { startSimulators } from '../support/simulators.ts';

const catalogue = getCatalogue();
const apis = [...catalogue.apis.values()];

async function differencesOf(api: Api): Promise<Difference[]> {
  const alsoIn = (api.official?.alsoIn ?? []).map((id) => catalogue.api(id as ApiId).openapiPath);
  const result = await diffApi({
    api: api.id,
    openapiPath: api.openapiPath,
    alsoIn,
    official: officialFile(api),
  });
  return result.differences;
}

/** A job the run may delete, where the API names a setting for one: the delete is judged too. */
async function deletable(api: Api, sims: SimulatorSet): Promise<Record<string, string>> {
  const setting = api.liveSettings?.deletableJobId?.env;
  const param = api.lifecycle?.jobId?.parameter;
  if (!setting || !param) return {};
  const values = await sims.providerState(api.id, 'an ended job exists');
  return { [setting]: String(values[param]) };
}

/** One full live run with writes against the API's simulator, through Prism; its exchanges judged. */
async function judgedRun(api: Api, faults: readonly FaultId[] = []): Promise<Judgement> {
  const sims = await startSimulators({ apis: [api.id], jobDurationMs: 1000, cooldownMs: 1000, faults });
  try {
    const document = judgeableDocument(officialFile(api));
    // A response schema Prism cannot compile is one it checks nothing against, silently.
    expect(await blindResponses(document.file)).toEqual([]);
    const prism = await startPrismJudge({ document: document.file, upstream: sims.target(api.id).baseUrl });
    try {
      const baseUrl = api.liveSettings?.baseUrl?.env;
      if (!baseUrl) throw new Error(`${api.id} has no base URL setting`);
      const env = { ...liveEnvFor(sims), [baseUrl]: prism.url, ...(await deletable(api, sims)) };
      await runConformance({ apis: [api.id], target: 'live', allowWrites: true, env });
      expect(prism.exchanges.length, prism.log()).toBeGreaterThan(0);
      return judge(api, prism.exchanges, await differencesOf(api));
    } finally {
      await prism.close();
    }
  } finally {
    await sims.close();
  }
}

const ok = (e: JudgedExchange) => e.status >= 200 && e.status < 300;

describe('Prism, loaded with the official document, finds nothing unexplained in our simulators', () => {
  for (const api of apis) {
    test(api.id, async () => {
      const { verdicts, judged, unrouted } = await judgedRun(api);
      const unexplained = verdicts.filter((v) => !v.explainedBy);

      // Every response violation stands on a recorded difference.
      expect(unexplained.filter((v) => v.side === 'response').map(line)).toEqual([]);
      // A request the simulator accepted is one Prism accepts too (bad input is the suite's own).
      expect(unexplained.filter((v) => v.side === 'request' && ok(v.exchange)).map(line)).toEqual([]);
      // Prism judged a successful exchange of every operation: the document routes each one of ours.
      const succeeded = new Set(judged.filter((j) => ok(j.exchange)).map((j) => j.operation));
      expect(api.operations.map((op) => op.id).filter((id) => !succeeded.has(id))).toEqual([]);
      // What Prism routes nowhere is outside our operations too (an OAuth token grant).
      const ours = unrouted.filter((e) => operationOf(api, e));
      expect(ours.map((e) => `${e.method} ${e.url}`)).toEqual([]);
    }, 120_000);
  }
});

describe('the judge can fail', () => {
  test('a simulator answering a job field of the wrong type is a violation Prism names', async () => {
    const api = catalogue.api('vectara-v2' as ApiId);
    const { verdicts } = await judgedRun(api, ['body.wrong-type']);
    const found = verdicts.filter((v) => v.side === 'response' && !v.explainedBy);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((v) => v.violation.code)).toContain('type');
  }, 120_000);
});

describe('how a violation is read against the recorded differences', () => {
  const api = catalogue.api('vectara-v2' as ApiId);
  const exchange = (type: string, status = 200): JudgedExchange => ({
    method: 'GET',
    url: '/v2/jobs?limit=1',
    status,
    body: { jobs: [{ id: 'job_1', type }] },
    byPrism: false,
    violations: [
      {
        location: ['response', 'body', 'jobs', '0', 'type'],
        severity: 'Error',
        code: 'enum',
        message: 'Response body property jobs.0.type must be equal to one of the allowed values',
      },
    ],
  });

  test('an enum value a deviation declares is explained by it; another value at the same place is not', async () => {
    const differences = await differencesOf(api);
    const [declared] = judge(api, [exchange('bulk_delete_documents')], differences).verdicts;
    expect(declared?.explainedBy?.id).toBe(
      'listJobs: response 200 body/jobs/*/type: enum-value-removed bulk_delete_documents',
    );
    const [other] = judge(api, [exchange('paused')], differences).verdicts;
    expect(other?.operation).toBe('listJobs');
    expect(other?.explainedBy).toBeUndefined();
  });

  test('a header Prism cut short explains nothing', async () => {
    const cut = {
      ...exchange('bulk_delete_documents'),
      violations: [],
      unreadable: 'Too many violations! [',
    };
    const [verdict] = judge(api, [cut], await differencesOf(api)).verdicts;
    expect(verdict?.violation.code).toBe('unreadable');
    expect(verdict?.explainedBy).toBeUndefined();
  });

  test('a status the document omits is explained by x-auth-rejection only with the rejection body', async () => {
    const openai = catalogue.api('openai-vector-store-file-batches' as ApiId);
    const rejected = (body: unknown): JudgedExchange => ({
      method: 'GET',
      url: '/vector_stores/vs_1/file_batches/vsfb_1',
      status: 401,
      body,
      byPrism: false,
      violations: [
        {
          location: ['response'],
          severity: 'Error',
          code: 'undefined',
          message: 'Unable to match the returned status code with those defined in the document: 200,429',
        },
      ],
    });
    const error = {
      message: 'Incorrect API key provided.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    };
    const differences = await differencesOf(openai);
    expect(judge(openai, [rejected({ error })], differences).verdicts[0]?.explainedBy?.id).toBe(
      'x-auth-rejection 401',
    );
    expect(judge(openai, [rejected({ detail: 'no' })], differences).verdicts[0]?.explainedBy).toBeUndefined();
  });

  test('a pattern the u flag rejects is rewritten to the same meaning', () => {
    expect(unicodePattern('[a-zA-Z0-9_\\=\\-]+$')).toBe('[a-zA-Z0-9_=\\-]+$');
    expect(unicodePattern('^job_\\d+\\.\\/$')).toBe('^job_\\d+\\.\\/$');
  });
});
