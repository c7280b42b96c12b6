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
# @include xrdp-service-run.sh
phase_input "$@"
service_input
running() { [ -n "$(xrdp_service status "$manager" "$address" "$port")" ]; }
boot() { boot_state "$1" "$manager" | sed -n 's/^enabled=//p' | tail -n 1; }
manager_ok() { service_manager_ok start; }

# service ACTION: start or stop, judged by the listener (service_run)
service() {
  service_run "$1"
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
