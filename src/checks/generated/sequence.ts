import * as fc from 'fast-check';
import { type Api, getAtPointer, type LifecycleRole, type Operation } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { cancelBody, createBody, hasEnded, lifecycleOp, successStatuses } from '../lifecycle/jobs.ts';
import { docOf, notFoundIsForParent } from '../open-points.ts';
import { baselineInput, itemsOf, jobIdOf, jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { judgeAnswer } from './answers.ts';
import { budgetSpent, type ExampleResult, paced, runProperty } from './property.ts';
import { coverageSequence, type JobModel, ROLE_ORDER, SequenceModel, type Step } from './sequence-model.ts';

const CHECK_ID = 'generated.sequence';
const MAX_STEPS = 8;
const WRITES: readonly LifecycleRole[] = ['create', 'cancel', 'delete'];

function roles(api: Api): LifecycleRole[] {
  return ROLE_ORDER.filter((r) => lifecycleOp(api, r) !== undefined);
}

/** The operation the sequence check is reported on: the create, else the delete, else the cancel. */
function anchor(api: Api): Operation | undefined {
  return lifecycleOp(api, 'create') ?? lifecycleOp(api, 'delete') ?? lifecycleOp(api, 'cancel');
}

class Stop extends Error {
  constructor(readonly result: ExampleResult) {
    super(result.outcome.message);
  }
}

/** Runs one sequence against the target and its model; throws Stop on the first disagreement. */
class SequenceRun {
  readonly model = new SequenceModel();
  readonly evidence: Exchange[] = [];
  readonly trail: string[] = [];

  constructor(
    private readonly ctx: ProbeContext,
    /** The jobs the run had created when the check started (its lifecycle checks'). */
    private readonly earlier: readonly string[],
    private readonly get = lifecycleOp(ctx.api, 'get'),
  ) {}

  private async send(
    op: Operation,
    input: Parameters<ProbeContext['send']>[2],
    what: string,
  ): Promise<Exchange> {
    await paced(this.ctx);
    const exchange = await this.ctx.send(op, 'generated', { ...input, label: `sequence: ${what}` });
    if (budgetSpent(exchange))
      throw new Stop({ outcome: { status: 'skip', message: '' }, budgetSpent: true });
    this.trail.push(what);
    this.evidence.push(exchange);
    if (this.evidence.length > 3) this.evidence.shift();
    return exchange;
  }

  private fail(outcome: CheckOutcome): never {
    const steps = this.trail.join(' → ');
    throw new Stop({
      outcome: { ...outcome, message: `${steps}: ${outcome.message}`, evidence: [...this.evidence] },
    });
  }

  private expect(outcome: CheckOutcome): void {
    if (outcome.status === 'fail' || outcome.status === 'error') this.fail(outcome);
  }

  private path(op: Operation, job: JobModel): Record<string, string> {
    return { [jobIdParam(this.ctx.api, op)!]: job.id };
  }

  private cancelInput(op: Operation, job: JobModel) {
    const body = cancelBody(this.ctx.catalogue, this.ctx.api, op);
    return { pathParams: this.path(op, job), ...(body !== undefined ? { body } : {}) };
  }

  /**
   * The jobs a sequence starts from: those this run created (a create may meet its cooldown), and
   * where the API creates none, a fresh first page of the list.
   */
  async seed(): Promise<void> {
    for (const id of this.earlier) this.model.add(id, true, false);
    const list = lifecycleOp(this.ctx.api, 'list');
    if (lifecycleOp(this.ctx.api, 'create') || !list) return;
    const exchange = await this.send(list, baselineInput(list), 'list');
    for (const item of (itemsOf(list, exchange) ?? []).slice(0, 3)) {
      const id = jobIdOf(this.ctx.api, item);
      if (id !== undefined) this.model.add(id, false, hasEnded(this.ctx.api, item));
    }
  }

  async step(step: Step): Promise<void> {
    const op = lifecycleOp(this.ctx.api, step.role)!;
    const live = this.ctx.options.live;
    if (step.role === 'create') return this.create(op);
    if (step.role === 'list') return this.list(op);
    // Live: writes act only on jobs this run created.
    const job = this.model.pick(step, (j) => !(live && WRITES.includes(step.role) && !j.created));
    if (!job) return;
    if (job.deleted) return this.gone(op, job, step.role);
    if (step.role === 'get') return this.read(op, job);
    if (step.role === 'logs') {
      const exchange = await this.send(
        op,
        { ...baselineInput(op), pathParams: this.path(op, job) },
        `logs ${job.id}`,
      );
      return this.expect(judgeAnswer(this.ctx.api, op, exchange, 'documented', `logs of ${job.id}`));
    }
    if (step.role === 'cancel') return this.cancel(op, job);
    return this.remove(op, job);
  }

  private async create(op: Operation): Promise<void> {
    const body = createBody(this.ctx, op);
    const exchange = await this.send(
      op,
      { ...(body !== undefined ? { body } : {}), noRetry: true },
      'create',
    );
    const status = exchange.response?.status;
    // A create during the documented cooldown made nothing.
    if (status !== undefined && status === this.ctx.api.lifecycle?.createCooldown) return;
    this.expect(judgeAnswer(this.ctx.api, op, exchange, 'documented', 'create'));
    if (status === undefined || !successStatuses(op).includes(status)) return;
    const made = jobOf(this.ctx.api, exchange.json);
    const id = jobIdOf(this.ctx.api, made);
    if (id === undefined) this.fail({ status: 'fail', message: 'create answered success with no job id' });
    this.model.add(id, true, hasEnded(this.ctx.api, made));
    this.model.delta += 1;
  }

  /** A read of a job: it must exist, and an ended job must not have started again. */
  async read(op: Operation, job: JobModel): Promise<void> {
    const exchange = await this.send(op, { pathParams: this.path(op, job) }, `get ${job.id}`);
    this.expect(judgeAnswer(this.ctx.api, op, exchange, 'documented', `get ${job.id}`));
    if (exchange.response?.status !== 200) {
      this.fail({
        status: 'fail',
        message: `get ${job.id} answered ${exchange.response?.status}; the job exists`,
      });
    }
    this.observe(job, jobOf(this.ctx.api, exchange.json), `get ${job.id}`);
  }

  private observe(job: JobModel, answered: unknown, what: string): void {
    const ended = hasEnded(this.ctx.api, answered);
    if (job.ended && !ended)
      this.fail({
        status: 'fail',
        message: `${what} shows the job not ended, though an earlier answer showed it ended${job.cancelled ? ' (it was cancelled)' : ''}: an ended job runs again`,
      });
    job.ended ||= ended;
  }

  private async cancel(op: Operation, job: JobModel): Promise<void> {
    const second = this.ctx.api.lifecycle?.secondCancel;
    const exchange = await this.send(op, this.cancelInput(op, job), `cancel ${job.id}`);
    const status = exchange.response?.status;
    if (job.ended && second) {
      this.expect(
        judgeRejection(this.ctx.api, op, exchange, [second.status], 'generated', `cancel of ended ${job.id}`),
      );
      return;
    }
    this.expect(judgeAnswer(this.ctx.api, op, exchange, 'documented', `cancel ${job.id}`));
    if (status !== undefined && successStatuses(op).includes(status)) {
      job.cancelled = true;
      const answered = jobOf(this.ctx.api, exchange.json);
      if (jobIdOf(this.ctx.api, answered) === job.id) this.observe(job, answered, `cancel ${job.id}`);
    } else if (second && status === second.status) job.ended = true;
    if (this.get) await this.read(this.get, job);
  }

  private async remove(op: Operation, job: JobModel): Promise<void> {
    const exchange = await this.send(op, { pathParams: this.path(op, job) }, `delete ${job.id}`);
    this.expect(judgeAnswer(this.ctx.api, op, exchange, 'accept', `delete ${job.id}`));
    job.deleted = true;
    this.model.delta -= 1;
    if (this.get) await this.gone(this.get, job, 'get');
  }

  /** Every operation on a deleted job answers 404 (the logs of one may be an empty list where the 404 names a parent). */
  private async gone(op: Operation, job: JobModel, role: LifecycleRole): Promise<void> {
    const input =
      role === 'cancel'
        ? this.cancelInput(op, job)
        : { ...(role === 'logs' ? baselineInput(op) : {}), pathParams: this.path(op, job) };
    const exchange = await this.send(op, input, `${role} deleted ${job.id}`);
    if (role === 'logs' && notFoundIsForParent(this.ctx.api, op) && exchange.response?.status === 200) {
      if ((itemsOf(op, exchange) ?? []).length === 0) return;
    }
    this.expect(
      judgeRejection(this.ctx.api, op, exchange, [404], 'generated', `${role} of deleted ${job.id}`),
    );
  }

  private async list(op: Operation): Promise<void> {
    const exchange = await this.send(op, baselineInput(op), 'list');
    this.expect(judgeAnswer(this.ctx.api, op, exchange, 'accept', 'list'));
    const total = totalOf(op, exchange);
    if (total === undefined) return;
    const before = this.model.lastTotal;
    const moved = before === undefined ? 0 : total - before;
    const made = this.model.delta;
    // Live, others may create or delete jobs meanwhile. A total may be an estimate (pagination.totals
    // judges exactness) that stays put, but it never moves against the sequence's creates and deletes.
    const against = made === 0 ? moved !== 0 : Math.sign(moved) === -Math.sign(made);
    if (before !== undefined && !this.ctx.options.live && against) {
      const did =
        made === 0 ? 'created and deleted none' : `${made > 0 ? 'created' : 'deleted'} ${Math.abs(made)}`;
      this.fail({
        status: 'fail',
        message: `the list reports ${total} jobs, ${before} before, though the sequence ${did} since: counts move with creates and deletes`,
      });
    }
    this.model.sawTotal(total);
  }
}

/** The total a list answer reports (x-pagination total in the body, or its total header). */
function totalOf(op: Operation, exchange: Exchange): number | undefined {
  const r = op.pagination?.response;
  if (!r || transportProblem(exchange)) return undefined;
  const raw = r.total
    ? getAtPointer(exchange.json, r.total)
    : r.totalHeader
      ? exchange.response?.headers[r.totalHeader.toLowerCase()]
      : undefined;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

export const generatedSequence: CheckDefinition = {
  id: CHECK_ID,
  category: 'generated',
  description:
    'Generated sequences of the lifecycle operations (create, get, list, cancel, logs, delete in random valid orders) agree with a model after every step: an ended (or cancelled) job never runs again, a deleted job answers 404 everywhere, list totals move by one per create and delete.',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `x-lifecycle ${roles(api).join(', ')}`,
      [
        `A job has ended by x-lifecycle ended (${docOf(api, '/x-lifecycle/ended')}); once an answer shows it ended, no later answer shows it running.`,
        'A deleted job answers 404 to every operation; the logs of one may be an empty list where the logs\' 404 names a parent (provider-docs/README.md "Corrections and additions").',
        "A list's total moves with the sequence's creates and deletes: never down after creates, never up after deletes, still when neither (mock only: live, others may change the list meanwhile; an estimated total may move by more, so the exact amount is pagination.totals' to judge; suite's choice).",
        "Sequences are made with fast-check: one in lifecycle order first, then random ones of up to 8 steps; --max-examples bounds their steps; a failure is shrunk to the shortest sequence (suite's choice).",
      ],
      docOf(api, '/x-lifecycle'),
    ),
  writes: true,
  appliesTo: (op, api) => op === anchor(api) && roles(api).some((r) => WRITES.includes(r)),
  faults: ['lifecycle.cancelled-resumes'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    const available = roles(ctx.api);
    // Each sequence starts from the same jobs: those the lifecycle checks created (a replay runs them too).
    const earlier = ctx.created.map((c) => c.id);
    const step = fc.record({ role: fc.constantFrom(...available), job: fc.nat(2) });
    return runProperty(ctx, op, {
      checkId: CHECK_ID,
      noun: 'sequence',
      arbitrary: fc.array(step, { minLength: 1, maxLength: MAX_STEPS }),
      coverage: () => [coverageSequence(available)],
      steps: MAX_STEPS,
      replayChecks: `lifecycle.*,${CHECK_ID}`,
      async run(steps) {
        const run = new SequenceRun(ctx, earlier);
        try {
          await run.seed();
          for (const s of steps) await run.step(s);
        } catch (error) {
          if (error instanceof Stop) return error.result;
          throw error;
        }
        return { outcome: { status: 'pass', message: run.trail.join(' → '), evidence: run.evidence } };
      },
    });
  },
};
