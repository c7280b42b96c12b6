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
# anything but rdp already lets TLS be used
already_right() { [ "$(printf '%s' "$1" | tr 'A-Z' 'a-z')" != rdp ]; }
ini_set_phase security_layer negotiate
