#!/bin/sh
# phase-restart.sh — xrdp-restart: restarts xrdp the way the host runs it (systemd or Debian's init script) and
# judges the restart by its result: the packaged /usr/sbin/xrdp listening again on the exact address and port
# xrdp.ini binds for the target, with a new pid (xrdp_service = xrdp-restart.sh). The service manager's exit
# status is shown, not taken as the verdict: Debian's /etc/init.d/xrdp restart sometimes exits 1 while the
# new xrdp is up. Runs after every other phase; its undo restarts again (only when xrdp runs) after the
# others' undo, so xrdp reloads what was put back.
# Input (phase-lib.sh): action=plan|apply|undo manager=systemd|init address=ADDRESS|* port=PORT
set -eu
# @include phase-lib.sh
# @include-function xrdp_service xrdp-restart.sh
phase_input "$@"
manager=${in_manager:-} address=${in_address:-} port=${in_port:-}
case $manager in systemd | init) ;; *) phase_fail no-service-manager "xrdp is run neither by systemd nor by an init script on this host, so RDP Doctor cannot restart it: do it the way this host runs xrdp." ;; esac
case $port in '' | *[!0-9]*) phase_fail bad-input "bad port" ;; esac
case $address in '' | *[!0-9A-Fa-f.:*]*) phase_fail bad-input "bad address" ;; esac
where=$address:$port
case $address in *:*) where="[$address]:$port" ;; esac

# restart ACTION: runs xrdp_service, keeps its output in the log, and judges it by the listener
restart() {
  log=$(mktemp)
  rc=0
  xrdp_service "$1" "$manager" "$address" "$port" >"$log" 2>&1 || rc=$?
  cat -- "$log"
  old=$(sed -n 's/^old_pid=//p' "$log" | tail -n 1)
  new=$(sed -n 's/^new_pid=//p' "$log" | tail -n 1)
  status=$(sed -n 's/^exit_status=//p' "$log" | tail -n 1)
  detail=$(grep -v '^[a-z_]*=' "$log" | tail -n 6 | tr '\n' '|')
  rm -f -- "$log"
  [ "${status:-0}" -eq 0 ] || echo "the restart command exited $status; judging by what listens now"
  if [ "$rc" -ne 0 ]; then
    phase_fail service-not-verified "No new xrdp listens on $where within 30 s after the $1${status:+ (the service manager exited $status)}. $detail"
  fi
  [ -z "$new" ] || echo "xrdp restarted: pid $new (was ${old:-not running}) listens on $where"
  if [ -n "$new" ] && [ "${status:-0}" -ne 0 ]; then
    cmd="/etc/init.d/xrdp restart"
    [ "$manager" = init ] || cmd="systemctl restart xrdp"
    echo "$cmd exited $status, yet xrdp is back (pid $new): judged by the listener, not the exit status"
  fi
  out_str old_pid "$old"
  out_str new_pid "$new"
}

case ${in_action:-} in
  plan)
    out_json backup "$(json_obj kind restart manager "$manager")"
    pid=$(xrdp_service status "$manager" "$address" "$port" | head -n 1)
    was="not listening"
    [ -z "$pid" ] || was="running (pid $pid)"
    change "xrdp service" "$was" "restarted: listening on $where with a new pid"
    phase_done
    ;;
  apply) restart restart; phase_done ;;
  # only when xrdp runs: when the job also started it, that phase's undo stopped it again before this one
  undo) restart try-restart; phase_done ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
