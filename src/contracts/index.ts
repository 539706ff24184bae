// Pact contracts: matchers and cases from the catalogue, generation, verification, the offline
// pact-vs-schema check, and publishing through the official pact-cli.
export {
  type BrokerSettings,
  brokerSettings,
  type CliRun,
  canIDeploy,
  gitDefaults,
  publishPacts,
  recordDeployment,
  redactSecrets,
} from './broker.ts';
export { type ContractCase, contractCases, type UncoveredStatus } from './cases.ts';
export { comparePact, comparePactsToResults, type Finding, findingsToResults } from './compare.ts';
export {
  consumerName,
  DEFAULT_CONSUMER,
  DEFAULT_PACT_DIR,
  defaultPactDir,
  pactFileName,
  providerName,
} from './config.ts';
export { type GenerateOptions, type GenerateReport, generateApiPact, generatePacts } from './generate.ts';
export {
  exampleFor,
  MatcherError,
  type MatcherOptions,
  matcherFor,
  PACT_DATETIME_FORMAT,
} from './matchers.ts';
export { type PactFile, readPactDir, readPactFile } from './pact-file.ts';
export { type ProviderApiOptions, providerApiBackend } from './provider-api-states.ts';
export { type StateAdapter, startStateAdapter } from './state-adapter.ts';
export { NotVerifiable, type StateBackend, simulatorControlBackend } from './state-backend.ts';
export { STATES, type StateName, setUpState } from './states.ts';
export {
  type InteractionOutcome,
  type VerifyOptions,
  type VerifyOutcome,
  type VerifyReport,
  verifyPacts,
} from './verify.ts';
