# xrdp-ini-backup.sh — joined into the phase scripts that edit xrdp.ini (see scripts.ts): the backup of the
# ini's old bytes (an exact copy kept ON the host in the root-only /var/backups/rdp-doctor, under a name made of
# the job id, the phase and a random part, created exclusively and synced BEFORE the change), the edit written
# atomically (put_file: never through a symlink), and the undo that puts the old bytes back exactly (checked by
# SHA-256). The copy's content never goes into the audit log: an xrdp.ini may hold session passwords.
# Needs phase-lib.sh, root-path-check.sh, xrdp-ini.sh, and the functions save_backup and put_file.
BACKUP_DIR=/var/backups/rdp-doctor

# a file name part from an id: only characters safe in a file name, no leading dot, at most 64
name_part() {
  n=$(printf '%s' "$1" | LC_ALL=C tr -c 'A-Za-z0-9._-' '_' | sed 's/^\.*//' | cut -c1-64)
  printf '%s' "${n:-x}"
}

# ini_checked PATH: refuses unless PATH and every folder on the way are root's alone and no symlink
ini_checked() {
  case $1 in /*) ;; *) phase_fail bad-input "The xrdp.ini path is not absolute." ;; esac
  refuse_unsafe "$1"
  [ -f "$1" ] || phase_fail ini-missing "$1 does not exist on the host any more."
}

# ini_plan_backup PATH NEWFILE: the backup and the write the change will make (nothing changed yet)
ini_plan_backup() {
  name="$(name_part "${in_job:-job}")-$(name_part "${in_phase:-phase}")-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n').ini"
  before=$(sha256 "$1")
  out_json backup "$(json_obj kind ini path "$1" savedAs "$BACKUP_DIR/$name" sha256 "$before")"
  out_json writes "[$(json_obj path "$1" before "$before" after "$(sha256 "$2")")]"
}

# ini_save PATH: the exact copy of PATH's bytes, on disk (exclusive, synced) before anything changes; unless
# the console runner made its own copy (backup_dir)
ini_save() {
  if [ -n "${in_backup_savedAs:-}" ]; then
    [ "$(sha256 "$1")" = "${in_backup_sha256:-}" ] ||
      phase_fail host-changed "$1 changed on the host since the plan (checksum differs): nothing was changed; inspect again."
    case $in_backup_savedAs in "$BACKUP_DIR"/*) ;; *) phase_fail bad-backup "The backup is not in $BACKUP_DIR." ;; esac
    echo "backup: $in_backup_savedAs (sha256 $(printf '%.12s' "$in_backup_sha256")…)"
    save_backup "$BACKUP_DIR" "${in_backup_savedAs#"$BACKUP_DIR"/}" <"$1" >/dev/null
  elif [ -z "${in_backup_dir:-}" ]; then
    phase_fail bad-backup "No backup of $1 was planned: nothing was changed."
  fi
}

# ini_write PATH NEWFILE: the copy first, then the new bytes
ini_write() {
  ini_save "$1"
  put_file "$1" 0644 <"$2"
}

# ini_restore: puts the recorded backup back exactly, then removes the copy (a half-done apply too)
ini_restore() {
  p=${in_backup_path:-} saved=${in_backup_savedAs:-} sum=${in_backup_sha256:-}
  [ "${in_backup_kind:-}" = ini ] && [ -n "$saved" ] && [ -n "$p" ] ||
    phase_fail bad-backup "The backup of xrdp.ini is missing from the audit log."
  name=${saved#"$BACKUP_DIR"/}
  case $saved:$name in
    "$BACKUP_DIR"/*:*/* | "$BACKUP_DIR"/*:.*) phase_fail bad-backup "The audit log names a backup outside $BACKUP_DIR: $saved." ;;
    "$BACKUP_DIR"/*) ;;
    *) phase_fail bad-backup "The audit log names a backup outside $BACKUP_DIR: $saved." ;;
  esac
  ini_checked "$p"
  refuse_unsafe "$saved"
  if [ ! -e "$saved" ]; then
    # the copy was never made: then the file was never changed either
    [ "$(sha256 "$p")" = "$sum" ] || phase_fail bad-backup "The backup copy $saved is gone from the host; $p cannot be put back."
    echo "$p is unchanged, nothing to restore"
    return 0
  fi
  [ "$(sha256 "$saved")" = "$sum" ] ||
    phase_fail bad-backup "The backup copy $saved was changed since (checksum differs); not restoring it."
  echo "restoring $p from $saved ($(wc -c <"$saved") bytes)"
  put_file "$p" 0644 <"$saved"
  rm -f -- "$saved"
}

# ini_set_phase KEY VALUE [UNSET]: the whole of a phase that sets one [Globals] KEY of xrdp.ini to VALUE, in place,
# only that line (plan | apply | undo, from phase_input). The script defines `already_right NOW` (true when the
# current value needs no change: then nothing is planned or written); UNSET names an absent value in the output.
ini_set_phase() {
  ini=${in_ini:-/etc/xrdp/xrdp.ini}
  case ${in_action:-} in
    plan | apply)
      ini_checked "$ini"
      now=$(ini_get "$ini" "$1")
      if already_right "$now"; then
        echo "already right: $1=${now:-${3:-}}"
        out_json changed false
        phase_done
      fi
      new=$(mktemp)
      trap 'rm -f -- "$new"' EXIT
      ini_set "$ini" "$1" "$2" >"$new"
      change "$ini [Globals] $1" "$now" "$2"
      if [ "$in_action" = plan ]; then ini_plan_backup "$ini" "$new"; else ini_write "$ini" "$new"; fi
      phase_done
      ;;
    undo) ini_restore; phase_done ;;
    *) phase_fail bad-input "unknown action ${in_action:-}" ;;
  esac
}
