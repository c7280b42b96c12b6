#!/bin/sh
# xrdp-session.sh SESMANLOG — read-only facts about xrdp's session layer (what runs after the login screen),
# one "name=value" per line. Runs as root; changes nothing and runs nothing the host names: only fixed
# programs (stat, readlink, dpkg-query/rpm, who, df, grep, find) on fixed paths, and the host's text is printed
# as data (each log line prefixed, so no line can pose as a fact of its own).
#   SESMANLOG  xrdp-sesman's log as sesman.ini [Logging] LogFile names it (read only when it is a plain
#              root-owned file, never through a symlink)
#   sesman_manager   systemd | init | none
#   sesman_pid       the xrdp-sesman the service manager started, only when it checks out (systemd's MainPID of
#                    xrdp-sesman, or the init script's pid file /run/xrdp/xrdp-sesman.pid no older than its
#                    process), running the packaged root-owned /usr/sbin/xrdp-sesman
#   sesman_why       why a pid the service manager named was not accepted
#   sesman_enabled   yes | no | "" (systemd: is-enabled; init: sesman starts with /etc/init.d/xrdp)
#   pkg_manager      dpkg | rpm
#   pkg=NAME:STATUS:VERSION   package state (dpkg-query's db:Status-Abbrev, "ii" installed; or rpm's "ii")
#   file=TAG:TYPE:UID:MODE    fixed, well-known paths (the backend's binaries and module)
#   who=LINE                  `who` (utmp) lines: user, terminal, time
#   polkit_colord=PATH        polkit rules/.pkla files naming org.freedesktop.color-manager
#   df=PATH:SIZEKB:USEDKB:AVAILKB:PCT:MOUNT  the file systems of /tmp and /home
#   sesman_log=LINE, xlog=FILE:LINE          the last telling lines of the logs
set -u
sesmanlog=$1
SESMAN=/usr/sbin/xrdp-sesman
PIDFILE=/run/xrdp/xrdp-sesman.pid

# @include service-pid.sh

manager=none main="" why="" enabled=""
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  manager=systemd
  systemd_unit xrdp-sesman
elif [ -x /etc/init.d/xrdp ]; then
  # Debian's init script starts xrdp-sesman together with xrdp (unless /etc/default/xrdp says SESMAN_START=no)
  manager=init
  pid_from_file "$PIDFILE" root || why="no pid file $PIDFILE"
fi
say sesman_manager "$manager"
say sesman_enabled "$enabled"
if [ -n "$main" ]; then
  if packaged_binary "$SESMAN" "$main"; then say sesman_pid "$main"; else say sesman_why "pid $main: $why"; fi
elif [ -n "$why" ]; then
  say sesman_why "$why"
fi
if [ -f /etc/default/xrdp ] && [ ! -L /etc/default/xrdp ] && [ "$(stat -c %u /etc/default/xrdp)" = 0 ]; then
  say sesman_start "$(sed -n 's/^[[:space:]]*SESMAN_START=["'\'']*\([A-Za-z]*\).*/\1/p' /etc/default/xrdp | tail -n 1)"
fi

# package state: decided by the package manager's database, never by running what a package ships
if command -v dpkg-query >/dev/null 2>&1; then say pkg_manager dpkg
elif command -v rpm >/dev/null 2>&1; then say pkg_manager rpm; fi
for p in xrdp xorgxrdp xserver-xorg-core xserver-xorg-legacy tigervnc-standalone-server tigervnc-server \
  tightvncserver vnc4server colord; do
  if command -v dpkg-query >/dev/null 2>&1; then
    st=$(dpkg-query -W -f '${db:Status-Abbrev}:${Version}' "$p" 2>/dev/null) || st=""
    say pkg "$p:$(printf '%s' "$st" | tr -d ' ')"
  elif command -v rpm >/dev/null 2>&1; then
    if v=$(rpm -q --qf '%{VERSION}-%{RELEASE}' "$p" 2>/dev/null); then say pkg "$p:ii:$v"; else say pkg "$p::"; fi
  fi
done

# fixed, well-known paths of the backends (stat only; a file counts when root owns it)
for f in xorg=/usr/lib/xorg/Xorg xorg_bin=/usr/bin/Xorg xorg_wrap=/usr/lib/xorg/Xorg.wrap \
  xorgxrdp=/usr/lib/xorg/modules/libxorgxrdp.so xorgxrdp64=/usr/lib64/xorg/modules/libxorgxrdp.so \
  xvnc=/usr/bin/Xvnc xtigervnc=/usr/bin/Xtigervnc; do
  tag=${f%%=*} path=${f#*=}
  if [ -e "$path" ] || [ -L "$path" ]; then
    say file "$tag:$(stat -c '%F' -- "$path" | tr -d ' '):$(stat -c '%u:%a' -- "$path")"
  fi
done

# who is logged in (utmp, entries whose process still lives): written by login, display managers and sshd; on a host whose console logins do not
# write utmp (a Wayland greeter, for one) a console user does not show here
if command -v who >/dev/null 2>&1; then
  who 2>/dev/null | head -n 50 | while IFS= read -r line; do say who "$line"; done
fi

# polkit rules that let a remote session's colord requests through (rules.d JavaScript or .pkla)
for d in /etc/polkit-1/rules.d /usr/share/polkit-1/rules.d /etc/polkit-1/localauthority /var/lib/polkit-1/localauthority; do
  [ -d "$d" ] || continue
  grep -rlsF --include='*.rules' --include='*.pkla' 'org.freedesktop.color-manager' -- "$d" 2>/dev/null |
    head -n 5 | while IFS= read -r f; do say polkit_colord "$f"; done
done

# free space where sessions write: /tmp (X sockets, .X11-unix, xrdp's chansrv) and the home folders
for p in /tmp /home; do
  [ -d "$p" ] || continue
  df -P -k -- "$p" 2>/dev/null | tail -n 1 | while read -r _fs size used avail pct mnt; do
    say df "$p:$size:$used:$avail:${pct%\%}:$mnt"
  done
done

# sesman's log: a plain root-owned file, its last 2000 lines, only the telling ones
if [ -n "$sesmanlog" ] && [ -f "$sesmanlog" ] && [ ! -L "$sesmanlog" ] && [ "$(stat -c %u -- "$sesmanlog")" = 0 ]; then
  say sesman_log_file "$sesmanlog"
  tail -n 2000 -- "$sesmanlog" 2>/dev/null |
    grep -E -i 'error|fail|denied|cannot|can.t|not found|no such|exited|terminated|Xwrapper|console|display' |
    tail -n 12 | tr '\r' '?' | sed 's/^/sesman_log=/'
fi
# each user's Xorg log (~/.xorgxrdp.N.log, written by Xorg as that user): plain files with one link only (never
# a symlink or a hard link to another file), owned by the home's owner, newest 3, last 64 KiB, errors only.
# The user can swap the file for a symlink between that check and the read, so a log in a home that is not
# root's is read AS ITS OWNER (setpriv, util-linux): it can show nothing the owner could not read already.
as_owner() {
  if [ "$owner" = 0 ]; then "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$owner" --regid="$(stat -c %g -- "$home")" --clear-groups -- "$@"
  else return 1; fi
}
for home in /root /home/*; do
  [ -d "$home" ] && [ ! -L "$home" ] || continue
  owner=$(stat -c %u -- "$home")
  find "$home" -maxdepth 1 -name '.xorgxrdp.*.log' -type f -links 1 -user "$owner" 2>/dev/null | head -n 3 |
    while IFS= read -r f; do
      say xlog_file "$f"
      as_owner tail -c 65536 -- "$f" 2>/dev/null | grep -E '\(EE\)|Fatal|no screens|Cannot|failed' | tail -n 4 |
        tr '\r' '?' | while IFS= read -r l; do say xlog "$f: $l"; done
    done
done
exit 0
