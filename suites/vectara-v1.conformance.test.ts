import { describeConformance } from '../src/runner/vitest-suite.ts';

describeConformance('vectara-v1');
