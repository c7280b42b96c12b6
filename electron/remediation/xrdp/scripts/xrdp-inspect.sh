#!/bin/sh
# xrdp-inspect.sh INI KEY CERT LOGFILE USER BACKUPDIR — read-only facts about the xrdp service's files, one
# "name=value" per line. Runs as root (directly or through sudo); changes nothing and runs nothing the
# host names (only stat, readlink, openssl on the files as data, getent, id, runuser … test).
#   INI      the service's xrdp.ini; KEY, CERT key_file and certificate as xrdp resolves them; LOGFILE its log
#   USER     the user the xrdp service runs as ("" when unknown)
#   BACKUPDIR the root-only folder backups go to
# For INI, KEY, CERT and BACKUPDIR every component on the way (symlinks followed, each one listed) is
# reported as "pc_WHICH=TYPE:UID:MODE:PATH", so the caller can refuse a root write through a path anyone
# but root could change.
set -u
ini=$1 key=$2 cert=$3 logfile=$4 user=$5 backupdir=$6

say() {
  printf '%s=' "$1"
  printf '%s' "$2" | tr '\n\r' '??'
  printf '\n'
}

nl='
'
# walk WHICH PATH: every component from / to PATH, following symlinks (at most 40)
walk() {
  which=$1 todo=$2 cur=/ hops=0
  case $todo in
    /*) ;;
    *) say "pc_$which" "bad:relative path" && return ;;
  esac
  case $todo in *"$nl"* | *"$(printf '\r')"*) say "pc_$which" "bad:control character in the path" && return ;; esac
  emit "$which" /
  while [ -n "$todo" ]; do
    case $todo in /*) todo=${todo#/} && continue ;; esac
    comp=${todo%%/*}
    todo=${todo#"$comp"}
    case $comp in
      . | '') continue ;;
      ..) cur=$(dirname -- "$cur") && continue ;;
    esac
    next=${cur%/}/$comp
    if [ -L "$next" ]; then
      emit "$which" "$next"
      hops=$((hops + 1))
      [ "$hops" -le 40 ] || { say "pc_$which" "bad:too many symlinks" && return; }
      target=$(readlink -- "$next")
      case $target in /*) cur=/ ;; esac
      todo=$target$todo
    elif [ -e "$next" ]; then
      emit "$which" "$next"
      cur=$next
    else
      say "pc_$which" "missing:::$next"
      return
    fi
  done
}
emit() {
  say "pc_$1" "$(stat -c '%F' -- "$2" | tr -d ' '):$(stat -c '%u:%a' -- "$2"):$2"
}

walk ini "$ini"
walk key "$key"
walk cert "$cert"
walk backup "$backupdir"

for which in key cert; do
  if [ "$which" = key ]; then f=$key; else f=$cert; fi
  say "${which}_path" "$f"
  if [ -L "$f" ]; then say "${which}_link" "$(readlink -- "$f")"; fi
  real=$(readlink -f -- "$f" 2>/dev/null || true)
  say "${which}_real" "$real"
  if [ -n "$real" ] && [ -e "$real" ]; then
    say "${which}_exists" yes
    say "${which}_stat" "$(stat -c '%U:%G:%a:%u:%g' -- "$real")"
    say "${which}_group_entry" "$(getent group "$(stat -c %g -- "$real")")"
    say "${which}_dir_stat" "$(stat -c '%U:%G:%a' -- "$(dirname -- "$real")")"
  else
    say "${which}_exists" no
  fi
done

# A key belongs to its certificate when both parse and their public keys are the same; when either does
# not parse there is nothing to compare (two empty outputs are not a match).
kp="" cp=""
if [ -e "$key" ]; then
  if kpub=$(openssl pkey -in "$key" -pubout 2>/dev/null) && [ -n "$kpub" ]; then
    say key_valid yes
    kp=$(printf '%s\n' "$kpub" | sha256sum | cut -c1-64)
  else
    say key_valid no
  fi
fi
if [ -e "$cert" ]; then
  if cpub=$(openssl x509 -in "$cert" -pubkey -noout 2>/dev/null) && [ -n "$cpub" ]; then
    say cert_valid yes
    cp=$(printf '%s\n' "$cpub" | sha256sum | cut -c1-64)
  else
    say cert_valid no
  fi
  say cert_subject "$(openssl x509 -in "$cert" -noout -subject -nameopt RFC2253 2>/dev/null | sed 's/^subject=//')"
  say cert_issuer "$(openssl x509 -in "$cert" -noout -issuer -nameopt RFC2253 2>/dev/null | sed 's/^issuer=//')"
  say cert_notBefore "$(openssl x509 -in "$cert" -noout -startdate 2>/dev/null | sed 's/^notBefore=//')"
  say cert_notAfter "$(openssl x509 -in "$cert" -noout -enddate 2>/dev/null | sed 's/^notAfter=//')"
  say cert_san "$(openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' \n')"
fi
if [ -n "$kp" ] && [ -n "$cp" ]; then
  if [ "$kp" = "$cp" ]; then say key_matches_cert yes; else say key_matches_cert no; fi
elif [ -e "$key" ] || [ -e "$cert" ]; then
  say key_matches_cert no
fi

getent group ssl-cert >/dev/null 2>&1 && say ssl_cert_group "$(getent group ssl-cert)"

if [ -n "$logfile" ] && [ -f "$logfile" ] && [ -r "$logfile" ]; then
  say log_file "$logfile"
  # each line prefixed, so no log line can pose as a fact of its own
  grep -E -i 'private key|certificate|TLS|security protocol|ssl' -- "$logfile" 2>/dev/null | tail -n 12 |
    tr '\r' '?' | sed 's/^/log=/'
fi
# can the user xrdp runs as read the key and the certificate (through every folder on the way)? Asked of
# the kernel as that user (runuser), so ACLs, groups and folder permissions all count.
if [ -n "$user" ] && id -- "$user" >/dev/null 2>&1; then
  say user "$user"
  say user_groups "$(id -Gn -- "$user" 2>/dev/null)"
  say user_primary_group "$(id -gn -- "$user" 2>/dev/null)"
  for which in key cert; do
    if [ "$which" = key ]; then f=$key; else f=$cert; fi
    if runuser -u "$user" -- test -r "$f" 2>/dev/null; then r=yes; else r=no; fi
    say "${which}_readable" "$r"
  done
fi
exit 0
