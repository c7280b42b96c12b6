#!/bin/sh
# xrdp-service.sh [PID…] — which process is the xrdp SERVICE's own, asked of the service manager, and who the
# given listener PIDs are. One "name=value" per line. Read-only, runs as root, and runs nothing of the host's
# but its service manager and package manager: no binary a listener names is ever executed (a local user
# may bind the RDP port with any program called "xrdp").
#   service_manager  systemd | init | none
#   service_pid      the service's main PID, only when it checks out: systemd's MainPID, or the init script's
#                    pid file (/run/xrdp/xrdp.pid, root- or xrdp-owned, no older than the process it names);
#                    its /proc/PID/exe is /usr/sbin/xrdp, a root-owned file no one else may write
#   service_why      why a pid the service manager named was not accepted
#   service_arg      the verified service process's arguments, one per line (for its -c)
#   proc             PID:USER:EXE for each PID given (EXE as text, never run)
set -u
XRDP=/usr/sbin/xrdp
PIDFILE=/run/xrdp/xrdp.pid

# a value on one line: a newline or CR in a host-supplied value cannot start a fact of its own
say() {
  printf '%s=' "$1"
  printf '%s' "$2" | tr '\n\r' '??'
  printf '\n'
}

# seconds since the epoch when PID started (/proc/PID/stat field 22 is in clock ticks since boot)
started_at() {
  ticks=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)
  btime=$(sed -n 's/^btime //p' /proc/stat)
  hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
  [ -n "$ticks" ] && [ -n "$btime" ] && echo $((btime + ticks / hz))
}

# is PID the packaged xrdp binary (root-owned, writable by root alone)?
packaged_xrdp() {
  exe=$(readlink -- "/proc/$1/exe" 2>/dev/null) || return 1
  # after a package upgrade the running binary shows as deleted; only root can delete from /usr/sbin
  case $exe in "$XRDP" | "$XRDP (deleted)") ;; *) why="its executable is $exe, not $XRDP"; return 1 ;; esac
  [ -f "$XRDP" ] && [ ! -L "$XRDP" ] || { why="$XRDP is not a plain file"; return 1; }
  st=$(stat -c '%u %a' -- "$XRDP")
  set -- $st
  [ "$1" = 0 ] || { why="$XRDP is not owned by root"; return 1; }
  case $2 in *[2367]? | *[2367]) why="$XRDP is writable by others than root (mode $2)"; return 1 ;; esac
  return 0
}

manager=none
main=""
why=""
enabled=""
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  manager=systemd
  main=$(systemctl show -p MainPID --value xrdp 2>/dev/null | tr -dc 0-9)
  [ "$main" = 0 ] && main=""
  say systemd_user "$(systemctl show -p User --value xrdp 2>/dev/null)"
  case $(systemctl is-enabled xrdp 2>/dev/null) in
    enabled | static | alias | indirect) enabled=yes ;;
    disabled | masked) enabled=no ;;
  esac
elif [ -x /etc/init.d/xrdp ]; then
  manager=init
  say init_chuid "$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp | head -n 1)"
  if ls /etc/rc[2345].d/S[0-9][0-9]xrdp >/dev/null 2>&1; then enabled=yes
  elif ls /etc/rc[2345].d/K[0-9][0-9]xrdp >/dev/null 2>&1; then enabled=no; fi
  if [ -f "$PIDFILE" ] && [ ! -L "$PIDFILE" ]; then
    candidate=$(head -c 32 -- "$PIDFILE" | tr -dc 0-9)
    owner=$(stat -c %U -- "$PIDFILE")
    if [ -z "$candidate" ]; then
      why="the pid file $PIDFILE holds no pid"
    elif [ "$owner" != root ] && [ "$owner" != xrdp ]; then
      why="the pid file $PIDFILE is owned by $owner"
    elif [ ! -d "/proc/$candidate" ]; then
      why="no process $candidate (stale pid file $PIDFILE)"
    else
      # a pid file older than its process names a pid reused by another program
      written=$(stat -c %Y -- "$PIDFILE")
      started=$(started_at "$candidate")
      if [ -n "$started" ] && [ $((written + 1)) -ge "$started" ]; then
        main=$candidate
      else
        why="the pid file $PIDFILE is older than process $candidate"
      fi
    fi
  fi
fi
# Debian's init script quirk: on a restart the old xrdp may remove the new one's pid file. With no usable pid
# file, the listener counts as the service only when it runs the packaged binary as the init script's user
# (xrdp) or root — an account no other local user can run programs as — and is the root of its process tree
# (xrdp's per-connection children share the socket).
if [ "$manager" = init ] && [ -z "$main" ]; then
  chuid=$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp | head -n 1)
  found="" count=0 before=$why
  for pid in "$@"; do
    case $pid in '' | *[!0-9]*) continue ;; esac
    [ -d "/proc/$pid" ] || continue
    u=$(stat -c %U -- "/proc/$pid" 2>/dev/null)
    [ "$u" = "${chuid:-xrdp}" ] || [ "$u" = root ] || continue
    packaged_xrdp "$pid" || { why=$before && continue; }
    ppid=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f2)
    case " $* " in *" $ppid "*) continue ;; esac
    found=$pid count=$((count + 1))
  done
  if [ "$count" = 1 ]; then
    main=$found
    why="${why:-no pid file $PIDFILE}; pid $found is the packaged xrdp running as ${chuid:-xrdp}"
    say service_pid_from listener
  fi
fi
say service_manager "$manager"
say service_enabled "$enabled"

if [ -n "$main" ]; then
  if [ -d "/proc/$main" ] && packaged_xrdp "$main"; then
    say service_pid "$main"
    [ -n "$why" ] && say service_note "$why"
    say service_user "$(stat -c %U -- "/proc/$main")"
    tr '\0' '\n' <"/proc/$main/cmdline" | tr '\r' '?' | sed 's/^/service_arg=/'
  else
    say service_why "pid $main: ${why:-gone}"
  fi
elif [ -n "$why" ]; then
  say service_why "$why"
fi

for pid in "$@"; do
  case $pid in '' | *[!0-9]*) continue ;; esac
  [ -d "/proc/$pid" ] || continue
  say proc "$pid:$(stat -c %U -- "/proc/$pid" 2>/dev/null):$(readlink -- "/proc/$pid/exe" 2>/dev/null)"
done

if command -v dpkg-query >/dev/null 2>&1; then
  say version "$(dpkg-query -W -f '${Version}' xrdp 2>/dev/null)"
elif command -v rpm >/dev/null 2>&1; then
  say version "$(rpm -q --qf '%{VERSION}-%{RELEASE}' xrdp 2>/dev/null)"
fi
exit 0
