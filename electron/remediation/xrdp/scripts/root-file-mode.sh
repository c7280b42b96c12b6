#!/bin/sh
# root-file-mode.sh PATH OWNER:GROUP MODE — sets a file's owner, group and mode (chown, chmod) only when PATH
# and every folder on the way are root-owned, writable by root alone and not symlinks (else exit 3, nothing
# changed): so a path the host names can never redirect a root chown/chmod to another file.
set -eu
path=$1 owner=$2 mode=$3

# @include root-path-check.sh (refuse_unsafe, check_component; joined in by scripts.ts)

refuse_unsafe "$path"
[ -f "$path" ] || { echo "refused: $path is not a regular file" >&2 && exit 3; }
chown -- "$owner" "$path"
chmod -- "$mode" "$path"
stat -c '%U:%G %a %n' -- "$path"
