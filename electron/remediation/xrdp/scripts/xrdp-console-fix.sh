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
cert=$(abs "$(globals certificate)" cert.pem)
# the address xrdp.ini binds for our port ("*" = all), as xrdp reads port= (tcp://, tcp6://, a number)
bind_addr() {
  for e in ${1:-3389}; do
    case $e in
      tcp://.:*) a=127.0.0.1 p=${e#tcp://.:} ;;
      tcp6://.:*) a=::1 p=${e#tcp6://.:} ;;
      tcp://:* | tcp6://:*) a='*' p=${e##*:} ;;
      tcp://* | tcp6://*) r=${e#*://} a=${r%:*} p=${r##*:} ;;
      *[!0-9]*) continue ;;
      *) a='*' p=$e ;;
    esac
    a=${a#\{} a=${a%\}}
    case $a in 0.0.0.0 | ::) a='*' ;; esac
    [ "$p" = "$RDP_DOCTOR_PORT" ] && { echo "$a"; return 0; }
  done
  return 0
}
addr=$(bind_addr "$(globals port)")
[ -n "$addr" ] || { echo "$ini does not make xrdp listen on port $RDP_DOCTOR_PORT (port=$(globals port))." >&2; exit 1; }
# pids of /usr/sbin/xrdp listening on exactly $addr:$RDP_DOCTOR_PORT (nothing else on the port counts)
listeners() {
  ss -ltnpH "sport = :$RDP_DOCTOR_PORT" 2>/dev/null | while read -r _ _ _ local _ users; do
    a=${local%:*} a=${a#\[} a=${a%\]} a=${a%%\%*} a=${a#::ffff:}
    if [ "$addr" = '*' ]; then case $a in '*' | 0.0.0.0 | ::) ;; *) continue ;; esac
    elif [ "$a" != "$addr" ]; then continue; fi
    for p in $(printf '%s\n' "$users" | grep -o 'pid=[0-9]*' | cut -d= -f2); do
      [ "$(readlink -- "/proc/$p/exe" 2>/dev/null)" = /usr/sbin/xrdp ] && echo "$p"
    done
  done
  return 0
}
user=$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp 2>/dev/null | head -n 1)
if [ -d /run/systemd/system ]; then user=$(systemctl show -p User --value xrdp 2>/dev/null || true); manager=systemd; else manager=init; fi
[ -n "$user" ] || user=root
stamp=$(date +%Y%m%d-%H%M%S)
# backups: a new root-only folder with a unique name, inside a root-owned folder that is no link
store=/var/backups/rdp-doctor
[ -L "$store" ] && { echo "$store is a symbolic link: refusing to write backups through it." >&2; exit 1; }
mkdir -p -m 0700 -- "$store"
[ "$(stat -c %u -- "$store")" = 0 ] || { echo "$store is not owned by root: refusing." >&2; exit 1; }
chmod 0700 -- "$store"
backup=$(mktemp -d -- "$store/fix-$stamp-XXXXXX")
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
      # the probed name or address and the old certificate's names, as subjectAltNames (safe characters only)
      case $RDP_DOCTOR_HOST in *:*) san="IP:$RDP_DOCTOR_HOST" ;; *[!0-9.]*) san="DNS:$RDP_DOCTOR_HOST" ;; *) san="IP:$RDP_DOCTOR_HOST" ;; esac
      for n in $(openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ' | sed 's/IPAddress:/IP:/g' | tr ',' ' '); do
        case $n in DNS:?* | IP:?*) case ${n#*:} in *[!A-Za-z0-9.:*-]*) echo "not carried over: $n" ;; *) case ",$san," in *",$n,"*) ;; *) san="$san,$n" ;; esac ;; esac ;; esac
      done
      openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj "/CN=$RDP_DOCTOR_HOST" \
        -addext "subjectAltName=$san" -addext "extendedKeyUsage=serverAuth" -keyout "$new.key" -out "$new.crt"
      chown "root:$(id -gn -- "$user")" -- "$new.key"; chmod 0640 -- "$new.key"; chmod 0644 -- "$new.crt"
      sed -i "/^\[Globals\]/,/^\[/s#^\([[:space:]]*certificate[[:space:]]*=\).*#\1$new.crt#; /^\[Globals\]/,/^\[/s#^\([[:space:]]*key_file[[:space:]]*=\).*#\1$new.key#" "$ini"
      key=$new.key
      echo "new certificate $new.crt"
      ;;
    xrdp-start-service)
      if [ -n "$(listeners)" ]; then echo "already right: xrdp listens on $addr:$RDP_DOCTOR_PORT"; continue; fi
      if [ "$manager" = systemd ]; then
        systemctl is-enabled --quiet xrdp || { systemctl enable xrdp && echo "xrdp disabled at boot" >"$backup/boot"; }
        systemctl start xrdp || echo "systemctl start exited $?; judging by what listens now"
      else
        ls /etc/rc2.d/S[0-9][0-9]xrdp >/dev/null 2>&1 || { /usr/sbin/update-rc.d xrdp enable && echo "xrdp disabled at boot" >"$backup/boot"; }
        /etc/init.d/xrdp start || echo "/etc/init.d/xrdp start exited $?; judging by what listens now"
      fi
      i=0
      until [ -n "$(listeners)" ] || [ "$i" -ge 60 ]; do sleep 0.5; i=$((i + 1)); done
      [ -n "$(listeners)" ] || { echo "xrdp does not listen on $addr:$RDP_DOCTOR_PORT 30 s after the start" >&2; exit 1; }
      echo "xrdp started: pid $(listeners | head -n 1) listens on $addr:$RDP_DOCTOR_PORT"
      ;;
    xrdp-restart)
      # judged by the result: a new /usr/sbin/xrdp pid on $addr:$RDP_DOCTOR_PORT (Debian's init script can exit 1
      # while the new xrdp is up), within 30 s
      # every pid on the old socket (xrdp's per-connection children share it): none of them counts as new
      olds=$(listeners)
      old=$(printf '%s\n' "$olds" | head -n 1)
      rc=0
      if [ "$manager" = systemd ]; then systemctl restart xrdp || rc=$?; else /etc/init.d/xrdp restart || rc=$?; fi
      [ "$rc" -eq 0 ] || echo "the restart command exited $rc; judging by what listens now"
      i=0 new=
      while [ "$i" -lt 60 ]; do
        for p in $(listeners); do printf '%s\n' "$olds" | grep -qx -- "$p" || new=$p; done
        [ -n "$new" ] && break
        sleep 0.5
        i=$((i + 1))
      done
      [ -n "$new" ] || { echo "no new xrdp listens on $addr:$RDP_DOCTOR_PORT 30 s after the restart" >&2; exit 1; }
      echo "xrdp restarted: pid $new (was ${old:-not running}) listens on $addr:$RDP_DOCTOR_PORT"
      # Debian's quirk: the old xrdp's exit can remove the new one's pid file (then the next stop waits 30 s)
      if [ "$manager" = init ] && [ ! -L /run/xrdp ] && [ "$(cat /run/xrdp/xrdp.pid 2>/dev/null)" != "$new" ]; then
        tmp=$(mktemp /run/.rdp-doctor-xrdp-pid.XXXXXX) && echo "$new" >"$tmp" && chmod 0644 -- "$tmp" &&
          mv -fT -- "$tmp" /run/xrdp/xrdp.pid && echo "restored /run/xrdp/xrdp.pid"
      fi
      ;;
    *) echo "unknown phase $phase (skipped)" >&2 ;;
  esac
done
echo "== verify"
if runuser -u "$user" -- test -r "$key" && [ -n "$(listeners)" ]; then
  echo "VERIFY OK: $user can read $key and xrdp listens on port $RDP_DOCTOR_PORT (address $addr). Probe again with RDP Doctor."
else
  echo "VERIFY FAILED: see $backup and /var/log/xrdp.log; undo with: cp -p $backup/xrdp.ini $ini" >&2
  exit 1
fi
