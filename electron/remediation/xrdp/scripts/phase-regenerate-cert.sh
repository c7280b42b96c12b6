#!/bin/sh
# phase-regenerate-cert.sh — xrdp-regenerate-cert: a new key and self-signed certificate made ON the host with
# its own openssl (the private key never leaves it; new_cert = xrdp-new-cert.sh), naming the host as probed plus
# every safe name the old certificate had (CN and SAN: computed by the spec, checked again by new_cert), in new
# files beside xrdp.ini; then xrdp.ini's certificate= and key_file= pointed at them (only those lines). Files
# other services share (the snakeoil pair) are not touched. Undo: xrdp.ini's old bytes back, the new files gone.
# Input (phase-lib.sh): action=plan|apply|undo ini=PATH cn=CN san=SAN group=GROUP job=… phase=… [backup_*]
set -eu
# @include phase-lib.sh
# @include root-path-check.sh
# @include xrdp-ini.sh
# @include-function save_backup save-backup.sh
# @include-function put_file put-file.sh
# @include-function new_cert xrdp-new-cert.sh
# @include xrdp-ini-backup.sh
phase_input "$@"
ini=${in_ini:-/etc/xrdp/xrdp.ini}
dir=$(dirname -- "$ini")
# the two new files: named in the plan (so the backup names them before they exist), kept through apply
ours() { case $1 in "$dir"/rdp-doctor-[0-9]*T[0-9]*."$2") ;; *) return 1 ;; esac; case $1 in */../* | *[!A-Za-z0-9/._-]*) return 1 ;; esac; }

case ${in_action:-} in
  plan | apply)
    ini_checked "$ini"
    refuse_unsafe "$dir"
    stamp=$(date -u +%Y%m%dT%H%M%S)
    key=${in_backup_key:-$dir/rdp-doctor-$stamp.key} crt=${in_backup_cert:-$dir/rdp-doctor-$stamp.crt}
    ours "$key" key && ours "$crt" crt || phase_fail bad-backup "The new certificate's files are not RDP Doctor's in $dir."
    new=$(mktemp)
    new2=$(mktemp)
    trap 'rm -f -- "$new" "$new2"' EXIT
    ini_set "$ini" certificate "$crt" >"$new2"
    ini_set "$new2" key_file "$key" >"$new"
    if [ "$in_action" = plan ]; then
      change "$key" "" "new RSA 2048 key, root:${in_group:-} 0640"
      change "$crt" "" "self-signed, CN=${in_cn:-}, subjectAltName ${in_san:-}, 825 days"
      change "$ini [Globals] certificate" "$(ini_get "$ini" certificate)" "$crt"
      change "$ini [Globals] key_file" "$(ini_get "$ini" key_file)" "$key"
      name="$(name_part "${in_job:-job}")-$(name_part "${in_phase:-phase}")-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n').ini"
      before=$(sha256 "$ini")
      out_json backup "$(json_obj kind cert path "$ini" savedAs "$BACKUP_DIR/$name" sha256 "$before" key "$key" cert "$crt")"
      out_json writes "[$(json_obj path "$ini" before "$before" after "$(sha256 "$new")")]"
    else
      ini_save "$ini"
      stamp=${key##*/rdp-doctor-}
      new_cert "$dir" "${stamp%.key}" "${in_cn:-}" "${in_san:-}" "${in_group:-}" |
        sed 's/^key=/new key: /; s/^cert=/new certificate: /' || true
      # new_cert's own checks failed when its files are not there: stop before xrdp.ini points at nothing
      [ -f "$key" ] && [ -f "$crt" ] || phase_fail command-failed "openssl made no new key and certificate (see above)."
      put_file "$ini" 0644 <"$new"
      echo "new certificate $crt"
    fi
    phase_done
    ;;
  undo)
    key=${in_backup_key:-} crt=${in_backup_cert:-}
    [ "${in_backup_kind:-}" = cert ] && ours "$key" key && ours "$crt" crt ||
      phase_fail bad-backup "The backup of the certificate change is missing or names other files."
    in_backup_kind=ini
    ini_restore
    rm -f -- "$key" "$crt"
    phase_done
    ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
