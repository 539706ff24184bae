import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from '../../simulators/index.ts';
import { emporixFilterLanguage, parseQuery, QuerySyntaxError } from './query.ts';

const jobs = [
  {
    id: 'a1',
    status: 'success',
    type: 'IMPORT',
    agentType: 'generic',
    message: 'Imported 3 agents',
    metadata: { version: 1, createdAt: '2026-01-05T10:00:00.000Z', modifiedAt: '2026-01-05T10:00:00.000Z' },
    importResult: {
      summary: {
        agents: [
          { id: 'x', state: 'ENABLED' },
          { id: 'y', state: 'FAILED' },
        ],
      },
    },
  },
  {
    id: 'b2',
    status: 'failure',
    type: 'EXPORT',
    agentType: 'complaint',
    metadata: { version: 3, createdAt: '2026-02-01T00:00:00.000Z', modifiedAt: '2026-02-02T00:00:00.000Z' },
  },
  {
    id: 'c3',
    status: 'in_progress',
    type: 'AGENT_CHAT',
    agentType: 'anti_fraud',
    message: 'Thinking about "quotes"',
    commerceEvent: null,
    metadata: { version: 2, createdAt: '2026-03-10T12:30:00.000Z', modifiedAt: '2026-03-10T12:30:00.000Z' },
  },
];

const ids = (q: string) => jobs.filter((j) => parseQuery(q).matches(j)).map((j) => j.id);

describe('emporix q parser and evaluator', () => {
  it('matches everything for an empty or blank q', () => {
    expect(ids('')).toEqual(['a1', 'b2', 'c3']);
    expect(ids('   ')).toEqual(['a1', 'b2', 'c3']);
  });

  it('field:value matches exactly', () => {
    expect(ids('status:success')).toEqual(['a1']);
    expect(ids('status:succ')).toEqual([]);
  });

  it('compares numbers numerically', () => {
    expect(ids('metadata.version:>1')).toEqual(['b2', 'c3']);
    expect(ids('metadata.version:<2')).toEqual(['a1']);
    expect(ids('metadata.version:>=2')).toEqual(['b2', 'c3']);
    expect(ids('metadata.version:<=2')).toEqual(['a1', 'c3']);
    expect(ids('metadata.version:3')).toEqual(['b2']);
  });

  it('compares quoted dates as instants, whatever their precision', () => {
    expect(ids('metadata.createdAt:>"2026-01-31T00:00:00Z"')).toEqual(['b2', 'c3']);
    expect(ids('metadata.createdAt:"2026-02-01T00:00:00Z"')).toEqual(['b2']);
    expect(ids('metadata.createdAt:<2026-02-01')).toEqual(['a1']);
  });

  it('ranges need every bound', () => {
    expect(ids('metadata.version:(>=2 AND <=3)')).toEqual(['b2', 'c3']);
    expect(ids('metadata.version:(>1 AND <3)')).toEqual(['c3']);
    expect(ids('metadata.createdAt:(>="2026-01-01T00:00:00Z" AND <"2026-03-01T00:00:00Z")')).toEqual([
      'a1',
      'b2',
    ]);
  });

  it('several values match any of them', () => {
    expect(ids('id:(a1,c3)')).toEqual(['a1', 'c3']);
    expect(ids('id:( a1 , "b2" )')).toEqual(['a1', 'b2']);
  });

  it('regex matches anywhere in the value', () => {
    expect(ids('message:~agents')).toEqual(['a1']);
    expect(ids('id:~^[ab]')).toEqual(['a1', 'b2']);
    expect(ids('message:~"quotes"')).toEqual(['c3']);
    expect(ids('message:~(agents|quotes)')).toEqual(['a1', 'c3']);
  });

  it('null, exists and missing', () => {
    expect(ids('message:exists')).toEqual(['a1', 'c3']);
    expect(ids('message:missing')).toEqual(['b2']);
    expect(ids('commerceEvent:null')).toEqual(['a1', 'b2', 'c3']);
    expect(ids('commerceEvent:missing')).toEqual(['a1', 'b2']);
    expect(ids('commerceEvent:exists')).toEqual([]);
  });

  it('quoted values keep spaces and escaped quotes', () => {
    expect(ids('message:"Imported 3 agents"')).toEqual(['a1']);
    expect(ids('message:"Thinking about \\"quotes\\""')).toEqual(['c3']);
  });

  it('ANDs space-separated terms', () => {
    expect(ids('metadata.version:>=2 status:failure')).toEqual(['b2']);
    expect(ids('metadata.version:>=2   agentType:anti_fraud type:AGENT_CHAT')).toEqual(['c3']);
    expect(ids('status:success type:EXPORT')).toEqual([]);
  });

  it('a path through an array matches when any element does', () => {
    expect(ids('importResult.summary.agents.state:FAILED')).toEqual(['a1']);
    expect(ids('importResult.summary.agents.state:DISABLED')).toEqual([]);
  });

  it.each([
    ['status', "expected ':'"],
    ['status:', 'expected a value'],
    [':success', 'expected a field name'],
    ['status:"open', 'unterminated quoted value'],
    ['id:(a,b', "expected ',' or ')'"],
    ['id:()', 'expected a value'],
    ['metadata.version:(>=1 OR <=3)', "expected 'AND' or ')'"],
    ['metadata.version:(>=1 AND 3)', 'expected a comparison'],
    ['message:~(', 'invalid regular expression'],
    ['message:~"["', 'invalid regular expression'],
    ['status:a(b', "unexpected '('"],
    ['metadata..version:1', 'empty segment'],
    ['id:(a)status:x', 'expected a space between terms'],
  ])('rejects %j with a message naming the problem', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(q)).toThrow(message);
  });
});

describe("emporix q as the simulators' filter language (x-filters syntax emporix-q)", () => {
  it('reads a q into a test of a job, and a malformed one into a FilterSyntaxError', () => {
    const test = emporixFilterLanguage.parse('status:success type:IMPORT');
    expect(jobs.filter(test).map((j) => j.id)).toEqual(['a1']);
    expect(() => emporixFilterLanguage.parse('status')).toThrow(FilterSyntaxError);
  });
});
