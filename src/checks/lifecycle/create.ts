import { sourceOf, transportProblem } from '../judge.ts';
import { DOCS, declaredAt, docOf, retryAfterDocumentedBy } from '../open-points.ts';
import { pagerFor, walkSizes } from '../paging.ts';
import { itemsOf, jobIdOf, jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { createOp, firstCreatedJob, getOp, logsOp, successStatuses } from './jobs.ts';

export const lifecycleCreate: CheckDefinition = {
  id: 'lifecycle.create',
  category: 'lifecycle',
  description:
    'A created job can be read back, is found in the list, and has logs (the x-lifecycle operations it declares).',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      'create → get → list → logs',
      [
        `Create answers ${successStatuses(op).join(' or ')} with the job (${declaredAt(api, op, 'responses')})${api.lifecycle?.createCooldown ? `; a ${api.lifecycle.createCooldown}${op.responses.get(String(api.lifecycle.createCooldown))?.errorMessage ? ` "${op.responses.get(String(api.lifecycle.createCooldown))?.errorMessage}"` : ''} (x-lifecycle createCooldown) is waited out by its retry-after${retryAfterDocumentedBy(api) ? '' : ' when there is one'}, read as seconds or an HTTP date (${DOCS.rfc9110})` : ''}.`,
        "A created job is at once readable, listed and has a logs list (suite's reading; no document promises a delay).",
        "The list is searched from its first page up to the page limit: no document gives its order, so a job not found before the limit is a warning, and only a list walked to its end without it fails (suite's choice).",
      ],
      docOf(api, '/x-lifecycle'),
    ),
  writes: true,
  appliesTo: (op, api) => op === createOp(api),
  faults: ['lifecycle.created-not-listed'],
  async run(ctx) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    const created = (await firstCreatedJob(ctx))!;
    if (created.problem || !created.id)
      return {
        status: created.problem?.includes(':') ? 'error' : 'fail',
        message: created.problem ?? 'no job',
        evidence: [created.exchange],
      };
    const id = created.id;
    const evidence = [created.exchange];
    const get = getOp(ctx.api);
    if (get) {
      const exchange = await ctx.send(get, 'lifecycle', {
        pathParams: { [jobIdParam(ctx.api, get)!]: id },
        label: `get created ${id}`,
      });
      evidence.push(exchange);
      const got = jobOf(ctx.api, exchange.json);
      if (transportProblem(exchange) || exchange.response!.status !== 200 || jobIdOf(ctx.api, got) !== id) {
        return {
          status: 'fail',
          message: `GET of created job ${id} answered ${transportProblem(exchange) ?? exchange.response!.status}`,
          evidence,
        };
      }
    }
    const list = ctx.listOperation();
    if (list) {
      const pager = pagerFor(list)!;
      const size = walkSizes(list).large;
      let state: ReturnType<typeof pager.first> | undefined = pager.first();
      let found = false;
      for (let pages = 0; state && pages < ctx.options.pageLimit && !found; pages++) {
        const exchange = await ctx.send(list, 'lifecycle', {
          ...pager.request(state, size, {}),
          label: `find created ${id}, page ${pages + 1}`,
        });
        evidence.push(exchange);
        found = (itemsOf(list, exchange) ?? []).some((item) => jobIdOf(ctx.api, item) === id);
        state = pager.next(exchange, state, size);
      }
      if (!found && state)
        return {
          status: 'warn',
          message: `created job ${id} is not on the first ${ctx.options.pageLimit} pages of the list; no document gives the list's order, so the rest was not searched`,
          evidence: evidence.slice(-2),
        };
      if (!found)
        return {
          status: 'fail',
          message: `created job ${id} is not in the list (walked to its end)`,
          evidence: evidence.slice(-2),
        };
    }
    const logs = logsOp(ctx.api);
    if (logs) {
      const exchange = await ctx.send(logs, 'lifecycle', {
        pathParams: { [jobIdParam(ctx.api, logs)!]: id },
        label: `logs of created ${id}`,
      });
      evidence.push(exchange);
      if (transportProblem(exchange) || exchange.response!.status !== 200) {
        return {
          status: 'fail',
          message: `logs of created job ${id} answered ${transportProblem(exchange) ?? exchange.response!.status}`,
          evidence: [exchange],
        };
      }
    }
    return {
      status: 'pass',
      message: `job ${id} created, read back, listed${logs ? ', with logs' : ''}`,
      evidence,
    };
  },
};
