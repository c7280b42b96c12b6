# xrdp-service-run.sh — joined into the phase scripts that start, stop or restart xrdp (see scripts.ts): their
# input checked, and xrdp_service (xrdp-restart.sh) run and judged by what listens on the exact address and
# port xrdp.ini binds for the target, not by the service manager's exit status (shown, never the verdict:
# Debian's /etc/init.d/xrdp restart sometimes exits 1 while the new xrdp is up).
# Needs phase-lib.sh and the function xrdp_service.

# service_input: manager=, address=, port= from the phase input (a bad port or address refused), where= as shown
service_input() {
  manager=${in_manager:-} address=${in_address:-} port=${in_port:-}
  case $port in '' | *[!0-9]*) phase_fail bad-input "bad port" ;; esac
  case $address in '' | *[!0-9A-Fa-f.:*]*) phase_fail bad-input "bad address" ;; esac
  where=$address:$port
  case $address in *:*) where="[$address]:$port" ;; esac
}

# service_manager_ok VERB: refuses a host whose xrdp neither systemd nor an init script runs
service_manager_ok() {
  case $manager in systemd | init) ;; *) phase_fail no-service-manager "xrdp is run neither by systemd nor by an init script on this host, so RDP Doctor cannot $1 it: do it the way this host runs xrdp." ;; esac
}

# service_run ACTION: runs xrdp_service ACTION, shows its output, fails the phase when xrdp is not (for a stop:
# still) listening afterwards; sets old= and new= (the pids before and after) and status= (the manager's exit)
service_run() {
  log=$(mktemp)
  rc=0
  xrdp_service "$1" "$manager" "$address" "$port" >"$log" 2>&1 || rc=$?
  cat -- "$log"
  old=$(sed -n 's/^old_pid=//p' "$log" | tail -n 1)
  new=$(sed -n 's/^new_pid=//p' "$log" | tail -n 1)
  status=$(sed -n 's/^exit_status=//p' "$log" | tail -n 1)
  detail=$(grep -v '^[a-z_]*=' "$log" | tail -n 6 | tr '\n' '|')
  rm -f -- "$log"
  [ "${status:-0}" -eq 0 ] || echo "the $1 command exited $status; judging by what listens now"
  if [ "$rc" -ne 0 ]; then
    [ "$1" != stop ] || phase_fail service-not-verified "xrdp still listens on $where 30 s after the stop. $detail"
    phase_fail service-not-verified "No new xrdp listens on $where within 30 s after the $1${status:+ (the service manager exited $status)}. $detail"
  fi
}
