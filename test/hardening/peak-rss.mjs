// Preloaded into a CLI child by test/hardening/hostile-bodies.test.ts (NODE_OPTIONS=--import=…):
// on exit, writes the process's peak resident set (getrusage maxRSS, in bytes) to $JC_MAX_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.JC_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // The figure is a test aid; never let it change how the CLI exits.
    }
  });
}
