# service-pid.sh — joined into xrdp-service.sh and xrdp-session.sh (see scripts.ts): which process a service
# manager names as an xrdp daemon's own, believed only when it checks out. Read-only; runs nothing of the host's
# but its service manager: a binary a process or pid file names is stat'ed and printed, never executed.

# a value on one line: a newline or CR in a host-supplied value cannot start a fact of its own
say() {
  printf '%s=' "$1"
  printf '%s' "$2" | tr '\n\r' '??'
  printf '\n'
}

# seconds since the epoch when PID started (/proc/PID/stat field 22 is in clock ticks since boot)
started_at() {
  ticks=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)
  btime=$(sed -n 's/^btime //p' /proc/stat)
  hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
  [ -n "$ticks" ] && [ -n "$btime" ] && echo $((btime + ticks / hz))
}

# packaged_binary BIN PID: does PID run BIN, a root-owned plain file writable by root alone? (why= says why not)
packaged_binary() {
  exe=$(readlink -- "/proc/$2/exe" 2>/dev/null) || { why="process $2 is gone"; return 1; }
  # after a package upgrade the running binary shows as deleted; only root can delete from /usr/sbin
  case $exe in "$1" | "$1 (deleted)") ;; *) why="its executable is $exe, not $1"; return 1 ;; esac
  [ -f "$1" ] && [ ! -L "$1" ] || { why="$1 is not a plain file"; return 1; }
  set -- "$1" $(stat -c '%u %a' -- "$1")
  [ "$2" = 0 ] || { why="$1 is not owned by root"; return 1; }
  case $3 in *[2367]? | *[2367]) why="$1 is writable by others than root (mode $3)"; return 1 ;; esac
  return 0
}

# systemd_unit UNIT: main= its MainPID ("" when none), enabled= yes | no | ""
systemd_unit() {
  main=$(systemctl show -p MainPID --value "$1" 2>/dev/null | tr -dc 0-9)
  [ "$main" = 0 ] && main=""
  case $(systemctl is-enabled "$1" 2>/dev/null) in
    enabled | static | alias | indirect) enabled=yes ;;
    disabled | masked) enabled=no ;;
  esac
}

# pid_from_file FILE OWNER…: main= the pid an init script's pid file names, when the file is owned by one of the
# OWNERs and no older than that process (an older one names a pid reused by another program); else why= the
# reason. Returns 1, setting nothing, when FILE is not a plain file.
pid_from_file() {
  [ -f "$1" ] && [ ! -L "$1" ] || return 1
  pidfile=$1
  shift
  candidate=$(head -c 32 -- "$pidfile" | tr -dc 0-9)
  owner=$(stat -c %U -- "$pidfile")
  case " $* " in *" $owner "*) owned=yes ;; *) owned=no ;; esac
  if [ -z "$candidate" ]; then
    why="the pid file $pidfile holds no pid"
  elif [ "$owned" = no ]; then
    why="the pid file $pidfile is owned by $owner"
  elif [ ! -d "/proc/$candidate" ]; then
    why="no process $candidate (stale pid file $pidfile)"
  else
    written=$(stat -c %Y -- "$pidfile")
    started=$(started_at "$candidate")
    if [ -n "$started" ] && [ $((written + 1)) -ge "$started" ]; then
      main=$candidate
    else
      why="the pid file $pidfile is older than process $candidate"
    fi
  fi
  return 0
}
