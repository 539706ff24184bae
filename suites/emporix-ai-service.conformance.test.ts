import { describeConformance } from '../src/runner/vitest-suite.ts';

describeConformance('emporix-ai-service');
