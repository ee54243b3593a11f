// Test servers for bench/links.mjs, run in a child process so that their work
// does not count toward the checker's time and memory. One HTTP server per
// host address; each responds to every request with 200 after `latency` ms and
// records how many requests were in flight at once, per host and overall, and
// how many connections were opened. It sends Content-Length on every
// response, as servers usually do. Without it, Node 20 opened a new connection
// for every HEAD request.
// Started with fork(), it receives { hosts, latency } and replies { ports }.
// It replies to 'stats' with the counts and exits on 'stop'.
import * as http from 'node:http';

let inFlight = 0;
let peakTotal = 0;
let requests = 0;
let connections = 0;
const peakPerHost = {};
const inFlightPerHost = {};

function listen(host, latency) {
  const server = http.createServer((request, response) => {
    requests++;
    inFlight++;
    inFlightPerHost[host] = (inFlightPerHost[host] ?? 0) + 1;
    peakTotal = Math.max(peakTotal, inFlight);
    peakPerHost[host] = Math.max(peakPerHost[host] ?? 0, inFlightPerHost[host]);
    setTimeout(() => {
      inFlight--;
      inFlightPerHost[host]--;
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': '0' }).end();
    }, latency);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.on('connection', () => connections++);
    server.listen(0, host, () => resolve(server.address().port));
  });
}

process.on('message', async (message) => {
  if (message === 'stats') {
    process.send({ requests, connections, peakTotal, peakPerHost });
    requests = 0;
    connections = 0;
    peakTotal = 0;
    for (const host of Object.keys(peakPerHost)) delete peakPerHost[host];
  } else if (message === 'stop') {
    process.exit(0);
  } else {
    try {
      const ports = await Promise.all(message.hosts.map((host) => listen(host, message.latency)));
      process.send({ ports });
    } catch (error) {
      process.send({ error: `listening on ${message.hosts.join(', ')} failed: ${error.message}` });
    }
  }
});
