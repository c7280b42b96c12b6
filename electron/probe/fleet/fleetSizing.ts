/**
 * How a scan is spread (issue 20). A probe is mostly waiting (about ten round trips, over at most two
 * connections at once per host: connectionGate.ts) and a few ms of CPU, so a thread keeps about 64 hosts in
 * flight before its CPU, not the network, sets the pace; beyond that another thread (worker_threads) pays for
 * its start-up (loading the probe, tens of ms) once there are at least WORKER_THRESHOLD hosts for each.
 */
import { availableParallelism } from 'node:os';
import { FLEET_MAX_CONCURRENCY } from '../../../shared/fleetConstants';

/** hosts in flight per thread by default */
export const HOSTS_IN_FLIGHT_PER_THREAD = 64;
/** a scan of fewer hosts than this per thread stays on the main thread */
export const WORKER_THRESHOLD = 128;
/** more threads than this only add start-up: the network is the limit by then */
export const MAX_WORKERS = 8;

/** Worker threads for a scan of `hosts` hosts (0: probe on the main thread). */
export function defaultWorkers(hosts: number, cores = availableParallelism()): number {
  const n = Math.min(cores, MAX_WORKERS, Math.floor(hosts / WORKER_THRESHOLD));
  return n >= 2 ? n : 0;
}

/** The default concurrency for a scan on `workers` threads (0 = the main thread). */
export function defaultConcurrency(workers: number): number {
  return Math.min(FLEET_MAX_CONCURRENCY, HOSTS_IN_FLIGHT_PER_THREAD * Math.max(1, workers));
}
