#!/bin/sh
# phase-xwrapper-anybody.sh (phase xrdp-xwrapper-anybody; Driver.call, input as data through phase-lib.sh)
#   in_action  plan | apply | undo
#   in_job     the job id (names the host-side backup copy)
#   in_backup_bytes, in_backup_sha256  (apply, undo) the file's exact old bytes (base64) and their SHA-256
# Lets Debian's Xorg wrapper start Xorg for users who are not on the console: allowed_users=anybody in
# /etc/X11/Xwrapper.config, every other line kept byte for byte. The file and every folder on the way must be
# root-owned, writable by root alone and no symbolic link (a write never follows one); it is replaced by a
# rename in its own folder, keeping owner and mode. The old bytes are the backup (in the audit log, and a copy
# in the root-only /var/backups/rdp-doctor) before the change; undo puts exactly them back, and refuses when
# the file changed since the fix wrote it.
set -u
# @include phase-lib.sh
# @include root-path-check.sh
phase_input "$@"
FILE=/etc/X11/Xwrapper.config
BACKUPS=/var/backups/rdp-doctor

[ -e "$FILE" ] || [ -L "$FILE" ] || phase_fail host-changed "$FILE does not exist (the inspection read it)"
refuse_unsafe "$FILE"
[ -f "$FILE" ] || phase_fail refused-unsafe-host "$FILE is not a plain file"
sha() { sha256sum -- "$1" | cut -c1-64; }

# rewrite FILE: the new text — every allowed_users line becomes allowed_users=anybody; none → one added. A pure
# function of the old bytes, so undo can tell whether the file is still exactly what the fix wrote.
rewrite() {
  # every byte but the changed line's stays: a CR before its newline, a last line without one
  if [ -n "$(tail -c 1 -- "$1")" ]; then nonl=1; else nonl=0; fi
  awk -v nonl="$nonl" '
    { line = $0
      if (line ~ /^[[:space:]]*allowed_users[[:space:]]*=/) {
        line = "allowed_users=anybody" ((line ~ /\r$/) ? "\r" : ""); done = 1
      }
      if (NR > 1) printf "\n"
      printf "%s", line }
    END { if (NR > 0 && !nonl) printf "\n"
          if (!done) { if (NR > 0 && nonl) printf "\n"; printf "allowed_users=anybody\n" } }' "$1"
}
# replace FILE with the bytes of SRC (same folder, same owner and mode, then one rename)
replace_with() {
  tmp=$(mktemp /etc/X11/.Xwrapper.config.rdpdoc.XXXXXX) || phase_fail command-failed "cannot create a file in /etc/X11"
  cat -- "$1" >"$tmp" || { rm -f -- "$tmp"; phase_fail command-failed "cannot write $tmp"; }
  chown --reference="$FILE" -- "$tmp" && chmod --reference="$FILE" -- "$tmp" || {
    rm -f -- "$tmp"
    phase_fail command-failed "cannot set the owner and mode of $tmp"
  }
  refuse_unsafe "$FILE"
  mv -f -- "$tmp" "$FILE" || { rm -f -- "$tmp"; phase_fail command-failed "cannot replace $FILE"; }
}
current=$(sed -n 's/^[[:space:]]*allowed_users[[:space:]]*=[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$FILE" | tail -n 1)

case ${in_action:-} in
  plan)
    out_json backup "$(json_obj kind xwrapper path "$FILE" bytes "$(base64 -w0 -- "$FILE")" sha256 "$(sha "$FILE")" \
      allowedUsers "${current:-(default: console)}")"
    phase_done
    ;;
  apply)
    [ "$(sha "$FILE")" = "${in_backup_sha256:-}" ] || phase_fail host-changed "$FILE changed since its backup was read"
    if [ "$current" = anybody ] && [ "$(grep -c '^[[:space:]]*allowed_users' "$FILE")" = 1 ]; then
      out_json changed false
      phase_done
    fi
    umask 077
    # the host-side copy: a root-only folder, a unique name, on disk before the change
    refuse_unsafe "$BACKUPS"
    mkdir -p -m 0700 -- "$BACKUPS" && [ -d "$BACKUPS" ] && [ ! -L "$BACKUPS" ] ||
      phase_fail command-failed "cannot create $BACKUPS"
    refuse_unsafe "$BACKUPS"
    copy=$(mktemp "$BACKUPS/Xwrapper.config.$(printf '%s' "${in_job:-job}" | tr -cd 'A-Za-z0-9_-' | cut -c1-40).XXXXXX") ||
      phase_fail command-failed "cannot create a backup file in $BACKUPS"
    cat -- "$FILE" >"$copy" && sync || phase_fail command-failed "cannot write the backup $copy"
    new=$(mktemp) || phase_fail command-failed "cannot create a temporary file"
    rewrite "$FILE" >"$new" || { rm -f -- "$new"; phase_fail command-failed "cannot rewrite $FILE"; }
    replace_with "$new"
    rm -f -- "$new"
    change "$FILE allowed_users" "${current:-(default: console)}" anybody
    out_str backupCopy "$copy"
    out_json changed true
    phase_done
    ;;
  undo)
    [ -n "${in_backup_bytes+x}" ] || phase_fail bad-input "no backup to put back"
    now=$(sha "$FILE")
    if [ "$now" = "${in_backup_sha256:-}" ]; then
      echo "$FILE already holds its old bytes: nothing changed"
      phase_done
    fi
    umask 077
    old=$(mktemp) || phase_fail command-failed "cannot create a temporary file"
    printf '%s' "$in_backup_bytes" | base64 -d >"$old" || { rm -f -- "$old"; phase_fail bad-input "the backup is not base64"; }
    [ "$(sha "$old")" = "${in_backup_sha256:-}" ] || { rm -f -- "$old"; phase_fail bad-input "the backup does not match its SHA-256"; }
    written=$(rewrite "$old" | sha256sum | cut -c1-64)
    [ "$now" = "$written" ] || {
      rm -f -- "$old"
      phase_fail host-changed "$FILE changed since the fix wrote it: not putting the old bytes back over someone's edit"
    }
    replace_with "$old"
    rm -f -- "$old"
    change "$FILE allowed_users" anybody "$(sed -n 's/^[[:space:]]*allowed_users[[:space:]]*=[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$FILE" | tail -n 1)"
    phase_done
    ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
