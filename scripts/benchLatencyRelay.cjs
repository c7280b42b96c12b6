#!/usr/bin/env node
'use strict';
/**
 * A userspace latency relay for the benchmarks (issue 20): this kernel has no netem, so added network latency
 * is a TCP proxy. Each relay listens on its own loopback address and forwards to one upstream server; every
 * chunk is held half the round trip in each direction, and the upstream connection is opened one round trip
 * after the client's (a client's data waits for it), which is what a client sees of a connect across the link:
 * the first answer comes 2 RTT after connecting. Order is kept: chunks of one direction wait the same time and
 * Node fires equal timers in the order they were set. A close or reset is passed on after the same delay.
 *
 * Run as its own process so its CPU is not the scanner's: node benchLatencyRelay.cjs RTT_MS PAIRS_JSON_FILE
 * (an array of { listenHost, listenPort, upHost, upPort }; upHost null: a silent host); prints "READY n" once every relay listens, and
 * runs until killed. Also usable in-process: require(...).startRelays(pairs, rttMs) → { close() }.
 */
const fs = require('node:fs');
const net = require('node:net');

function relayConnection(client, pair, rttMs, sockets) {
  if (pair.upHost == null) {
    // a silent host: accepts, reads, never answers (what a firewall that only drops the replies looks like)
    sockets.add(client);
    client.on('error', () => {});
    client.on('close', () => sockets.delete(client));
    client.resume();
    return;
  }
  const half = rttMs / 2;
  const pending = []; // client → upstream chunks received before the upstream connection is open
  let upstream = null;
  let clientEnded = false;
  let closed = false;
  sockets.add(client);
  const closeBoth = () => {
    if (closed) return;
    closed = true;
    setTimeout(() => {
      client.destroy();
      upstream?.destroy();
    }, half);
  };
  client.setNoDelay(true);
  client.on('error', closeBoth);
  client.on('close', closeBoth);
  client.on('data', (chunk) => {
    setTimeout(() => {
      if (upstream?.connecting === false) upstream.write(chunk);
      else pending.push(chunk);
    }, half);
  });
  client.on('end', () => {
    setTimeout(() => {
      clientEnded = true;
      if (upstream?.connecting === false) upstream.end();
    }, half);
  });
  setTimeout(() => {
    if (closed) return;
    upstream = net.connect({ host: pair.upHost, port: pair.upPort });
    sockets.add(upstream);
    upstream.setNoDelay(true);
    upstream.on('connect', () => {
      for (const chunk of pending.splice(0)) upstream.write(chunk);
      if (clientEnded) upstream.end();
    });
    upstream.on('data', (chunk) => setTimeout(() => client.write(chunk), half));
    upstream.on('end', () => setTimeout(() => client.end(), half));
    upstream.on('error', closeBoth);
    upstream.on('close', () => {
      sockets.delete(upstream);
      closeBoth();
    });
  }, rttMs);
  client.on('close', () => sockets.delete(client));
}

/** Starts one relay per pair; resolves once all listen. */
async function startRelays(pairs, rttMs) {
  const sockets = new Set();
  const servers = [];
  for (const pair of pairs) {
    const server = net.createServer((client) => relayConnection(client, pair, rttMs, sockets));
    // a deep accept queue: the relay stands for a network, not for the server's own (small) backlog
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: pair.listenHost, port: pair.listenPort, backlog: 511 }, resolve);
    });
    servers.push(server);
  }
  return {
    close: () => {
      for (const s of sockets) s.destroy();
      for (const s of servers) s.close();
    },
  };
}

module.exports = { startRelays };

if (require.main === module) {
  const rtt = Number(process.argv[2]);
  const pairs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  startRelays(pairs, rtt).then(
    () => process.stdout.write(`READY ${pairs.length}\n`),
    (err) => {
      process.stderr.write(`relay: ${err.message}\n`);
      process.exit(1);
    },
  );
}
