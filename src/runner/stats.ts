import { type Exchange, latencyStats, type OperationStats } from '../core/index.ts';

/** What the statistics need of one exchange: kept instead of the exchange, so a long run stays small. */
export interface ExchangeStat {
  api: string;
  operation?: string;
  /** The status code, or the transport error kind. */
  status: string;
  durationMs: number;
}

/** One string per status code: a run keeps a statistics record per exchange, a million for a long walk. */
const statusTexts = new Map<number, string>();

function statusText(status: number): string {
  let text = statusTexts.get(status);
  if (text === undefined) {
    text = String(status);
    statusTexts.set(status, text);
  }
  return text;
}

export function statOf(x: Exchange): ExchangeStat {
  return {
    api: x.api,
    operation: x.operation,
    status: x.response ? statusText(x.response.status) : (x.error?.kind ?? 'none'),
    durationMs: x.durationMs,
  };
}

/** Requests, statuses and latency per operation, from every exchange of the run. */
export function operationStats(exchanges: ExchangeStat[]): OperationStats[] {
  const byOp = new Map<string, ExchangeStat[]>();
  for (const x of exchanges) {
    if (!x.operation) continue;
    const key = `${x.api}\u0000${x.operation}`;
    const list = byOp.get(key) ?? [];
    list.push(x);
    byOp.set(key, list);
  }
  return [...byOp.entries()].map(([key, list]) => {
    const [api = '', operation = ''] = key.split('\u0000');
    const statuses: Record<string, number> = {};
    for (const x of list) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
    const samples = list.map((x) => Math.round(x.durationMs * 100) / 100);
    return { api, operation, requests: list.length, statuses, latencyMs: latencyStats(samples) };
  });
}
