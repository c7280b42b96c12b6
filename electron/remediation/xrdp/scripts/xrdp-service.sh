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

# @include service-pid.sh

manager=none
main=""
why=""
enabled=""
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  manager=systemd
  systemd_unit xrdp
  say systemd_user "$(systemctl show -p User --value xrdp 2>/dev/null)"
elif [ -x /etc/init.d/xrdp ]; then
  manager=init
  say init_chuid "$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp | head -n 1)"
  if ls /etc/rc[2345].d/S[0-9][0-9]xrdp >/dev/null 2>&1; then enabled=yes
  elif ls /etc/rc[2345].d/K[0-9][0-9]xrdp >/dev/null 2>&1; then enabled=no; fi
  pid_from_file "$PIDFILE" root xrdp
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
    packaged_binary "$XRDP" "$pid" || { why=$before && continue; }
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
  if [ -d "/proc/$main" ] && packaged_binary "$XRDP" "$main"; then
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
