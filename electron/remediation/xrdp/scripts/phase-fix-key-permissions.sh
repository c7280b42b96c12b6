#!/bin/sh
# phase-fix-key-permissions.sh — xrdp-fix-key-permissions: let the user xrdp runs as read its key file.
# Debian/Ubuntu: the snakeoil key is root:ssl-cert 0640, so adding that user to ssl-cert is enough and changes
# no file. Otherwise the key gets the xrdp user's own private group with mode 0640 (owner bits kept, never
# world-readable) and only that one file changes. Only ssl-cert is ever joined (never adm, shadow, root, sudo,
# wheel, disk, staff…). The key file and every folder on the way must be root's alone and no symlink,
# checked here, on the host, right before the change.
# Input (phase-lib.sh): action=plan|apply|undo user=USER key=KEYFILE [backup_*=… for undo]
#   plan   the backup (the old membership, or the key's old uid, gid and mode); changes nothing
#   apply  joins the group, or chgrp + chmod the one key file
#   undo   leaves the group again, or puts the exact old owner, group and mode back (a half-done apply too)
set -eu
# @include phase-lib.sh
# @include root-path-check.sh
phase_input "$@"
user=${in_user:-} key=${in_key:-}

name_ok() { case $1 in '' | [!A-Za-z_]* | *[!A-Za-z0-9_.-]*) return 1 ;; esac; }
in_group() { id -Gn -- "$1" 2>/dev/null | tr ' ' '\n' | grep -qx -- "$2"; }
never_group() { case $1 in root | adm | shadow | sudo | wheel | disk | staff | admin | kmem | users) return 0 ;; esac; return 1; }

# decide: kind=join-group|chgrp|right, with grp/real/uid/gid/mode/newmode/own
decide() {
  name_ok "$user" || phase_fail bad-input "The xrdp user name is not a user name."
  id -u -- "$user" >/dev/null 2>&1 || phase_fail phase-not-applicable "There is no user $user on this host."
  case $key in /*) ;; *) phase_fail bad-input "The key file path is not absolute." ;; esac
  real=$(readlink -f -- "$key" || true)
  [ -n "$real" ] && [ -f "$real" ] ||
    phase_fail phase-not-applicable "The key file $key does not exist: create a new certificate instead."
  # the key and every folder on the way root's alone (symlinks on the way to it are resolved, never written)
  refuse_unsafe "$real"
  set -- $(stat -c '%u %g %a %G' -- "$real")
  uid=$1 gid=$2 mode=$(printf '%04o' "0$3") grp=$4
  if runuser -u "$user" -- test -r "$real" 2>/dev/null; then kind=right; return 0; fi
  g=$(( 0$mode & 070 )) o=$(( 0$mode & 07 ))
  if [ "$grp" = ssl-cert ] && [ $((g & 040)) -ne 0 ] && [ $((o & 04)) -eq 0 ] && ! in_group "$user" ssl-cert; then
    kind=join-group
    return 0
  fi
  own=$(id -gn -- "$user")
  if [ "$own" != "$user" ] || never_group "$own"; then
    phase_fail phase-not-applicable "The key's group $grp is not one xrdp may join (only ssl-cert), and $user's primary group $own is not its own: give $user read access yourself, or create a new certificate."
  fi
  kind=chgrp newmode=$(printf '%04o' $(( (0$mode & 0700) | 040 )))
}

case ${in_action:-} in
  plan)
    decide
    case $kind in
      right) out_json changed false ;;
      join-group)
        out_json backup "$(json_obj kind join-group user "$user" group ssl-cert)"
        change "members of group ssl-cert" "$(getent group ssl-cert | cut -d: -f4)" "+$user"
        ;;
      chgrp)
        out_json backup "$(json_obj kind chgrp user "$user" group "$own" path "$real")"
        # numbers as JSON numbers (the audit log's older backups have them so)
        phase_out=${phase_out%\}}",\"uid\":$uid,\"gid\":$gid,\"mode\":\"$mode\"}"
        change "$real" "$uid:$gid $mode" "$uid:$own $newmode"
        ;;
    esac
    phase_done
    ;;
  apply)
    decide
    case $kind in
      right) echo "already right: $user can read $key"; out_json changed false ;;
      join-group)
        usermod -a -G ssl-cert "$user"
        echo "added $user to group ssl-cert"
        ;;
      chgrp)
        chown -- "$uid:$own" "$real"
        chmod -- "$newmode" "$real"
        echo "gave $real to group $own, mode $newmode"
        ;;
    esac
    phase_done
    ;;
  undo)
    case ${in_backup_kind:-} in
      join-group)
        name_ok "${in_backup_user:-}" && [ "${in_backup_group:-}" = ssl-cert ] ||
          phase_fail bad-backup "The backup of the key permissions names another group than ssl-cert or no user."
        if in_group "$in_backup_user" ssl-cert; then
          gpasswd -d "$in_backup_user" ssl-cert
        else
          echo "$in_backup_user is not in ssl-cert: nothing to put back"
        fi
        ;;
      chgrp)
        p=${in_backup_path:-} u=${in_backup_uid:-} g=${in_backup_gid:-} m=${in_backup_mode:-}
        case $u$g in '' | *[!0-9]*) phase_fail bad-backup "The backup of the key permissions is incomplete." ;; esac
        case $m in [0-7][0-7][0-7] | [0-7][0-7][0-7][0-7]) ;; *) phase_fail bad-backup "The backup of the key permissions is incomplete." ;; esac
        case $p in /*) ;; *) phase_fail bad-backup "The backup of the key permissions is incomplete." ;; esac
        refuse_unsafe "$p"
        [ -f "$p" ] && [ ! -L "$p" ] || phase_fail bad-backup "$p is not a regular file any more."
        chown -- "$u:$g" "$p"
        chmod -- "$m" "$p"
        stat -c '%u:%g %a %n' -- "$p"
        ;;
      *) phase_fail bad-backup "The backup of the key permissions is missing." ;;
    esac
    phase_done
    ;;
  *) phase_fail bad-input "unknown action ${in_action:-}" ;;
esac
