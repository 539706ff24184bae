import type { Api, Catalogue, Operation } from '../catalogue/index.ts';
import { type Exchange, systemClock, type Target } from '../core/index.ts';
import type { CheckOutcome } from './outcome.ts';
import { type Walk, walkPages, walkSizes } from './paging.ts';
import {
  baselineInput,
  isRecord,
  jobIdOf,
  jobIdParam,
  jobOf,
  type Probe,
  type ProbeInput,
  type ProbeOptions,
  type ProbePurpose,
  type Send,
} from './probe.ts';
import { Soon } from './soon.ts';

/**
 * Everything the checks of one API share: the requests they send are memoised here, so that every
 * read check is covered within a small request budget, and every exchange is kept with its purpose
 * for the response checks that judge them all afterwards.
 */
export class ProbeContext {
  private readonly listeners: ((probe: Probe) => void)[] = [];
  /** Probes back from the wire that the listeners have not seen yet. */
  private waiting: Probe[] = [];
  private readonly soon = new Soon();
  private readonly sent = new Map<string, number>();
  /** Jobs this run created, for clean-up at the end. */
  readonly created: { op: Operation; id: string }[] = [];
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly catalogue: Catalogue,
    readonly api: Api,
    readonly target: Target,
    private readonly sender: Send,
    readonly options: ProbeOptions,
  ) {}

  async send(op: Operation, purpose: ProbePurpose, input: ProbeInput = {}): Promise<Exchange> {
    const pending = this.sender(op, input);
    // The probes that came back before this request are judged once it is on the wire (soon.ts):
    // a walk's judging then costs it no waiting.
    if (this.waiting.length > 0) this.soon.add(() => this.judgeWaiting());
    const exchange = await pending;
    this.sent.set(op.key, (this.sent.get(op.key) ?? 0) + 1);
    this.waiting.push({ op, purpose, exchange });
    this.noteCreated(op, exchange);
    // A listener that failed on an earlier probe fails the check that sent this one.
    this.soon.throwFailure();
    return exchange;
  }

  /**
   * Called with every probe soon after it comes back: once the next request is on the wire, or when
   * a reader asks for the verdicts (judged()). The response checks judge exchanges this way, so the
   * run need not keep every exchange (a walk of a million jobs stays small).
   */
  onProbe(listener: (probe: Probe) => void): void {
    this.listeners.push(listener);
  }

  /** Hands every probe not yet judged to the listeners: call before reading what they gathered. */
  judged(): void {
    this.judgeWaiting();
    this.soon.flush();
  }

  /** Judges the waiting probes; a listener's exception is kept for the next send or judged(). */
  private judgeWaiting(): void {
    if (this.waiting.length === 0) return;
    const probes = this.waiting;
    this.waiting = [];
    for (const probe of probes) {
      for (const listener of this.listeners) {
        try {
          listener(probe);
        } catch (error) {
          this.soon.keep(error);
        }
      }
    }
  }

  /** Requests sent for an operation so far. */
  sentTo(op: Operation): number {
    return this.sent.get(op.key) ?? 0;
  }

  /** Any create that succeeded (x-lifecycle create), a probe's included, leaves a job the run must clean up. */
  private noteCreated(op: Operation, exchange: Exchange): void {
    const status = exchange.response?.status;
    if (
      op.id !== this.api.lifecycle?.operations.create ||
      status === undefined ||
      status < 200 ||
      status >= 300
    )
      return;
    const id = jobIdOf(this.api, jobOf(this.api, exchange.json));
    if (id !== undefined && !this.created.some((c) => c.id === id)) this.created.push({ op, id });
  }

  /** Milliseconds since the epoch on the run's clock (simulated in a mock run). */
  now(): number {
    return (this.options.clock ?? systemClock).now();
  }

  /** Waits ms on the run's clock, or less when the run is interrupted (the next request then reports the abort). */
  async sleep(ms: number): Promise<void> {
    await (this.options.clock ?? systemClock).sleep(ms, this.options.signal);
  }

  /** Runs fn once per key; later callers share the result. */
  once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = fn();
      this.memo.set(key, pending);
    }
    return pending;
  }

  /** The list operation of this API that pages jobs: x-lifecycle list (without a lifecycle, the first paged operation without a job id). */
  listOperation(): Operation | undefined {
    const lifecycle = this.api.lifecycle;
    if (lifecycle) return this.api.operations.find((o) => o.id === lifecycle.operations.list);
    return this.api.operations.find((o) => o.pagination && !jobIdParam(this.api, o));
  }

  /** Walks an operation's pages at a page size, memoised by size and filters. */
  walk(
    op: Operation,
    size: number,
    input: ProbeInput = {},
    pageLimit = this.options.pageLimit,
  ): Promise<Walk> {
    return this.once(`walk:${op.key}:${size}:${JSON.stringify(input)}`, () =>
      walkPages(this, op, size, input, pageLimit),
    );
  }

  /** The first page of the job list (the large walk's, so it costs no extra request): the source of known job ids. */
  firstPage(): Promise<{ exchange?: Exchange; items: Record<string, unknown>[]; problem?: string }> {
    return this.once('first-page', async () => {
      const list = this.listOperation();
      if (!list) return { items: [] };
      const walk = await this.walk(list, walkSizes(list).large);
      const first = walk.pages[0];
      // The walk stopped on its first page: the list failed, so no job could be learned from it.
      const problem = walk.stoppedBy === 'error' && walk.pages.length === 1 ? walk.error : undefined;
      return { exchange: first?.exchange, items: walk.firstItems.filter(isRecord), problem };
    });
  }

  /**
   * The outcome of a check that needed a known job and got none: 'skip' when the list is simply
   * empty, 'error' naming the failure when the list itself failed (a timeout, a reset, a 502 …).
   */
  async noJobOutcome(message = 'no job is known'): Promise<CheckOutcome> {
    const { exchange, problem } = await this.firstPage();
    if (!problem) return { status: 'skip', message };
    return {
      status: 'error',
      message: `${message}: the job list failed (${problem})`,
      evidence: exchange ? [exchange] : [],
    };
  }

  /** A job id known to exist, taken from the first list page. */
  async knownJobId(): Promise<string | undefined> {
    const { items } = await this.firstPage();
    for (const item of items) {
      const id = jobIdOf(this.api, item);
      if (id !== undefined) return id;
    }
    // No list of jobs (a batch API lists only a batch's files): the job the target names, if any.
    return this.target.existingJobId;
  }

  /**
   * The happy-path request of an operation, sent once, so that every operation has at least one
   * exchange for the response checks. Writes have none here: their lifecycle checks send them.
   */
  baseline(op: Operation): Promise<Exchange | undefined> {
    return this.once(`baseline:${op.key}`, async () => {
      if (op.writes) return undefined;
      const list = this.listOperation();
      if (op === list) return (await this.firstPage()).exchange;
      const idParam = jobIdParam(this.api, op);
      if (idParam) {
        const id = await this.knownJobId();
        if (!id) return undefined;
        return this.send(op, 'baseline', { ...baselineInput(op), pathParams: { [idParam]: id } });
      }
      return this.send(op, 'baseline', baselineInput(op));
    });
  }
}
