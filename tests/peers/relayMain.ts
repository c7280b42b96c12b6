/**
 * The relay (relay.ts) as a process, so it can run inside a network namespace:
 *   ip netns exec rdn-x node node_modules/jiti/lib/jiti-cli.mjs tests/peers/relayMain.ts '<RelayOptions JSON>'
 * Prints one JSON line per relay event on stdout ({"kind":"listening","port":…} first); stops on SIGTERM.
 */
import { type RelayOptions, startRelay } from './relay';

const opts = JSON.parse(process.argv[2] ?? '{}') as RelayOptions;
startRelay({ ...opts, onEvent: (e) => process.stdout.write(`${JSON.stringify(e)}\n`) }).then(
  (relay) => {
    process.on('SIGTERM', () => {
      void relay.close().then(() => process.exit(0));
    });
  },
  (err: unknown) => {
    process.stderr.write(`relay failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
