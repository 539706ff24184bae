import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiId, getCatalogue } from '../src/catalogue/index.ts';
import type { ContractCase, UncoveredStatus } from '../src/contracts/cases.ts';
import { comparePact } from '../src/contracts/compare.ts';
import { consumerName } from '../src/contracts/config.ts';
import { generateApiPact } from '../src/contracts/generate.ts';
import { bodyJson, type PactFile, readPactFile } from '../src/contracts/pact-file.ts';

/**
 * The consumer contract of one API, as a vitest suite: writes <consumer>-<api>.json through the Pact
 * mock server (every request sent by the HTTP layer) and checks what it wrote. The pact goes to a
 * temporary folder removed afterwards, so the tests leave contracts/pacts/ (what `contracts generate`
 * and `run --contracts` write) as it was.
 */
export function describeConsumerContract(apiId: ApiId): void {
  const api = getCatalogue().api(apiId);
  describe(`consumer contract with ${apiId}`, () => {
    let pact: PactFile;
    let cases: ContractCase[];
    let uncovered: UncoveredStatus[];
    const pactDir = mkdtempSync(join(tmpdir(), `jc-pact-${apiId}-`));
    afterAll(() => rmSync(pactDir, { recursive: true, force: true }));
    beforeAll(async () => {
      const generated = await generateApiPact(apiId, { consumer: consumerName(), pactDir });
      pact = readPactFile(generated.file);
      cases = generated.cases;
      uncovered = generated.uncovered;
    }, 120_000);

    it('writes one V4 pact for the consumer–provider pair, one interaction per case', () => {
      expect(pact.consumer.name).toBe(consumerName());
      expect(pact.provider.name).toBe(apiId);
      expect((pact.metadata?.pactSpecification as { version?: string })?.version).toBe('4.0');
      expect(pact.interactions.map((i) => i.description).sort()).toEqual(
        cases.map((c) => c.description).sort(),
      );
    });

    it('covers every operation, every documented status and an auth failure (or says why not)', () => {
      for (const op of api.operations) {
        const mine = cases.filter((c) => c.operation === op.id);
        expect(
          mine.some((c) => c.scenario === 'success'),
          `${op.key} success`,
        ).toBe(true);
        expect(
          mine.some((c) => c.auth === 'wrong'),
          `${op.key} auth failure`,
        ).toBe(true);
        for (const key of op.responses.keys()) {
          const covered =
            mine.some((c) => c.responseKey === key) ||
            uncovered.some((u) => u.operation === op.id && u.status === key);
          expect(covered, `${op.key} ${key}`).toBe(true);
        }
        if (op.pagination && !op.parameters.some((p) => p.in === 'path' && /job/i.test(p.name))) {
          expect(
            mine.some((c) => c.scenario === 'empty list'),
            `${op.key} empty list`,
          ).toBe(true);
        }
        if (op.pagination?.pastLastPage === 'empty-result') {
          expect(
            mine.some((c) => c.scenario === 'past the end'),
            `${op.key} past the end`,
          ).toBe(true);
        }
      }
    });

    it('names a provider state for every interaction', () => {
      for (const interaction of pact.interactions) {
        expect(interaction.providerStates?.[0]?.name, interaction.description).toBeTruthy();
      }
    });

    it("gives every interaction a response body the catalogue's compiled validator accepts", () => {
      for (const interaction of pact.interactions) {
        const c = cases.find((x) => x.description === interaction.description)!;
        const op = api.operation(c.operation);
        const schema =
          c.responseKey === 'auth' ? api.authRejection.body : op.responses.get(c.responseKey)?.body;
        const body = bodyJson(interaction.response.body);
        expect(body.present, interaction.description).toBe(schema !== undefined);
        if (schema)
          expect(
            schema.validate(body.value),
            `${interaction.description}: ${JSON.stringify(schema.validate.errors)}`,
          ).toBe(true);
      }
    });

    it('marks ids and credentials for provider-state injection', () => {
      const withGenerators = pact.interactions.filter(
        (i) => (i.request as { generators?: Record<string, unknown> }).generators !== undefined,
      );
      expect(withGenerators.length).toBeGreaterThan(0);
      const valid = pact.interactions.filter(
        (i) => !cases.find((c) => c.description === i.description && c.auth === 'wrong'),
      );
      for (const interaction of valid) {
        const generators = (interaction.request as { generators?: { header?: Record<string, unknown> } })
          .generators;
        expect(Object.keys(generators?.header ?? {}).length, interaction.description).toBeGreaterThan(0);
      }
    });

    it('passes the offline pact-vs-schema check with no findings', () => {
      expect(comparePact(pact)).toEqual([]);
    });
  });
}
