import { describeConformance } from '../src/runner/vitest-suite.ts';

describeConformance('cloudflare-ai-search-namespaced');
