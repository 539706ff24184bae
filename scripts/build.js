// `npm run build`: compiles src/ into dist/ (tsconfig.build.json) from a clean folder, so a source
// that moved or went away leaves no stale module behind; copies the report page's assets; stamps
// the build (bin/jobs-conformance.js compares the stamp with the sources in a checkout); precompiles
// the shipped schemas' validators (src/catalogue/precompile-validators.ts). Built beside
// dist/ and swapped in at the end, so a command started meanwhile finds a whole dist/ or none.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const at = (path) => new URL(path, root);
const next = `dist.building-${process.pid}`;

rmSync(at(next), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
    cwd: fileURLToPath(root),
    stdio: 'inherit',
  });
} catch (error) {
  // tsc has printed its errors.
  rmSync(at(next), { recursive: true, force: true });
  process.exit(error.status ?? 1);
}
// Read at run time next to the compiled module (src/reports/html.ts).
mkdirSync(at(`${next}/reports/html`), { recursive: true });
for (const file of ['client.js', 'style.css'])
  cpSync(at(`src/reports/html/${file}`), at(`${next}/reports/html/${file}`));
// The shipped schemas' validators as Ajv standalone code, made by the module just compiled; a schema
// that does not load is left to the run, which reports it (the run then compiles the validators).
try {
  const precompile = await import(at(`${next}/catalogue/precompile-validators.js`).href);
  precompile.writePrecompiledValidators(
    fileURLToPath(at(`${next}/catalogue/precompiled-validators/`)),
    fileURLToPath(at('schemas/')),
  );
} catch (error) {
  console.warn(`build: no precompiled validators (${error.message.split('\n')[0]})`);
}
writeFileSync(at(`${next}/.build-stamp`), `${new Date().toISOString()}\n`);
rmSync(at('dist'), { recursive: true, force: true });
renameSync(at(next), at('dist'));
