#!/bin/sh
# xrdp-start-service.sh ACTION MANAGER — whether the xrdp service starts at boot, and changing that.
#   ACTION   state | enable | disable | remove
#            state   prints "enabled=yes|no|none|masked" (none: the init script has no rc links at all)
#            enable  makes it start at boot; disable puts it back to not starting; remove drops the rc links
#                    a previous enable created (init only)
#   MANAGER  systemd | init
# Fixed paths only (/usr/sbin/update-rc.d); nothing the host says is run.
set -u
action=$1 manager=$2

state() {
  if [ "$manager" = systemd ]; then
    s=$(systemctl is-enabled xrdp 2>/dev/null)
    case $s in
      enabled | enabled-runtime | static | indirect | alias) echo yes ;;
      masked | masked-runtime) echo masked ;;
      *) echo no ;;
    esac
  else
    set -- /etc/rc[2345].d/S[0-9][0-9]xrdp
    if [ -e "$1" ]; then echo yes; return; fi
    set -- /etc/rc[2345].d/K[0-9][0-9]xrdp
    if [ -e "$1" ]; then echo no; else echo none; fi
  fi
}

case $manager in systemd | init) ;; *) echo "unknown service manager $manager" >&2; exit 2 ;; esac
case $action in
  state) echo "enabled=$(state)" ;;
  enable)
    if [ "$manager" = systemd ]; then
      systemctl enable xrdp
    else
      [ "$(state)" = none ] && /usr/sbin/update-rc.d xrdp defaults
      /usr/sbin/update-rc.d xrdp enable
    fi
    echo "enabled=$(state)"
    ;;
  disable)
    if [ "$manager" = systemd ]; then systemctl disable xrdp; else /usr/sbin/update-rc.d xrdp disable; fi
    echo "enabled=$(state)"
    ;;
  remove)
    [ "$manager" = init ] || { echo "remove is for init scripts" >&2; exit 2; }
    /usr/sbin/update-rc.d -f xrdp remove
    echo "enabled=$(state)"
    ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
