#!/bin/sh
# xrdp-restart.sh ACTION MANAGER ADDRESS PORT — restarts, starts or stops the xrdp service the way this host
# runs it (systemd or Debian's init script) and judges it by the result, not by the service manager's exit
# status: after restart/start, an xrdp whose executable is /usr/sbin/xrdp listens on exactly ADDRESS:PORT
# (ADDRESS "*" = any address: *, 0.0.0.0, ::) with a pid other than the one listening before; after stop,
# none does. Waits at most 30 s. Prints "old_pid=", "exit_status=", "new_pid=" lines for the caller.
#   ACTION   restart | try-restart (only when running) | start | stop | status (prints the listening pids)
#   MANAGER  systemd | init
# Debian's init script sometimes exits 1 although the new xrdp is up, and the old xrdp's exit can remove the
# new one's pid file: the pid comes from the listener and its executable, never from the pid file.
set -u
action=$1 manager=$2 want=$3 port=$4
xrdp=/usr/sbin/xrdp

case $action in restart | try-restart | start | stop | status) ;; *) echo "unknown action $action" >&2; exit 2 ;; esac
# try-restart: restart only when xrdp runs (undo of a restart after an undo that stopped it)
verb=$action
[ "$action" = try-restart ] && verb=restart
case $manager in
  systemd) set -- systemctl "$verb" xrdp ;;
  init) set -- /etc/init.d/xrdp "$verb" ;;
  *) echo "xrdp is not run by systemd or an init script here: $action it yourself" >&2; exit 2 ;;
esac
case $port in '' | *[!0-9]*) echo "bad port $port" >&2; exit 2 ;; esac

# pids of the processes listening on want:port whose executable is the packaged xrdp
xrdp_listeners() {
  ss -ltnpH "sport = :$port" 2>/dev/null | while read -r _ _ _ local _ users; do
    a=${local%:*}
    a=${a#\[}
    a=${a%\]}
    a=${a%%\%*}
    a=${a#::ffff:}
    if [ "$want" = '*' ]; then
      case $a in '*' | 0.0.0.0 | ::) ;; *) continue ;; esac
    elif [ "$a" != "$want" ]; then
      continue
    fi
    for p in $(printf '%s\n' "$users" | grep -o 'pid=[0-9]*' | cut -d= -f2); do
      [ "$(readlink -- "/proc/$p/exe" 2>/dev/null)" = "$xrdp" ] && echo "$p"
    done
  done | sort -u
}

# every pid holding the old listening socket (xrdp's per-connection children share it): none of them is new
olds=$(xrdp_listeners)
if [ "$action" = status ]; then
  [ -z "$olds" ] || printf '%s\n' "$olds"
  exit 0
fi
old=$(printf '%s\n' "$olds" | head -n 1)
echo "old_pid=$old"
if [ "$action" = try-restart ] && [ -z "$old" ]; then
  echo "xrdp does not listen on $want:$port: nothing to restart"
  exit 0
fi
if [ "$action" = start ] && [ -n "$old" ]; then
  echo "new_pid=$old"
  echo "xrdp already listens on $want:$port (pid $old): nothing to start"
  exit 0
fi
out=$(mktemp)
trap 'rm -f -- "$out"' EXIT
# Output goes to a file, not our pipe: a daemon that keeps an inherited pipe open would hold the session.
echo "running: $*"
"$@" >"$out" 2>&1 </dev/null
status=$?
cat -- "$out"
echo "exit_status=$status"
[ "$status" -eq 0 ] || echo "($* exited $status; judging by what listens now)"

i=0
while [ "$i" -lt 60 ]; do
  pids=$(xrdp_listeners)
  if [ "$action" = stop ]; then
    if [ -z "$pids" ]; then
      echo "xrdp no longer listens on $want:$port"
      exit 0
    fi
  else
    for p in $pids; do
      if ! printf '%s\n' "$olds" | grep -qx -- "$p"; then
        echo "new_pid=$p"
        echo "xrdp listens on $want:$port again (pid $p, was ${old:-not running})"
        # Debian's quirk: put the pid file back when the old xrdp's exit removed it. /run/xrdp is writable by
        # group xrdp, so the file is written in root-only /run and renamed into place: a link planted at either
        # name is replaced, never followed.
        if [ "$manager" = init ] && [ -d /run/xrdp ] && [ ! -L /run/xrdp ] &&
          [ "$(cat /run/xrdp/xrdp.pid 2>/dev/null)" != "$p" ]; then
          tmp=$(mktemp /run/.rdp-doctor-xrdp-pid.XXXXXX) && echo "$p" >"$tmp" && chmod 0644 -- "$tmp" &&
            mv -fT -- "$tmp" /run/xrdp/xrdp.pid && echo "restored /run/xrdp/xrdp.pid ($p)"
          rm -f -- "$tmp" 2>/dev/null
        fi
        exit 0
      fi
    done
  fi
  sleep 0.5
  i=$((i + 1))
done
if [ "$action" = stop ]; then
  echo "xrdp still listens on $want:$port 30 s after: $*" >&2
else
  echo "no new xrdp ($xrdp) listens on $want:$port within 30 s after: $* (exit $status)" >&2
  tail -n 5 /var/log/xrdp.log >&2 2>/dev/null || true
fi
exit 1
