#!/bin/sh
# phase-start-service.sh — xrdp-start-service: a stopped xrdp started with the host's own service manager
# (systemctl start xrdp, or Debian's /etc/init.d/xrdp start), and set to start at boot when it was not
# (systemctl enable / update-rc.d xrdp enable). Judged like the restart: the packaged xrdp listening on the
# exact address and port xrdp.ini binds for the target. The backup records whether it was running and whether
# it started at boot; undo stops it and puts the boot setting back. The firewall is not touched.
# Input (phase-lib.sh): action=plan|apply|undo manager=systemd|init address=ADDRESS|* port=PORT [backup_*]
set -eu
# @include phase-lib.sh
# @include-function xrdp_service xrdp-restart.sh
# @include-function boot_state xrdp-start-service.sh
phase_input "$@"
manager=${in_manager:-} address=${in_address:-} port=${in_port:-}
case $port in '' | *[!0-9]*) phase_fail bad-input "bad port" ;; esac
case $address in '' | *[!0-9A-Fa-f.:*]*) phase_fail bad-input "bad address" ;; esac
where=$address:$port
case $address in *:*) where="[$address]:$port" ;; esac
running() { [ -n "$(xrdp_service status "$manager" "$address" "$port")" ]; }
boot() { boot_state "$1" "$manager" | sed -n 's/^enabled=//p' | tail -n 1; }
manager_ok() {
  case $manager in systemd | init) ;; *) phase_fail no-service-manager "xrdp is run neither by systemd nor by an init script on this host, so RDP Doctor cannot start it: do it the way this host runs xrdp." ;; esac
}

service() {
  log=$(mktemp)
  rc=0
  xrdp_service "$1" "$manager" "$address" "$port" >"$log" 2>&1 || rc=$?
  cat -- "$log"
  new=$(sed -n 's/^new_pid=//p' "$log" | tail -n 1)
  status=$(sed -n 's/^exit_status=//p' "$log" | tail -n 1)
  detail=$(grep -v '^[a-z_]*=' "$log" | tail -n 6 | tr '\n' '|')
  rm -f -- "$log"
  [ "${status:-0}" -eq 0 ] || echo "the $1 command exited $status; judging by what listens now"
  if [ "$rc" -ne 0 ]; then
    if [ "$1" = stop ]; then
      phase_fail service-not-verified "xrdp still listens on $where 30 s after the stop. $detail"
    fi
    phase_fail service-not-verified "No new xrdp listens on $where within 30 s after the $1${status:+ (the service manager exited $status)}. $detail"
  fi
  [ "$1" = stop ] || [ -z "$new" ] || echo "xrdp started: pid $new listens on $where"
}

case ${in_action:-} in
  plan)
    manager_ok
    state=$(boot state)
    [ "$state" != masked ] || phase_fail service-masked "The xrdp service is masked (systemctl mask): someone turned it off on purpose. Unmask it yourself if it should run."
    was=false
    running && was=true
    out_json backup "{\"kind\":\"start-service\",\"manager\":$(json_str "$manager"),\"wasRunning\":$was,\"wasEnabled\":$(json_str "$state")}"
    [ "$was" = true ] || change "xrdp service" stopped "running, listening on $where"
    [ "$state" = yes ] || change "xrdp starts at boot" "$state" yes
    phase_done
    ;;
  apply)
    manager_ok
    state=$(boot state)
    [ "$state" != masked ] || phase_fail service-masked "The xrdp service is masked (systemctl mask): someone turned it off on purpose. Unmask it yourself if it should run."
    if [ "$state" != yes ]; then
      boot_state enable "$manager" | grep -v '^enabled=' || true
      echo "xrdp starts at boot: $state → $(boot state)"
      [ -z "${in_backup_dir:-}" ] || echo "xrdp disabled at boot ($state)" >"$in_backup_dir/boot"
    fi
    service start
    phase_done
    ;;
  undo)
    [ "${in_backup_kind:-}" = start-service ] || phase_fail bad-backup "The backup of the service start is missing from the audit log."
    manager=${in_backup_manager:-}
    manager_ok
    [ "${in_backup_wasRunning:-}" = true ] || service stop
    case ${in_backup_wasEnabled:-}:$manager in
      no:*) boot_state disable "$manager" ;;
      none:init) boot_state remove "$manager" ;;
    esac
    phase_done
    ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
