#!/bin/sh
# save-backup.sh DIR NAME — keeps standard input as DIR/NAME, the backup of what a fix is about to change.
# DIR is a root-only folder (0700 root), made here when missing; one that exists with another owner or mode,
# or as a symlink, is refused. DIR/NAME is created exclusively (never over an existing name) and synced to
# disk before the fix changes anything. Prints the file's path.
set -eu
dir=$1 name=$2
case $name in "" | .* | */*) echo "refused: bad backup name $name" >&2 && exit 3 ;; esac

# @include root-path-check.sh (refuse_unsafe, check_component; joined in by scripts.ts)

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
