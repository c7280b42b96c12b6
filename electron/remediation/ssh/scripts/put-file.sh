#!/bin/sh
# put-file.sh DEST MODE — replaces DEST with standard input, atomically (a new temp file in the same folder,
# created exclusively, then renamed over DEST), keeping DEST's owner, group and mode; MODE (octal) only for a
# new file. Never follows a symlink: DEST and every folder on the way must be root-owned, writable by root
# alone, and none of them a symlink; otherwise it refuses (exit 3) and changes nothing.
set -eu
dest=$1 mode=$2

# @include root-path-check.sh (refuse_unsafe, check_component; joined in by scripts.ts)

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
