/**
 * Benchmark 4: schema validation throughput. The catalogue's compiled validator of the Cloudflare
 * list response (200) validates real 50-job pages from the simulator, over and over; jobs/s counts
 * the job objects inside the pages validated.
 */
import { getCatalogue } from '../src/catalogue/index.ts';
import { simulatorPlugins } from '../src/providers/index.ts';
import { startSimulators } from '../src/simulators/index.ts';
import { type Row, repeat, type Stats, stats, table, verdict } from './lib/measure.ts';

export interface ValidationResult {
  pageSize: number;
  pages: number;
  jobsPerSecond: Stats;
  target: number;
  met: boolean;
}

const TARGET_JOBS_PER_SECOND = 1_000_000;

/** Distinct real pages, so no run validates one object only. */
async function fetchPages(count: number, perPage: number): Promise<unknown[]> {
  const sims = await startSimulators({
    plugins: simulatorPlugins,
    apis: ['cloudflare-ai-search'],
    jobs: count * perPage,
  });
  try {
    const target = sims.target('cloudflare-ai-search');
    const { account_id, id } = target.pathParams;
    const token = target.credentials.schemes.apiToken?.token ?? '';
    const pages: unknown[] = [];
    for (let page = 1; page <= count; page++) {
      const res = await fetch(
        `${target.baseUrl}/accounts/${account_id}/ai-search/instances/${id}/jobs?page=${page}&per_page=${perPage}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      pages.push(await res.json());
    }
    return pages;
  } finally {
    await sims.close();
  }
}

export async function benchValidation(options: { reps: number; rounds: number }): Promise<ValidationResult> {
  const perPage = 50;
  const pages = await fetchPages(8, perPage);
  const spec = getCatalogue().operation('cloudflare-ai-search', 'listJobs').responses.get('200');
  const validate = spec?.body?.validate;
  if (!validate) throw new Error('cloudflare-ai-search listJobs has no 200 body validator');
  for (const page of pages) {
    if (!validate(page))
      throw new Error(`a simulator page fails its schema: ${JSON.stringify(validate.errors)}`);
  }
  const perSecond = await repeat(options.reps, 1, async () => {
    const started = performance.now();
    let valid = 0;
    for (let i = 0; i < options.rounds; i++) if (validate(pages[i % pages.length])) valid++;
    const seconds = (performance.now() - started) / 1000;
    if (valid !== options.rounds) throw new Error('a page stopped validating');
    return (options.rounds * perPage) / seconds;
  });
  const s = stats(perSecond);
  return {
    pageSize: perPage,
    pages: pages.length,
    jobsPerSecond: s,
    target: TARGET_JOBS_PER_SECOND,
    met: s.median >= TARGET_JOBS_PER_SECOND,
  };
}

export function validationRows(r: ValidationResult): Row[] {
  return [
    {
      measure: `jobs validated/s (${r.pageSize}-job pages, compiled Ajv)`,
      value: `${Math.round(r.jobsPerSecond.median).toLocaleString('en-US')} (${Math.round(r.jobsPerSecond.min).toLocaleString('en-US')}–${Math.round(r.jobsPerSecond.max).toLocaleString('en-US')})`,
      target: `≥ ${r.target.toLocaleString('en-US')}`,
      verdict: verdict(r.met),
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchValidation({ reps: 5, rounds: 20_000 });
  process.stdout.write(table('Schema validation', validationRows(r)));
}
