# root-path-check.sh — shell functions joined into the scripts that write as root (see scripts.ts).
# refuse_unsafe PATH: stops (exit 3) unless every component of PATH that exists is owned by root, writable by
# root alone and not a symbolic link, so nobody but root can swap a file or folder under a root write.
refuse_unsafe() {
  case $1 in /*) ;; *) echo "refused: $1 is not an absolute path" >&2 && exit 3 ;; esac
  rest=${1#/} cur=""
  check_component /
  while [ -n "$rest" ]; do
    comp=${rest%%/*}
    case $rest in */*) rest=${rest#*/} ;; *) rest="" ;; esac
    case $comp in
      "" | .) continue ;;
      ..) echo "refused: $1 contains .." >&2 && exit 3 ;;
    esac
    cur=$cur/$comp
    [ -e "$cur" ] || [ -L "$cur" ] || return 0
    check_component "$cur"
  done
}
check_component() {
  if [ -L "$1" ]; then echo "refused: $1 is a symbolic link (writes never follow one)" >&2 && exit 3; fi
  set -- "$1" $(stat -c "%u %a" -- "$1")
  [ "$2" = 0 ] || { echo "refused: $1 is owned by uid $2, not root" >&2 && exit 3; }
  case $3 in *[2367]? | *[2367]) echo "refused: $1 is writable by others than root (mode $3)" >&2 && exit 3 ;; esac
}
