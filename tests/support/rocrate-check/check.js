// Checks an RO-Crate folder with the `ro-crate` npm package (its Checker and Validator); prints the results as JSON.
// Usage: node check.js CRATE_DIR
// Without network access the RO-Crate JSON-LD context cannot be fetched from w3id.org; the context document bundled
// with the package is served instead (its terms are a superset of 1.1's), and "offlineContext" says so.
const fs = require('fs');
const path = require('path');

const realFetch = globalThis.fetch;
let offlineContext = false;
globalThis.fetch = async (url, options) => {
  try {
    return await realFetch(url, { ...options, signal: AbortSignal.timeout(5000) });
  } catch (error) {
    if (!/^https:\/\/w3id\.org\/ro\/crate\/1\.[12]\/context$/.test(String(url))) throw error;
    offlineContext = true;
    const document = JSON.parse(fs.readFileSync(require.resolve('ro-crate/lib/context.json'), 'utf8'));
    return { ok: true, status: 200, statusText: 'OK', json: async () => document };
  }
};

const { ROCrate, Checker } = require('ro-crate');

async function main() {
  const dir = process.argv[2];
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'ro-crate-metadata.json'), 'utf8'));
  const crate = new ROCrate(json, { array: true, link: true });
  await crate.resolveContext();
  const checker = new Checker(crate);
  await checker.check();
  await checker.validator.validate();
  const results = checker.validator.results || [];
  console.log(JSON.stringify({
    offlineContext,
    checks: checker.checklist.map(c => ({ name: c.name.trim(), status: c.status, message: c.message })),
    errors: results.filter(r => r.status === 'error').map(r => r.message),
    warnings: results.filter(r => r.status === 'warning').map(r => r.message),
  }));
}

main().catch(e => { console.error(e && e.stack || String(e)); process.exit(2); });
