#!/bin/sh
# phase-set-security-layer.sh — xrdp-set-security-layer: security_layer=rdp → negotiate in [Globals] of the
# xrdp.ini the running xrdp uses, in place, only that line (TLS when the client can, which every current client
# can). Only ever raises security: never sets rdp. The old bytes are the backup (xrdp-ini-backup.sh).
# Input (phase-lib.sh): action=plan|apply|undo ini=PATH job=… phase=… [backup_*]
set -eu
# @include phase-lib.sh
# @include root-path-check.sh
# @include xrdp-ini.sh
# @include-function save_backup save-backup.sh
# @include-function put_file put-file.sh
# @include xrdp-ini-backup.sh
phase_input "$@"
ini=${in_ini:-/etc/xrdp/xrdp.ini}
case ${in_action:-} in
  plan | apply)
    ini_checked "$ini"
    now=$(ini_get "$ini" security_layer)
    if [ "$(printf '%s' "$now" | tr 'A-Z' 'a-z')" != rdp ]; then
      echo "already right: security_layer=$now"
      out_json changed false
      phase_done
    fi
    new=$(mktemp)
    trap 'rm -f -- "$new"' EXIT
    ini_set "$ini" security_layer negotiate >"$new"
    change "$ini [Globals] security_layer" "$now" negotiate
    if [ "$in_action" = plan ]; then ini_plan_backup "$ini" "$new"; else ini_write "$ini" "$new"; fi
    phase_done
    ;;
  undo) ini_restore; phase_done ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
