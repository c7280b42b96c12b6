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
# @include xrdp-service-run.sh
phase_input "$@"
manager=${in_manager:-}
service_manager_ok restart
service_input

# restart ACTION: xrdp_service ACTION, judged by the listener (service_run), and said in words
restart() {
  service_run "$1"
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
