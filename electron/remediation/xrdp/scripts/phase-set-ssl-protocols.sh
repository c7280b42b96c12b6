#!/bin/sh
# phase-set-ssl-protocols.sh — xrdp-set-ssl-protocols: TLS 1.0/1.1-only ssl_protocols → TLSv1.2, TLSv1.3 in [Globals] of the
# xrdp.ini the running xrdp uses, in place, only that line. Not set = xrdp's default, which has 1.2 and 1.3: left
# alone. Only ever raises security: never turns TLS off. The old bytes are the backup (xrdp-ini-backup.sh).
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
    now=$(ini_get "$ini" ssl_protocols)
    case $now in '' | *[Tt][Ll][Ss][Vv]1.[23]*) right=1 ;; *) right=0 ;; esac
    if [ "$right" = 1 ]; then
      echo "already right: ssl_protocols=${now:-(xrdp's default)}"
      out_json changed false
      phase_done
    fi
    new=$(mktemp)
    trap 'rm -f -- "$new"' EXIT
    ini_set "$ini" ssl_protocols "TLSv1.2, TLSv1.3" >"$new"
    change "$ini [Globals] ssl_protocols" "$now" "TLSv1.2, TLSv1.3"
    if [ "$in_action" = plan ]; then ini_plan_backup "$ini" "$new"; else ini_write "$ini" "$new"; fi
    phase_done
    ;;
  undo) ini_restore; phase_done ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
