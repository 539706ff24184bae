/**
 * Seeded Emporix agent jobs. Enum values come from the catalogue (agentType only from the current
 * tier: the deprecated value appears only through the body.enum-deprecated fault); every value of
 * every job enum, imported-entity state and detail code appears once the set is a few dozen jobs.
 * Jobs are ordered newest first.
 */
import { createHash } from 'node:crypto';
import type { Api } from '../../catalogue/index.ts';
import { DAY_MS, type Rng, spreadTimestamps, spreadValue } from '../data.ts';
import { enumValues } from '../facts.ts';

export interface ImportedEntity {
  id: string;
  name: string;
  state: string;
  details?: { code: string; message: string }[];
}

export interface EmporixJob {
  id: string;
  agentType: string;
  status: string;
  type: string;
  exportResult?: { data: string; checksum: string };
  importResult?: {
    message: string;
    summary: { agents: ImportedEntity[]; tools: ImportedEntity[]; mcpServers: ImportedEntity[] };
  };
  sessionId?: string;
  agentId?: string;
  message?: string;
  commerceEvent?: string;
  metadata: { version: number; createdAt: string; modifiedAt: string };
}

export const SPAN_MS = 180 * DAY_MS;

const AGENTS = ['order-assistant', 'returns-helper', 'fraud-screen', 'catalog-curator', 'complaint-triage'];
const TOOLS = ['get-order', 'refund', 'search-products', 'send-email', 'create-ticket'];
const MCP_SERVERS = ['commerce-mcp', 'crm-mcp', 'ticketing-mcp'];
const EVENTS = ['order.created', 'order.cancelled', 'customer.created', 'cart.abandoned', 'return.requested'];

/** Tests a value's name once and remembers the answer (generation calls these per job). */
function nameTest(pattern: RegExp, negate = false): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let answer = known.get(value);
    if (answer === undefined) {
      answer = pattern.test(value) !== negate;
      known.set(value, answer);
    }
    return answer;
  };
}
/** Which job types carry which result, read from the names the JobType enum gives them. */
const isImport = nameTest(/import/i);
const isExport = nameTest(/export/i);
const isChat = nameTest(/chat/i);
/** Statuses after which a job has a result: the terminal ones that are neither running nor skipped. */
const hasResult = nameTest(/progress|skip/i, true);
const succeeded = nameTest(/success/i);

/** `count` jobs, newest first, created within 180 days before `anchorMs`. */
export function seedEmporixJobs(api: Api, count: number, rng: Rng, anchorMs: number): EmporixJob[] {
  const types = enumValues(api, 'JobType');
  const statuses = enumValues(api, 'JobStatus');
  const agentTypes = enumValues(api, 'AgentType');
  const entityStates = enumValues(api, 'ImportedEntityState');
  const detailCodes = enumValues(api, 'ImportDetailCode');
  const created = spreadTimestamps(count, anchorMs, SPAN_MS, rng);
  // Counters across jobs, so entity states and detail codes cycle through every value.
  const failedState = entityStates.find((s) => /fail/i.test(s));
  let entityN = 0;
  let detailN = 0;
  const entity = (name: string, failed: boolean): ImportedEntity => {
    const state = entityStates[entityN++ % entityStates.length] as string;
    const e: ImportedEntity = {
      id: rng.hex(12),
      name,
      state: failed && failedState && rng.next() < 0.5 ? failedState : state,
    };
    if (entityN % 2 === 0 || failed) {
      const code = detailCodes[detailN++ % detailCodes.length] as string;
      e.details = [{ code, message: `${name}: ${code.toLowerCase().replaceAll('_', ' ')}` }];
    }
    return e;
  };

  const jobs = new Array<EmporixJob>(count);
  for (let i = 0; i < count; i++) {
    const type = spreadValue(types, i, rng);
    const status = spreadValue(statuses, i, rng);
    const createdMs = created[i] as number;
    const modifiedMs = Math.min(anchorMs, createdMs + rng.int(0, 2 * 3_600_000));
    const job: EmporixJob = {
      // 16 random hex digits then the index: unique whatever the seed.
      id: `${rng.hex(16)}${i.toString(16).padStart(8, '0')}`,
      agentType: spreadValue(agentTypes, i, rng),
      status,
      type,
      metadata: {
        version: hasResult(status) ? rng.int(1, 4) : 1,
        createdAt: new Date(createdMs).toISOString(),
        modifiedAt: new Date(modifiedMs).toISOString(),
      },
    };
    if (isImport(type) && hasResult(status)) {
      const failed = !succeeded(status);
      const agents = [entity(rng.pick(AGENTS), failed)];
      const tools = Array.from({ length: rng.int(0, 2) }, () => entity(rng.pick(TOOLS), failed));
      const mcpServers = Array.from({ length: rng.int(0, 1) }, () => entity(rng.pick(MCP_SERVERS), failed));
      job.importResult = {
        message: `${failed ? 'Import failed' : 'Imported'}: ${agents.length} agent(s), ${tools.length} tool(s), ${mcpServers.length} MCP server(s)`,
        summary: { agents, tools, mcpServers },
      };
    }
    if (isExport(type) && succeeded(status)) {
      const exported = JSON.stringify({
        agents: [rng.pick(AGENTS)],
        tools: [rng.pick(TOOLS)],
        mcpServers: [],
      });
      job.exportResult = {
        data: Buffer.from(exported).toString('base64'),
        checksum: createHash('sha256').update(exported).digest('hex'),
      };
    }
    if (isChat(type)) {
      job.sessionId = rng.uuid();
      job.agentId = rng.pick(AGENTS);
      if (hasResult(status))
        job.message = succeeded(status)
          ? 'The order has been cancelled.'
          : 'The agent could not complete the request.';
      if (rng.next() < 0.7) job.commerceEvent = rng.pick(EVENTS);
    } else if (rng.next() < 0.5) {
      job.agentId = rng.pick(AGENTS);
    }
    jobs[i] = job;
  }
  return jobs;
}
