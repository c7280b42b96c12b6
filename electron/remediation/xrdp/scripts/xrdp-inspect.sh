#!/bin/sh
# xrdp-inspect.sh PID KEY CERT LOGFILE — read-only facts about an xrdp host, one "name=value" per line.
#   PID      the xrdp process listening on the RDP port ("" when none)
#   KEY      key_file as xrdp resolves it; CERT certificate as xrdp resolves it; LOGFILE its log file
# Runs as root (directly or through sudo). Changes nothing.
set -u
pid=$1 key=$2 cert=$3 logfile=$4

say() { printf '%s=%s\n' "$1" "$2"; }

exe=/usr/sbin/xrdp
user=""
if [ -n "$pid" ] && [ -e "/proc/$pid" ]; then
  say pid "$pid"
  exe=$(readlink -- "/proc/$pid/exe" 2>/dev/null || echo /usr/sbin/xrdp)
  say exe "$exe"
  user=$(stat -c %U -- "/proc/$pid" 2>/dev/null || true)
  say process_user "$user"
fi
say version "$("$exe" --version 2>/dev/null | head -n 1)"
[ -x /usr/sbin/xrdp ] && say stock_version "$(/usr/sbin/xrdp --version 2>/dev/null | head -n 1)"

# service manager: systemd when it runs the machine, else the init script
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  say service_manager systemd
  su=$(systemctl show -p User --value xrdp 2>/dev/null || true)
  say systemd_user "$su"
  [ -n "$user" ] || user=${su:-root}
  say service_active "$(systemctl is-active xrdp 2>/dev/null)"
elif [ -x /etc/init.d/xrdp ]; then
  say service_manager init
  chuid=$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp | head -n 1)
  say init_chuid "$chuid"
  [ -n "$user" ] || user=$chuid
  if [ -s /run/xrdp/xrdp.pid ]; then say service_pid "$(cat /run/xrdp/xrdp.pid)"; fi
else
  say service_manager none
fi

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
    d=$(dirname -- "$real")
    say "${which}_dir_stat" "$(stat -c '%U:%G:%a' -- "$d")"
  else
    say "${which}_exists" no
  fi
done

if [ -e "$key" ]; then
  if openssl pkey -in "$key" -noout >/dev/null 2>&1; then say key_valid yes; else say key_valid no; fi
  kp=$(openssl pkey -in "$key" -pubout 2>/dev/null | sha256sum | cut -c1-16)
  cp=$(openssl x509 -in "$cert" -pubkey -noout 2>/dev/null | sha256sum | cut -c1-16)
  if [ -n "$kp" ] && [ "$kp" = "$cp" ]; then say key_matches_cert yes; else say key_matches_cert no; fi
fi
if [ -e "$cert" ]; then
  openssl x509 -in "$cert" -noout -subject -issuer -startdate -enddate 2>/dev/null | sed 's/^\([a-zA-Z]*\)=\s*/cert_\1=/'
  san=$(openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ')
  say cert_san "$san"
fi

getent group ssl-cert >/dev/null 2>&1 && say ssl_cert_group "$(getent group ssl-cert)"

if [ -n "$logfile" ] && [ -r "$logfile" ]; then
  say log_file "$logfile"
  grep -E -i 'private key|certificate|TLS|security protocol|ssl' -- "$logfile" 2>/dev/null | tail -n 12 | sed 's/^/log=/'
fi
# can the user xrdp runs as read the key and the certificate (through every folder on the way)? Asked of
# the kernel as that user (runuser), so ACLs, groups and folder permissions all count.
if [ -n "$user" ]; then
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
