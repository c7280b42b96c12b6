# console-runner.sh — the console hand-over for xrdp, after its header (the target as RDP_DOCTOR_HOST and
# RDP_DOCTOR_PORT, the phases as "$@") and the selected phase scripts as functions phase_<id> (consoleScript.ts
# joins them): the same scripts as the wizard, run by the same steps — each phase's plan, its backup kept, its
# apply — with the facts the wizard's inspection gives them read here; then a verify line.
# Run as root at the xrdp host's console: sh rdp-doctor-fix-HOST.sh
set -eu
[ "$(id -u)" -eq 0 ] || { echo "Run this as root (sudo sh $0)." >&2; exit 1; }
# @include-function xrdp_service xrdp-restart.sh
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
user=$(sed -n 's/.*--chuid[ =]\([^ :]*\).*/\1/p' /etc/init.d/xrdp 2>/dev/null | head -n 1)
if [ -d /run/systemd/system ]; then user=$(systemctl show -p User --value xrdp 2>/dev/null || true); manager=systemd; else manager=init; fi
[ -n "$user" ] || user=root
group=$(id -gn -- "$user" 2>/dev/null || echo "$user")
# a new certificate's names: the probed name or address and the old certificate's (safe characters only)
case $RDP_DOCTOR_HOST in *:*) san="IP:$RDP_DOCTOR_HOST" ;; *[!0-9.]*) san="DNS:$RDP_DOCTOR_HOST" ;; *) san="IP:$RDP_DOCTOR_HOST" ;; esac
for n in $(openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ' | sed 's/IPAddress:/IP:/g' | tr ',' ' '); do
  case $n in DNS:?* | IP:?*) case ${n#*:} in *[!A-Za-z0-9.:*-]*) echo "not carried over: $n" ;; *) case ",$san," in *",$n,"*) ;; *) san="$san,$n" ;; esac ;; esac ;; esac
done
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

M=rdpdoc-console-result
# step FUNCTION ACTION: one action of a phase script, with what this host told us as its input (each phase reads
# what it needs); its output shown, its result line kept in $result. Not in an `||` list: there `set -e` would
# be off inside the phase script too.
step() {
  out=$(mktemp)
  set +e
  "$1" rdpdoc_marker=$M action="$2" ini="$ini" user="$user" key="$key" manager="$manager" address="$addr" \
    port="$RDP_DOCTOR_PORT" cn="$RDP_DOCTOR_HOST" san="$san" group="$group" job="console-$stamp" phase="$phase" \
    backup_dir="$backup" >"$out" 2>&1
  rc=$?
  set -e
  grep -v "^$M " "$out" || true
  result=$(grep "^$M " "$out" | tail -n 1 || true)
  rm -f -- "$out"
  [ "$rc" -eq 0 ] || { echo "$phase: $2 failed. The backups are in $backup; undo with: cp -p $backup/xrdp.ini $ini" >&2; exit 1; }
}
for phase in "$@"; do
  echo "== $phase"
  fn=phase_$(printf '%s' "$phase" | tr -c 'a-z0-9' '_')
  command -v "$fn" >/dev/null 2>&1 || { echo "unknown phase $phase (skipped)" >&2; continue; }
  step "$fn" plan
  # what it will change and the old values, kept with the copy of xrdp.ini
  printf '%s\n' "${result#"$M "}" >"$backup/$phase.json"
  step "$fn" apply
  # the verify line checks the key xrdp.ini names now (a new certificate's)
  key=$(abs "$(globals key_file)" key.pem)
done
echo "== verify"
if runuser -u "$user" -- test -r "$key" && [ -n "$(xrdp_service status "$manager" "$addr" "$RDP_DOCTOR_PORT")" ]; then
  echo "VERIFY OK: $user can read $key and xrdp listens on port $RDP_DOCTOR_PORT (address $addr). Probe again with RDP Doctor."
else
  echo "VERIFY FAILED: see $backup and /var/log/xrdp.log; undo with: cp -p $backup/xrdp.ini $ini" >&2
  exit 1
fi
