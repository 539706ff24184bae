/**
 * A simulator set in its own process (so load generators and walkers measure only themselves):
 * `simulator.ts <api,api> <jobs>` reports the targets, then serves until SIGTERM.
 */
import type { ApiId } from '../../src/catalogue/index.ts';
import { simulatorPlugins } from '../../src/providers/index.ts';
import { startSimulators } from '../../src/simulators/index.ts';
import { reportToParent } from '../lib/measure.ts';

const apis = (process.argv[2] ?? 'cloudflare-ai-search').split(',') as ApiId[];
const jobs = Number(process.argv[3] ?? 300);
const started = performance.now();
const sims = await startSimulators({ plugins: simulatorPlugins, apis, jobs });
// Cloudflare builds its stores on first use: build them now, outside any measurement.
for (const api of apis) {
  const target = sims.target(api);
  const token = target.credentials.schemes.apiToken?.token;
  if (token !== undefined) {
    const { account_id, id } = target.pathParams ?? {};
    await fetch(`${target.baseUrl}/accounts/${account_id}/ai-search/instances/${id}/jobs?per_page=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }
}
reportToParent({
  targets: Object.fromEntries(apis.map((api) => [api, sims.target(api)])),
  buildMs: performance.now() - started,
});
process.on('SIGTERM', () => {
  void sims.close().then(() => process.exit(0));
});
