/**
 * An impostor "xrdp" for the hostile-host tests (issue 17): a small native program an unprivileged user
 * runs from their home folder on the RDP port while the real xrdp is down. Started as
 * `xrdp --nodaemon -c INI ADDRESS PORT` it accepts and drops connections; started any other way (as the old
 * inspection did: `"$exe" --version`, as root) it writes a canary file and prints a plausible version, so a
 * test can prove that nothing of it ever ran. Native because /proc/PID/exe of a script is its interpreter,
 * not the file its user controls. Compiled here with the system C compiler (gcc).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary } from './availability';

/** Where the impostor writes when something runs it other than as a listener (inside the host's /tmp). */
export const FAKE_XRDP_CANARY = '/tmp/rdpdoc-fake-xrdp-ran';

const SOURCE = `
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc >= 6 && strcmp(argv[1], "--nodaemon") == 0) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(argv[5]));
    if (inet_pton(AF_INET, argv[4], &a.sin_addr) != 1) return 2;
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 16) != 0) { perror("fake xrdp"); return 1; }
    for (;;) { int c = accept(s, 0, 0); if (c >= 0) close(c); }
  }
  int fd = open("${FAKE_XRDP_CANARY}", O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    char line[256];
    int n = snprintf(line, sizeof line, "ran as uid %d with %s\\n", (int)getuid(), argc > 1 ? argv[1] : "(no arguments)");
    write(fd, line, n > 0 ? (size_t)n : 0);
    close(fd);
  }
  puts("xrdp 0.9.21.1");
  return 0;
}
`;

/** Why the impostor cannot be built here (with the package to install), or null. */
export function fakeXrdpMissing(): string | null {
  return findBinary('cc') ? null : 'missing cc, the C compiler for the impostor xrdp (apt-get install gcc libc6-dev)';
}

/** Compiles the impostor; returns the binary's path (in a temporary folder the caller removes). */
export function buildFakeXrdp(): { binary: string; dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-fake-xrdp-'));
  const src = path.join(dir, 'fake-xrdp.c');
  writeFileSync(src, SOURCE);
  const binary = path.join(dir, 'xrdp');
  execFileSync('cc', ['-O1', '-o', binary, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { binary, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
