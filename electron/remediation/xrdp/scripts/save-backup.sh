#!/bin/sh
# save-backup.sh DIR NAME — keeps standard input as DIR/NAME, the backup of what a fix is about to change.
# DIR is a root-only folder (0700 root), made here when missing; one that exists with another owner or mode,
# or as a symlink, is refused. DIR/NAME is created exclusively (never over an existing name) and synced to
# disk before the fix changes anything. Prints the file's path.
set -eu
dir=$1 name=$2
case $name in "" | .* | */*) echo "refused: bad backup name $name" >&2 && exit 3 ;; esac

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

refuse_unsafe "$(dirname -- "$dir")"
if [ -L "$dir" ]; then
  echo "refused: the backup folder $dir is a symbolic link" >&2 && exit 3
elif [ -e "$dir" ]; then
  [ -d "$dir" ] || { echo "refused: the backup folder $dir is not a folder" >&2 && exit 3; }
  set -- $(stat -c "%u %a" -- "$dir")
  [ "$1" = 0 ] || { echo "refused: the backup folder $dir is owned by uid $1, not root" >&2 && exit 3; }
  case $2 in *00) ;; *) echo "refused: the backup folder $dir has mode $2, not 0700" >&2 && exit 3 ;; esac
else
  # no -p: fails when something appeared there meanwhile
  mkdir -m 0700 -- "$dir"
fi
file=$dir/$name
if [ -e "$file" ] || [ -L "$file" ]; then echo "refused: the backup $file exists already" >&2 && exit 3; fi
umask 077
set -C
cat >"$file"
sync -- "$file" "$dir" 2>/dev/null || sync
echo "$file"
