/**
 * Runs a server script (argv[2], CommonJS or an ES module) under V8's CPU profiler and writes the profile, as a
 * `.cpuprofile` Chrome DevTools opens, to BENCH_PROFILE_DIR when sent SIGUSR2 (the bench does so
 * before stopping it: a NestJS app stopped by SIGTERM ends by its own signal, so Node's
 * `--cpu-prof`, written only at a normal exit, would be lost).
 */
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, extname, join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

const script = resolve(process.argv[2]);
const dir = process.env.BENCH_PROFILE_DIR;
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable', () =>
  session.post('Profiler.setSamplingInterval', { interval: 500 }, () =>
    session.post('Profiler.start', () => {
      process.argv.splice(1, 2, script);
      // The peers' scripts are ES modules (the reference server's, for its side of the cost ledger).
      if (script.endsWith('.mjs')) import(pathToFileURL(script).href).catch((error) => { console.error(error); process.exit(1); });
      else require(script);
    }),
  ),
);
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) {
      console.error(`profile failed: ${error.message}`);
      return;
    }
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${basename(script, extname(script))}-${process.pid}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    console.log(`profile written: ${file}`);
  });
});
