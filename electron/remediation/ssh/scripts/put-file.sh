#!/bin/sh
# put-file.sh DEST MODE — replaces DEST with standard input, atomically (a new temp file in the same folder,
# created exclusively, then renamed over DEST), keeping DEST's owner, group and mode; MODE (octal) only for a
# new file. Never follows a symlink: DEST and every folder on the way must be root-owned, writable by root
# alone, and none of them a symlink; otherwise it refuses (exit 3) and changes nothing.
set -eu
dest=$1 mode=$2

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

refuse_unsafe "$dest"
dir=$(dirname -- "$dest")
[ -d "$dir" ] || { echo "refused: there is no folder $dir" >&2 && exit 3; }
if [ -e "$dest" ] && [ ! -f "$dest" ]; then echo "refused: $dest is not a regular file" >&2 && exit 3; fi
# mktemp creates the file with O_EXCL, mode 0600
tmp=$(mktemp -- "$dir/.rdpdoc-put.XXXXXXXX")
trap 'rm -f -- "$tmp"' EXIT
cat >"$tmp"
if [ -e "$dest" ]; then
  chown --reference="$dest" -- "$tmp"
  chmod --reference="$dest" -- "$tmp"
else
  chmod "$mode" -- "$tmp"
fi
sync -- "$tmp" 2>/dev/null || true
# -T: DEST is the name to replace, never a folder to move into
mv -fT -- "$tmp" "$dest"
trap - EXIT
