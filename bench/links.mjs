// Times the link check against the bound that its politeness limits allow.
// `npm run bench:links` builds first, then runs this file.
//
// The URLs point at local HTTP servers on several loopback addresses
// (127.0.0.2, 127.0.0.3, ...), which count as distinct hosts, and each
// response takes `--latency` ms. With at most 2 requests per host and 8 overall in
// flight, and one HEAD per URL, no schedule finishes faster than
//   max(max over hosts of ceil(urls on the host / 2), ceil(urls / 8)) × latency.
// Each scenario runs twice with one cache file: the first run requests every
// URL, the second finds them all in the cache and must make no request.
//
// Memory is the heap the results and the cache keep after a run (with
// --expose-gc, as `npm run bench:links` passes it) and the peak RSS of this
// process; the servers run in a child process and count toward neither.
//
// Options: --latency MS (default 100), --runs N (timed first runs per
// scenario, default 3; the median is reported).
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LINKS_MODULE = path.join(REPO_ROOT, 'out', 'server', 'src', 'core', 'links', 'index.js');
const MAX_PER_HOST = 2;
const MAX_TOTAL = 8;

// URLs per host. The even scenario spreads 300 URLs over 4 hosts. The
// catalogue-like one puts a third on one host, as the real catalogue has most
// of its links on a few hosts, and the rest on three.
const SCENARIOS = [
  { name: 'even: 300 URLs on 4 hosts', perHost: [75, 75, 75, 75] },
  { name: 'catalogue-like: 300 URLs, 100 on one host', perHost: [100, 67, 67, 66] },
];

function parseArguments(argv) {
  const options = { latency: 100, runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = Number(argv[i + 1]);
    if ((name === '--latency' || name === '--runs') && Number.isInteger(value) && value > 0) options[name.slice(2)] = value;
    else throw new Error(`Invalid option "${name} ${argv[i + 1] ?? ''}"; the options are --latency MS and --runs N.`);
  }
  return options;
}

function request(child, message) {
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply)));
    child.send(message);
  });
}

function boundMs(perHost, latency) {
  const total = perHost.reduce((sum, count) => sum + count, 0);
  const hostRounds = Math.max(...perHost.map((count) => Math.ceil(count / MAX_PER_HOST)));
  return Math.max(hostRounds, Math.ceil(total / MAX_TOTAL)) * latency;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function runScenario(links, child, scenario, options, folder) {
  const hosts = scenario.perHost.map((_, i) => `127.0.0.${i + 2}`);
  const { ports } = await request(child, { hosts, latency: options.latency });
  const urls = scenario.perHost.flatMap((count, h) =>
    Array.from({ length: count }, (_, i) => `http://${hosts[h]}:${ports[h]}/doc/${i}`),
  );
  const checkOptions = { allowPrivate: true, maxRequests: MAX_TOTAL, maxRequestsPerHost: MAX_PER_HOST };

  const firstRuns = [];
  let stats;
  let cacheFile;
  for (let run = 0; run < options.runs; run++) {
    cacheFile = path.join(folder, `${scenario.perHost.join('-')}-${run}.json`);
    const cache = await links.LinkCache.open(cacheFile);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const results = await links.checkLinks(urls, { ...checkOptions, cache });
    const wall = performance.now() - start;
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    await cache.save(Date.now());
    const ok = [...results.values()].filter((result) => result.verdict === 'ok').length;
    if (ok !== urls.length) throw new Error(`${urls.length - ok} of ${urls.length} URLs were not ok`);
    stats = await request(child, 'stats');
    firstRuns.push({ wall, heapDelta: heapAfter - heapBefore });
  }

  const start = performance.now();
  const cache = await links.LinkCache.open(cacheFile);
  const opened = performance.now();
  await links.checkLinks(urls, { ...checkOptions, cache });
  const end = performance.now();
  const cachedStats = await request(child, 'stats');

  return {
    scenario: scenario.name,
    wall: median(firstRuns.map((run) => run.wall)),
    heapDelta: median(firstRuns.map((run) => run.heapDelta)),
    bound: boundMs(scenario.perHost, options.latency),
    stats,
    cachedOpen: opened - start,
    cachedCheck: end - opened,
    cachedRequests: cachedStats.requests,
  };
}

function format(rows, options) {
  const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  const lines = [
    `latency ${options.latency} ms per response, limits ${MAX_PER_HOST} per host and ${MAX_TOTAL} overall, median of ${options.runs} first runs`,
    '',
    '| scenario | bound | first run | over bound | peak in flight (overall / per host) | requests / connections | heap kept | cached run (open + check) | requests |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const peaks = `${row.stats.peakTotal} / ${Object.values(row.stats.peakPerHost).join(', ')}`;
    const over = `${(((row.wall - row.bound) / row.bound) * 100).toFixed(1)} %`;
    const cached = `${row.cachedOpen.toFixed(1)} + ${row.cachedCheck.toFixed(1)} ms`;
    lines.push(
      `| ${row.scenario} | ${row.bound} ms | ${row.wall.toFixed(0)} ms | ${over} | ${peaks} | ${row.stats.requests} / ${row.stats.connections} | ${mib(row.heapDelta)} MiB | ${cached} | ${row.cachedRequests} |`,
    );
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  lines.push('', `Peak RSS of the checking process: ${rss.toFixed(0)} MiB. Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores.`);
  return lines.join('\n');
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!fs.existsSync(LINKS_MODULE)) throw new Error(`${LINKS_MODULE} not found; run \`npm run build\` first, or use \`npm run bench:links\`.`);
  const links = await import(LINKS_MODULE);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-links-'));
  const rows = [];
  for (const scenario of SCENARIOS) {
    const child = fork(path.join(REPO_ROOT, 'bench', 'links-server.mjs'));
    try {
      rows.push(await runScenario(links, child, scenario, options, folder));
    } finally {
      child.send('stop');
    }
  }
  fs.rmSync(folder, { recursive: true, force: true });
  console.log(format(rows, options));
}

await main();
