#!/bin/sh
# phase-start-sesman.sh (phase xrdp-start-sesman; Driver.call, input as data through phase-lib.sh)
#   in_action   plan | apply | undo
#   in_manager  systemd | init (from the inspection; checked again here)
#   in_backup_wasRunning, in_backup_wasEnabled  (undo) what plan read before the change
# Starts xrdp-sesman with the host's own service manager: systemd's unit xrdp-sesman (enabled at boot when it
# was not), or Debian's init script, which starts sesman with xrdp (`/etc/init.d/xrdp start` leaves a running
# xrdp alone). Only fixed, root-owned paths run; nothing the host names. Undo stops sesman again when it was
# stopped (start-stop-daemon on the packaged /usr/sbin/xrdp-sesman, as the init script's stop does) and puts the
# boot setting back.
set -u
# @include phase-lib.sh
phase_input "$@"
SESMAN=/usr/sbin/xrdp-sesman
PIDFILE=/run/xrdp/xrdp-sesman.pid

manager=${in_manager:-}
case $manager in systemd | init) ;; *) phase_fail bad-input "unknown service manager: $manager" ;; esac
if [ "$manager" = systemd ]; then
  [ -d /run/systemd/system ] || phase_fail host-changed "the host does not run systemd (the inspection said it does)"
elif [ ! -x /etc/init.d/xrdp ] || [ -L /etc/init.d/xrdp ] || [ "$(stat -c %u /etc/init.d/xrdp)" != 0 ]; then
  phase_fail refused-unsafe-host "/etc/init.d/xrdp is not a root-owned script"
fi
[ -f "$SESMAN" ] && [ ! -L "$SESMAN" ] && [ "$(stat -c %u -- "$SESMAN")" = 0 ] ||
  phase_fail refused-unsafe-host "$SESMAN is not the packaged root-owned program"

# running: the service manager's sesman is alive and is the packaged binary
running() {
  if [ "$manager" = systemd ]; then
    p=$(systemctl show -p MainPID --value xrdp-sesman 2>/dev/null | tr -dc 0-9)
  else
    p=$( [ -f "$PIDFILE" ] && [ ! -L "$PIDFILE" ] && head -c 32 -- "$PIDFILE" | tr -dc 0-9)
  fi
  [ -n "$p" ] && [ "$p" != 0 ] || return 1
  case $(readlink -- "/proc/$p/exe" 2>/dev/null) in "$SESMAN" | "$SESMAN (deleted)") return 0 ;; esac
  return 1
}
enabled() {
  if [ "$manager" = systemd ]; then
    case $(systemctl is-enabled xrdp-sesman 2>/dev/null) in enabled | static | alias | indirect) echo yes ;; *) echo no ;; esac
  else
    echo n/a # the init script starts sesman with xrdp: xrdp's own boot setting (xrdp-start-service) governs it
  fi
}
if running; then was_running=yes; else was_running=no; fi
was_enabled=$(enabled)

case ${in_action:-} in
  plan)
    out_json backup "$(json_obj kind start-sesman manager "$manager" wasRunning "$was_running" wasEnabled "$was_enabled")"
    phase_done
    ;;
  apply)
    if [ "$manager" = init ]; then
      start=$(sed -n 's/^[[:space:]]*SESMAN_START=["'\'']*\([A-Za-z]*\).*/\1/p' /etc/default/xrdp 2>/dev/null | tail -n 1)
      [ "$start" = no ] && phase_fail refused-unsafe-host \
        "/etc/default/xrdp sets SESMAN_START=no: someone turned sesman off on purpose; change that by hand if it should run"
    fi
    if [ "$was_running" = yes ]; then
      echo "xrdp-sesman already runs: nothing changed"
      out_json changed false
      phase_done
    fi
    if [ "$manager" = systemd ]; then
      if [ "$was_enabled" = no ]; then
        systemctl enable xrdp-sesman || phase_fail command-failed "systemctl enable xrdp-sesman failed"
        change "xrdp-sesman at boot" disabled enabled
      fi
      systemctl start xrdp-sesman || phase_fail command-failed "systemctl start xrdp-sesman failed"
    else
      /etc/init.d/xrdp start || phase_fail command-failed "/etc/init.d/xrdp start failed"
    fi
    i=0
    until running; do
      i=$((i + 1))
      [ "$i" -le 60 ] || phase_fail command-failed "xrdp-sesman did not start within 30 s (see /var/log/xrdp-sesman.log)"
      sleep 0.5
    done
    change xrdp-sesman stopped running
    out_json changed true
    phase_done
    ;;
  undo)
    if [ "${in_backup_wasRunning:-}" = no ] && running; then
      if [ "$manager" = systemd ]; then
        systemctl stop xrdp-sesman || phase_fail command-failed "systemctl stop xrdp-sesman failed"
      else
        start-stop-daemon --stop --quiet --retry=TERM/30/KILL/5 --pidfile "$PIDFILE" --name xrdp-sesman \
          --exec "$SESMAN" || phase_fail command-failed "stopping xrdp-sesman failed"
      fi
      change xrdp-sesman running stopped
    fi
    if [ "$manager" = systemd ] && [ "${in_backup_wasEnabled:-}" = no ] && [ "$(enabled)" = yes ]; then
      systemctl disable xrdp-sesman || phase_fail command-failed "systemctl disable xrdp-sesman failed"
      change "xrdp-sesman at boot" enabled disabled
    fi
    phase_done
    ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
