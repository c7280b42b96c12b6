# The body of the console hand-over script (the header sets the target and the phases as "$@").
# Same steps as the wizard: checks before changes, a backup of everything it changes, then a verify line.
# Run as root at the xrdp host's console: sh rdp-doctor-fix-HOST.sh
set -eu
[ "$(id -u)" -eq 0 ] || { echo "Run this as root (sudo sh $0)." >&2; exit 1; }
ini=${XRDP_INI:-/etc/xrdp/xrdp.ini}
[ -f "$ini" ] || { echo "No $ini here: is xrdp installed?" >&2; exit 1; }
globals() { sed -n '/^\[Globals\]/,/^\[/p' "$ini" | sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" | head -n 1; }
abs() { case $1 in '') echo "/etc/xrdp/$2" ;; /*) echo "$1" ;; *) echo "/etc/xrdp/$1" ;; esac; }
key=$(abs "$(globals key_file)" key.pem)
user=$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp 2>/dev/null | head -n 1)
if [ -d /run/systemd/system ]; then user=$(systemctl show -p User --value xrdp 2>/dev/null || true); manager=systemd; else manager=init; fi
[ -n "$user" ] || user=root
stamp=$(date +%Y%m%d-%H%M%S)
backup=/var/backups/rdp-doctor-$stamp
mkdir -p -- "$backup"
cp -p -- "$ini" "$backup/xrdp.ini"
echo "xrdp.ini: $ini; key: $key; xrdp runs as: $user; backups in $backup"
for phase in "$@"; do
  echo "== $phase"
  case $phase in
    xrdp-fix-key-permissions)
      real=$(readlink -f -- "$key")
      [ -e "$real" ] || { echo "The key file $key does not exist: create a new certificate instead." >&2; exit 1; }
      if runuser -u "$user" -- test -r "$key"; then echo "already right: $user can read $key"; continue; fi
      grp=$(stat -c %G -- "$real"); mode=$(stat -c %a -- "$real")
      stat -c '%u:%g %a %n' -- "$real" > "$backup/key-permissions"
      id -Gn -- "$user" > "$backup/$user-groups"
      # only ssl-cert is ever joined (never adm, shadow, root, sudo, wheel, disk, staff…); otherwise the key gets
      # the xrdp user's own private group, and only when it is one
      case $mode in
        ?4?|?6?) [ "$grp" = ssl-cert ] && { usermod -a -G "$grp" "$user"; echo "added $user to group $grp"; continue; } ;;
      esac
      [ "$(id -gn -- "$user")" = "$user" ] || { echo "$user has no group of its own: give it read on $real yourself, or create a new certificate." >&2; exit 1; }
      chgrp -- "$(id -gn -- "$user")" "$real"
      chmod -- g+r,o-rwx "$real"
      echo "gave $real to group $(id -gn -- "$user"), mode $(stat -c %a -- "$real")"
      ;;
    xrdp-set-security-layer)
      if [ "$(globals security_layer)" = rdp ]; then
        sed -i '/^\[Globals\]/,/^\[/s/^\([[:space:]]*security_layer[[:space:]]*=\).*/\1negotiate/' "$ini"
        echo "security_layer=negotiate"
      else echo "already right: security_layer=$(globals security_layer)"; fi
      ;;
    xrdp-set-ssl-protocols)
      p=$(globals ssl_protocols)
      case $p in
        ''|*TLSv1.2*|*TLSv1.3*) echo "already right: ssl_protocols=$p" ;;
        *) sed -i '/^\[Globals\]/,/^\[/s/^\([[:space:]]*ssl_protocols[[:space:]]*=\).*/\1TLSv1.2, TLSv1.3/' "$ini"; echo "ssl_protocols=TLSv1.2, TLSv1.3" ;;
      esac
      ;;
    xrdp-regenerate-cert)
      new=/etc/xrdp/rdp-doctor-$stamp
      openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj "/CN=$RDP_DOCTOR_HOST" \
        -addext "extendedKeyUsage=serverAuth" -keyout "$new.key" -out "$new.crt"
      chown "root:$(id -gn -- "$user")" -- "$new.key"; chmod 0640 -- "$new.key"; chmod 0644 -- "$new.crt"
      sed -i "/^\[Globals\]/,/^\[/s#^\([[:space:]]*certificate[[:space:]]*=\).*#\1$new.crt#; /^\[Globals\]/,/^\[/s#^\([[:space:]]*key_file[[:space:]]*=\).*#\1$new.key#" "$ini"
      key=$new.key
      echo "new certificate $new.crt"
      ;;
    xrdp-restart)
      if [ "$manager" = systemd ]; then systemctl restart xrdp; else /etc/init.d/xrdp restart; fi
      i=0
      until ss -ltnH "sport = :$RDP_DOCTOR_PORT" | grep -q . || [ "$i" -ge 60 ]; do sleep 0.5; i=$((i + 1)); done
      echo "xrdp restarted"
      ;;
    *) echo "unknown phase $phase (skipped)" >&2 ;;
  esac
done
echo "== verify"
if runuser -u "$user" -- test -r "$key" && ss -ltnH "sport = :$RDP_DOCTOR_PORT" | grep -q .; then
  echo "VERIFY OK: $user can read $key and xrdp listens on port $RDP_DOCTOR_PORT. Probe again with RDP Doctor."
else
  echo "VERIFY FAILED: see $backup and /var/log/xrdp.log; undo with: cp -p $backup/xrdp.ini $ini" >&2
  exit 1
fi
