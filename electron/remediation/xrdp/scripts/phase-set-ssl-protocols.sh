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
# not set (xrdp's default has 1.2 and 1.3) or naming TLS 1.2 or 1.3 already
already_right() { case $1 in '' | *[Tt][Ll][Ss][Vv]1.[23]*) return 0 ;; *) return 1 ;; esac; }
ini_set_phase ssl_protocols "TLSv1.2, TLSv1.3" "not set, the default of xrdp"
