#!/bin/sh
# phase-install-certificate.sh — xrdp-install-certificate: installs the certificate and key of a .pfx the
# technician supplied (opened and checked on their computer; here they arrive as PEM, base64, on STANDARD INPUT
# only — never an argument, never printed). New files beside xrdp.ini, named after the certificate's SHA-1
# thumbprint plus a random part: the key root:GROUP 0640 (GROUP: ssl-cert when xrdp's user is in it, else that
# user's own private group — the key-permission phase's rule), the certificate with its chain 0644. Both are
# created exclusively (link(2) onto the name: never over an existing file, never through a symlink), checked
# to be that thumbprint and its key, then xrdp.ini's certificate= and key_file= lines in [Globals] point at them
# (every other byte as it was; a copy of the exact old bytes kept first in the root-only backup folder).
# Input (phase-lib.sh): action=plan|apply|undo ini=INI user=XRDPUSER thumb=SHA1 [backup_*=…]
#   secrets on stdin for apply: cert_key=<base64 of the key PEM> cert_chain=<base64 of the certificates PEM>
#   plan   names the new files and the backup copy, reads the old lines; changes nothing
#   apply  backup copy, the two files, the check, the ini edit
#   undo   the ini's old bytes back (checked by SHA-256), the two new files removed (a half-done apply too)
set -eu
# @include phase-lib.sh
# @include root-path-check.sh
phase_input "$@"
ini=${in_ini:-} user=${in_user:-} thumb=${in_thumb:-}
# BACKUP_DIR of shared/fixPhases (root-only, 0700)
bdir=/var/backups/rdp-doctor

name_ok() { case $1 in '' | [!A-Za-z_]* | *[!A-Za-z0-9_.-]*) return 1 ;; esac; }
in_group() { id -Gn -- "$1" 2>/dev/null | tr ' ' '\n' | grep -qx -- "$2"; }
never_group() { case $1 in root | adm | shadow | sudo | wheel | disk | staff | admin | kmem | users) return 0 ;; esac; return 1; }
sha256_of() { sha256sum -- "$1" | cut -d' ' -f1; }
thumb_of() { openssl x509 -in "$1" -noout -fingerprint -sha1 2>/dev/null | sed 's/^[^=]*=//; s/://g' | tr a-f A-F; }

# the ini: absolute, a regular file, and it and every folder on the way root's alone and no symlink
check_ini() {
  case $ini in /*) ;; *) phase_fail bad-input "The xrdp.ini path is not absolute." ;; esac
  refuse_unsafe "$ini"
  [ -f "$ini" ] && [ ! -L "$ini" ] || phase_fail phase-not-applicable "$ini is not a regular file."
  dir=$(dirname -- "$ini")
  grep -qi '^[[:space:]]*\[globals\][[:space:]]*$' -- "$ini" ||
    phase_fail phase-not-applicable "$ini has no [Globals] section."
}

# the backup folder: missing, or a root-only folder that is no symlink
check_backup_dir() {
  refuse_unsafe "$(dirname -- "$bdir")"
  if [ -L "$bdir" ]; then phase_fail refused-unsafe-host "The backup folder $bdir is a symbolic link."; fi
  if [ -e "$bdir" ]; then
    [ -d "$bdir" ] || phase_fail refused-unsafe-host "The backup folder $bdir is not a folder."
    set -- $(stat -c '%u %a' -- "$bdir")
    [ "$1" = 0 ] || phase_fail refused-unsafe-host "The backup folder $bdir is owned by uid $1, not root."
    case $2 in *00) ;; *) phase_fail refused-unsafe-host "The backup folder $bdir has mode $2, not 0700." ;; esac
  fi
}

key_group() {
  name_ok "$user" || phase_fail bad-input "The xrdp user name is not a user name."
  id -u -- "$user" >/dev/null 2>&1 || phase_fail phase-not-applicable "There is no user $user on this host."
  if in_group "$user" ssl-cert; then grp=ssl-cert; return 0; fi
  grp=$(id -gn -- "$user")
  if [ "$grp" != "$user" ] || never_group "$grp"; then
    phase_fail phase-not-applicable "$user is not in group ssl-cert and its primary group $grp is not its own: no group could read the new key without giving it to others. Add $user to ssl-cert first."
  fi
}

# the value of KEY in [Globals] (the last one, as xrdp reads it), or empty
globals_value() {
  LC_ALL=C awk -v want="$1" '
    { l = $0; sub(/\r$/, "", l) }
    l ~ /^[ \t]*\[/ { g = (tolower(l) ~ /^[ \t]*\[globals\][ \t]*$/); next }
    g { k = l; sub(/=.*/, "", k); gsub(/[ \t]/, "", k); if (k == want) { v = l; sub(/^[^=]*=/, "", v); found = v } }
    END { printf "%s", found }' "$ini"
}

# writes stdin to a new file NAME in the ini's folder: a private temp file (O_EXCL), owner and mode set, then
# hard-linked onto NAME, which fails when NAME exists in any form (a symlink planted there is never followed)
new_file() {
  nf_tmp=$(mktemp -- "$dir/.rdpdoc-new.XXXXXXXX")
  cat >"$nf_tmp"
  chown -- "root:$2" "$nf_tmp"
  chmod -- "$3" "$nf_tmp"
  sync -- "$nf_tmp" 2>/dev/null || true
  if ! ln -- "$nf_tmp" "$1" 2>/dev/null; then
    rm -f -- "$nf_tmp"
    phase_fail refused-unsafe-host "$1 exists already: not writing over it."
  fi
  rm -f -- "$nf_tmp"
}

# replaces the ini with stdin atomically (same folder, owner and mode kept, renamed over it)
replace_ini() {
  ri_tmp=$(mktemp -- "$dir/.rdpdoc-put.XXXXXXXX")
  cat >"$ri_tmp"
  chown --reference="$ini" -- "$ri_tmp"
  chmod --reference="$ini" -- "$ri_tmp"
  sync -- "$ri_tmp" 2>/dev/null || true
  mv -fT -- "$ri_tmp" "$ini"
}

# xrdp.ini with certificate= and key_file= in [Globals] set to CRT and KEY (every such line; inserted at the
# section's end when absent); every other byte as it was
edit_ini() {
  crt=$1 key=$2
  LC_ALL=C awk -v crt="$crt" -v key="$key" '
    function flush() { if (!c) print "certificate=" crt eol; if (!k) print "key_file=" key eol; c = 1; k = 1 }
    { l = $0; eol = ""; if (l ~ /\r$/) { eol = "\r"; l = substr(l, 1, length(l) - 1) } }
    l ~ /^[ \t]*\[/ { if (g) flush(); g = (tolower(l) ~ /^[ \t]*\[globals\][ \t]*$/); print; next }
    g { n = l; sub(/=.*/, "", n); gsub(/[ \t]/, "", n)
        if (l ~ /=/ && n == "certificate") { print "certificate=" crt eol; c = 1; next }
        if (l ~ /=/ && n == "key_file") { print "key_file=" key eol; k = 1; next } }
    { print }
    END { if (g) flush() }' "$ini"
}

# the names this phase may create or remove: beside the ini, rdp-doctor-<SHA1>-<8 hex>.crt/.key
names_ok() {
  case $(basename -- "$1") in rdp-doctor-*-*.crt | rdp-doctor-*-*.key) ;; *) return 1 ;; esac
  [ "$(dirname -- "$1")" = "$dir" ] || return 1
  printf '%s\n' "$(basename -- "$1")" | grep -Eqx 'rdp-doctor-[0-9A-F]{40}-[0-9a-f]{8}\.(crt|key)'
}

case ${in_action:-} in
  plan)
    check_ini
    check_backup_dir
    key_group
    printf '%s\n' "$thumb" | grep -Eqx '[0-9A-F]{40}' || phase_fail bad-input "The thumbprint is not 40 hex digits."
    rnd=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
    base="$dir/rdp-doctor-$thumb-$rnd"
    job=$(printf '%s' "${in_job:-job}" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-64)
    saved="$bdir/$job-xrdp-install-certificate-$rnd.ini"
    before=$(sha256_of "$ini")
    out_json backup "$(json_obj kind install-certificate ini "$ini" saved "$saved" sha256 "$before" crt "$base.crt" key "$base.key" group "$grp")"
    # what apply will write to xrdp.ini (the runner notes it before the change, for undo's later-edit check)
    out_json writes "[$(json_obj path "$ini" before "$before" after "$(edit_ini "$base.crt" "$base.key" | sha256sum | cut -d' ' -f1)")]"
    change "$base.crt" "" "certificate SHA-1 $thumb"
    change "$base.key" "" "its private key, root:$grp 0640"
    change "$ini [Globals] certificate" "$(globals_value certificate)" "$base.crt"
    change "$ini [Globals] key_file" "$(globals_value key_file)" "$base.key"
    phase_done
    ;;
  apply)
    check_ini
    check_backup_dir
    key_group
    crt=${in_backup_crt:-} key=${in_backup_key:-} saved=${in_backup_saved:-}
    names_ok "$crt" && names_ok "$key" || phase_fail bad-input "The new file names are not this phase's."
    [ "$grp" = "${in_backup_group:-}" ] || phase_fail host-changed "The group for the key changed since the plan."
    [ "$(sha256_of "$ini")" = "${in_backup_sha256:-}" ] ||
      phase_fail host-changed "$ini changed since the plan: nothing was changed."
    [ -n "${in_cert_key:-}" ] && [ -n "${in_cert_chain:-}" ] ||
      phase_fail bad-input "The certificate and key did not arrive on standard input."
    # 1. the exact old bytes, kept before any change (exclusive name, synced)
    [ -d "$bdir" ] || mkdir -m 0700 -- "$bdir"
    umask 077
    case $(basename -- "$saved") in .* | */*) phase_fail bad-input "bad backup name" ;; esac
    [ "$(dirname -- "$saved")" = "$bdir" ] || phase_fail bad-input "The backup copy is not in $bdir."
    (set -C && cat -- "$ini" >"$saved") 2>/dev/null || phase_fail refused-unsafe-host "The backup $saved exists already."
    sync -- "$saved" "$bdir" 2>/dev/null || sync
    echo "backup: $saved"
    # 2. the new files (the secrets go from the shell's variables to the files, never onto a command line)
    printf '%s' "$in_cert_key" | base64 -d | new_file "$key" "$grp" 0640
    printf '%s' "$in_cert_chain" | base64 -d | new_file "$crt" root 0644
    unset in_cert_key in_cert_chain
    echo "wrote $key (root:$grp 0640) and $crt (0644)"
    # 3. they are that certificate and its key
    got=$(thumb_of "$crt")
    [ "$got" = "$thumb" ] || phase_fail install-check-failed "The written certificate has thumbprint ${got:-none}, not $thumb."
    cpub=$(openssl x509 -in "$crt" -pubkey -noout 2>/dev/null || true)
    kpub=$(openssl pkey -in "$key" -pubout 2>/dev/null || true)
    [ -n "$cpub" ] && [ "$cpub" = "$kpub" ] || phase_fail install-check-failed "The written key does not belong to the certificate."
    echo "checked: $crt is SHA-1 $thumb and $key is its key"
    # 4. certificate= and key_file= in [Globals]: every such line set, inserted at the section's end when absent
    old_crt=$(globals_value certificate) old_key=$(globals_value key_file)
    edit_ini "$crt" "$key" | replace_ini
    change "$ini [Globals] certificate" "$old_crt" "$crt"
    change "$ini [Globals] key_file" "$old_key" "$key"
    phase_done
    ;;
  undo)
    ini=${in_backup_ini:-$ini}
    check_ini
    crt=${in_backup_crt:-} key=${in_backup_key:-} saved=${in_backup_saved:-} sum=${in_backup_sha256:-}
    names_ok "$crt" && names_ok "$key" || phase_fail bad-backup "The backup names files that are not this phase's."
    [ "$(dirname -- "$saved")" = "$bdir" ] || phase_fail bad-backup "The backup copy is not in $bdir."
    case $(basename -- "$saved") in .* | "") phase_fail bad-backup "bad backup name" ;; esac
    if [ -f "$saved" ] && [ ! -L "$saved" ]; then
      [ "$(sha256_of "$saved")" = "$sum" ] ||
        phase_fail bad-backup "The backup copy $saved was changed since (checksum differs); not restoring it."
      if [ "$(sha256_of "$ini")" != "$sum" ]; then
        replace_ini <"$saved"
        change "$ini" "the fix's lines" "its old bytes (sha256 $sum)"
      fi
      rm -f -- "$saved"
    elif [ "$(sha256_of "$ini")" != "$sum" ]; then
      phase_fail bad-backup "The backup copy $saved is gone from the host; $ini cannot be put back."
    fi
    for f in "$crt" "$key"; do
      if [ -e "$f" ] || [ -L "$f" ]; then
        rm -f -- "$f"
        change "$f" "installed" ""
      fi
    done
    phase_done
    ;;
  *) phase_fail bad-input "action must be plan, apply or undo" ;;
esac
