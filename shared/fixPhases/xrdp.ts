/**
 * The xrdp fix phases, one spec each (see types.ts): the words, what each addresses, its risks and the
 * copyable commands. In table order: the order of the phases offered for one finding, and the order the
 * runnable ones run in (a `runsLast` phase after the others).
 */
import type { FixCommands } from '../fixCommands';
import { looksLikeIp, shQuote, XRDP_KEY } from '../shellText';
import type { FixPhaseSpec } from './types';
import {
  KEY_PERMISSIONS_HOOKS,
  REGENERATE_CERT_HOOKS,
  RESTART_HOOKS,
  SECURITY_LAYER_HOOKS,
  SSL_PROTOCOLS_HOOKS,
  START_SERVICE_HOOKS,
} from './xrdpHooks';
import { XRDP_INSTALL_CERTIFICATE } from './xrdpInstallCertificate';

const sh = (lines: string[]): FixCommands => ({ shell: 'sh', lines });

const INI_RISK = "Changes the server's security settings; takes effect when xrdp restarts (disconnects every session).";

export const XRDP_PHASE_SPECS: FixPhaseSpec[] = [
  {
    id: 'xrdp-find-port-owner',
    hostKind: 'xrdp',
    adviceOnly: true,
    title: 'Find what owns the Remote Desktop port',
    summary:
      'Finds the program listening on the port (another service, a proxy or a hung xrdp) before anything is changed.',
    steps: [
      "List who listens on the port: ss -ltnp 'sport = :PORT'.",
      'If it is not xrdp, move that program or set port= in /etc/xrdp/xrdp.ini to the port clients use.',
      'If it is a hung xrdp, restart it: systemctl restart xrdp.',
    ],
    addresses: ['no-response', 'not-rdp', 'rdp-port-foreign-listener'],
    risks: [],
    commands: (c) => sh([`sudo ss -ltnp ${shQuote(`sport = :${c.port}`)}`]),
  },
  {
    id: 'xrdp-open-firewall',
    hostKind: 'xrdp',
    adviceOnly: true,
    title: 'Open the firewall for xrdp',
    summary: "Allows the RDP port through the host's firewall, which RDP Doctor does not change on Linux hosts.",
    steps: [
      'Find the firewall in use: ufw status, firewall-cmd --state or nft list ruleset.',
      'Allow the port (ufw allow 3389/tcp, or firewall-cmd --add-service=rdp --permanent && firewall-cmd --reload).',
      'Check any firewall between the client and the host too.',
    ],
    // a dropped connection is a firewall (or a host that is off), not a stopped xrdp: advice only on Linux
    addresses: ['tcp-timeout'],
    risks: [],
    commands: (c) =>
      sh([
        'sudo ufw status   # or: sudo firewall-cmd --state, sudo nft list ruleset',
        `sudo ufw allow ${c.port}/tcp   # or: sudo firewall-cmd --permanent --add-port=${c.port}/tcp && sudo firewall-cmd --reload`,
      ]),
  },
  {
    id: 'xrdp-sync-clock',
    hostKind: 'xrdp',
    adviceOnly: true,
    title: 'Synchronise the clock',
    summary: "Turns on network time synchronisation so the host's clock is right.",
    steps: ['timedatectl set-ntp true', 'Check timedatectl status shows "System clock synchronized: yes".'],
    addresses: ['clock-skew', 'tls-cert-not-yet-valid'],
    risks: [],
    commands: () => sh(['sudo timedatectl set-ntp true', 'timedatectl status']),
  },
  {
    id: 'xrdp-check-account',
    hostKind: 'xrdp',
    adviceOnly: true,
    title: 'Check the account',
    summary: 'Checks that the Linux account exists, is not locked or expired and may log in through xrdp.',
    steps: [
      'passwd -S USER; chage -l USER (locked or expired password?).',
      'Check /etc/xrdp/sesman.ini AlwaysGroupCheck / TerminalServerUsers group membership.',
    ],
    addresses: ['credentials-rejected'],
    risks: [],
    commands: () => sh(["sudo passwd -S '<user>'", "sudo chage -l '<user>'"]),
  },
  {
    id: 'xrdp-fix-key-permissions',
    hostKind: 'xrdp',
    title: 'Let xrdp read its key file',
    summary:
      'Makes the certificate key file readable by the user xrdp runs as (group ssl-cert, mode 640), which xrdp needs to offer TLS.',
    steps: [
      'Find the key_file= and certificate= paths in /etc/xrdp/xrdp.ini.',
      'Add the xrdp user to the ssl-cert group (adduser xrdp ssl-cert).',
      'chgrp ssl-cert KEYFILE; chmod 640 KEYFILE (and make its directories traversable).',
      'Restart xrdp.',
    ],
    addresses: ['tls-key-unusable', 'tls-unavailable', 'tls-handshake-failed', 'tls-cert-unavailable'],
    risks: ['Takes effect when xrdp restarts (the restart phase disconnects every session).'],
    ...KEY_PERMISSIONS_HOOKS,
    commands: (c) => {
      const key = c.keyPath ? shQuote(c.keyPath) : `"$(readlink -f ${XRDP_KEY})"`;
      return sh([
        "grep -E '^(certificate|key_file)=' /etc/xrdp/xrdp.ini   # the files xrdp loads",
        'sudo adduser xrdp ssl-cert',
        `sudo chgrp ssl-cert ${key}`,
        `sudo chmod 640 ${key}`,
        'sudo systemctl restart xrdp',
      ]);
    },
  },
  {
    id: 'xrdp-set-security-layer',
    hostKind: 'xrdp',
    title: 'Let xrdp use TLS',
    summary:
      'Sets security_layer=negotiate (or tls) in xrdp.ini so clients can use TLS instead of Standard RDP Security.',
    steps: [
      'In /etc/xrdp/xrdp.ini [Globals] set security_layer=negotiate (or tls).',
      'Make sure certificate= and key_file= point at a readable certificate and key.',
      'Restart xrdp.',
    ],
    addresses: ['tls-unavailable'],
    risks: [INI_RISK],
    ...SECURITY_LAYER_HOOKS,
    commands: () =>
      sh([
        "sudo sed -i 's/^security_layer=.*/security_layer=negotiate/' /etc/xrdp/xrdp.ini",
        'sudo systemctl restart xrdp',
      ]),
  },
  {
    id: 'xrdp-set-ssl-protocols',
    hostKind: 'xrdp',
    title: 'Enable TLS 1.2 and 1.3 in xrdp',
    summary: 'Sets ssl_protocols=TLSv1.2, TLSv1.3 in xrdp.ini so current clients can complete the handshake.',
    steps: [
      'In /etc/xrdp/xrdp.ini [Globals] set ssl_protocols=TLSv1.2, TLSv1.3.',
      'Check that tls_ciphers= (if set) is not too narrow for TLS 1.2.',
      'Restart xrdp.',
    ],
    addresses: ['tls-legacy-only'],
    risks: [INI_RISK],
    ...SSL_PROTOCOLS_HOOKS,
    commands: () =>
      sh([
        "sudo sed -i 's/^ssl_protocols=.*/ssl_protocols=TLSv1.2, TLSv1.3/' /etc/xrdp/xrdp.ini",
        'sudo systemctl restart xrdp',
      ]),
  },
  {
    id: 'xrdp-regenerate-cert',
    hostKind: 'xrdp',
    title: 'Create a new certificate for xrdp',
    summary:
      'Generates a fresh self-signed certificate and key (or installs one from your CA) and points xrdp.ini at them.',
    steps: [
      'Generate a key and certificate for the host name (e.g. make-ssl-cert generate-default-snakeoil --force-overwrite, or openssl req -x509 -newkey rsa:2048 -days 825).',
      'Set certificate= and key_file= in /etc/xrdp/xrdp.ini to them; key readable by group ssl-cert.',
      'Restart xrdp.',
    ],
    // not tls-cert-self-signed: another self-signed certificate would not help (a CA-issued one does)
    addresses: [
      'tls-cert-expired',
      'tls-cert-not-yet-valid',
      'tls-cert-name-mismatch',
      'tls-cert-weak',
      'tls-cert-expiring-soon',
      'tls-key-unusable',
      'tls-handshake-failed',
      'tls-cert-unavailable',
    ],
    risks: [
      'Clients that trusted the old certificate will be asked to accept the new one.',
      'Takes effect when xrdp restarts (disconnects every session).',
    ],
    ...REGENERATE_CERT_HOOKS,
    commands: (c) => {
      // the name clients use goes into subjectAltName (clients match names there), never a CN alone
      const name = c.host ?? '<host name>';
      const san = c.host && looksLikeIp(c.host) ? `IP:${c.host}` : `DNS:${name}`;
      return sh([
        'sudo openssl x509 -in /etc/xrdp/cert.pem -noout -subject -ext subjectAltName   # keep these names in the new one',
        `sudo openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj ${shQuote(`/CN=${name}`)} -addext ${shQuote(`subjectAltName=${san}`)} -keyout /etc/xrdp/key.pem -out /etc/xrdp/cert.pem`,
        'sudo chgrp ssl-cert /etc/xrdp/key.pem && sudo chmod 640 /etc/xrdp/key.pem',
        'sudo systemctl restart xrdp',
      ]);
    },
  },
  // after the self-signed one: a finding offers a new self-signed certificate first (it needs no file)
  XRDP_INSTALL_CERTIFICATE,
  {
    id: 'xrdp-start-service',
    hostKind: 'xrdp',
    title: 'Start xrdp',
    summary:
      "Starts the stopped xrdp service with the host's service manager (and sets it to start at boot when it does not), then checks that it listens on the port clients use.",
    steps: [
      'systemctl enable xrdp; systemctl start xrdp (or, without systemd: update-rc.d xrdp enable; /etc/init.d/xrdp start).',
      'Check that xrdp listens on the address and port of port= in /etc/xrdp/xrdp.ini (ss -ltnp).',
      'If it does not start, read /var/log/xrdp.log.',
    ],
    addresses: ['xrdp-service-stopped', 'tcp-refused'],
    risks: ['Starts accepting Remote Desktop connections on the host (as it was set up to).'],
    // starting xrdp is what makes it take effect: it does not bring a restart with it
    selfContained: true,
    ...START_SERVICE_HOOKS,
    commands: (c) =>
      sh([
        'sudo systemctl enable xrdp && sudo systemctl start xrdp   # without systemd: sudo update-rc.d xrdp enable && sudo /etc/init.d/xrdp start',
        `sudo ss -ltnp ${shQuote(`sport = :${c.port}`)}   # xrdp should be listening`,
        `grep -E '^port=' /etc/xrdp/xrdp.ini   # should name port ${c.port}`,
      ]),
  },
  {
    id: 'xrdp-restart',
    hostKind: 'xrdp',
    title: 'Restart xrdp',
    summary: 'Restarts the xrdp service so it reloads xrdp.ini, its certificate and key.',
    steps: ['systemctl restart xrdp', 'Check journalctl -u xrdp for certificate or key errors.'],
    // offered for no-response by itself; with every other runnable phase it comes along (runsLast)
    addresses: ['no-response'],
    risks: ['Disconnects every xrdp session on the host.'],
    runsLast: true,
    ...RESTART_HOOKS,
    commands: () => sh(['sudo systemctl restart xrdp', 'sudo journalctl -u xrdp -n 50 --no-pager']),
  },
];
