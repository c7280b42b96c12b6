#!/bin/sh
# xrdp-restart.sh MANAGER PORT — restarts xrdp the way this host runs it (systemd, the init script, or
# service), then waits until something listens on PORT again (at most 30 s).
set -eu
manager=$1 port=$2
out=$(mktemp)
trap 'rm -f -- "$out"' EXIT
# Output goes to a file, not our pipe: a daemon that keeps an inherited pipe open would hold the session.
case $manager in
  systemd) set -- systemctl restart xrdp ;;
  init) set -- /etc/init.d/xrdp restart ;;
  *) set -- service xrdp restart ;;
esac
echo "running: $*"
if ! "$@" >"$out" 2>&1 </dev/null; then
  cat -- "$out" >&2
  echo "the restart command failed: $*" >&2
  exit 1
fi
cat -- "$out"
i=0
while [ "$i" -lt 60 ]; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "xrdp is listening on port $port again"
    exit 0
  fi
  sleep 0.5
  i=$((i + 1))
done
echo "xrdp did not listen on port $port within 30 s after the restart" >&2
tail -n 5 /var/log/xrdp.log >&2 2>/dev/null || true
exit 1
