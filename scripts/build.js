// `npm run build`: compiles src/ into dist/ (tsconfig.build.json) from a clean folder, so a source
// that moved or went away leaves no stale module behind; copies the report page's assets; stamps
// the build (bin/jobs-conformance.js compares the stamp with the sources in a checkout).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../', import.meta.url);
const at = (path) => new URL(path, root);

rmSync(at('dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
} catch (error) {
  // tsc has printed its errors.
  process.exit(error.status ?? 1);
}
// Read at run time next to the compiled module (src/reports/html.ts).
mkdirSync(at('dist/reports/html'), { recursive: true });
for (const file of ['client.js', 'style.css'])
  cpSync(at(`src/reports/html/${file}`), at(`dist/reports/html/${file}`));
writeFileSync(at('dist/.build-stamp'), `${new Date().toISOString()}\n`);
