#!/bin/sh
# put-file.sh DEST MODE — replaces DEST (through symlinks) with standard input, atomically (temp file in the
# same folder, then rename), keeping DEST's owner, group and mode; MODE (octal) only for a new file.
set -eu
dest=$(readlink -f -- "$1")
mode=$2
dir=$(dirname -- "$dest")
tmp=$(mktemp "$dir/.rdpdoc-put.XXXXXX")
trap 'rm -f -- "$tmp"' EXIT
cat > "$tmp"
if [ -e "$dest" ]; then
  chown --reference="$dest" -- "$tmp"
  chmod --reference="$dest" -- "$tmp"
else
  chmod "$mode" -- "$tmp"
fi
mv -f -- "$tmp" "$dest"
trap - EXIT
