// The contract results of a run, made on a thread of their own (started ahead by the command line).
// Light on purpose: importing it loads neither Pact nor the catalogue.
export {
  contractResults,
  contractResultsHere,
  releaseContractThread,
  warmContractThread,
} from './results.ts';
