# phase-lib.sh — joined into every phase script (`# @include phase-lib.sh`, see xrdp/scripts.ts): the script's
# input arrives as data and its result leaves as ONE JSON line (Driver.call, ssh/shCall.ts).
#
# Input: positional arguments KEY=VALUE, each one word quoted by the driver's shellQuote. KEY is a name
# ([A-Za-z][A-Za-z0-9_]*); VALUE is set into the variable in_KEY as data (never evaluated, never re-split).
# A nested object is flattened one level by the driver (backup.kind → backup_kind). `rdpdoc_stdin=1` makes the
# secret KEY=VALUE lines on standard input arrive the same way (secrets never go on a command line).
# Result: `rdpdoc_marker=M` names the line; `phase_done` prints `M {"ok":true,...}`, `phase_fail CODE TEXT`
# prints `M {"ok":false,"error":{...}}` and exits 3. Everything else the script prints is its output log.

# json_str VALUE: VALUE as a JSON string (quotes, backslashes and control bytes escaped; other bytes as they are)
json_str() {
  printf '%sx' "$1" | LC_ALL=C awk '
    BEGIN { for (i = 1; i < 32; i++) esc[sprintf("%c", i)] = sprintf("\\u%04x", i)
            esc["\t"] = "\\t"; esc["\r"] = "\\r"; esc["\\"] = "\\\\"; esc["\""] = "\\\"" ; printf "\"" }
    function enc(s,   o, i, c) { o = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); o = o ((c in esc) ? esc[c] : c) } return o }
    NR > 1 { printf "%s\\n", enc(prev) }
    { prev = $0 }
    END { printf "%s\"", enc(substr(prev, 1, length(prev) - 1)) }'
}

# json_obj KEY VALUE...: an object of string members
json_obj() {
  o='' sep=''
  while [ "$#" -ge 2 ]; do
    o="$o$sep\"$1\":$(json_str "$2")" sep=,
    shift 2
  done
  printf '{%s}' "$o"
}

phase_out=''
phase_changes=''
# out_json KEY JSON / out_str KEY VALUE: one member of the result
out_json() { phase_out="$phase_out,\"$1\":$2"; }
out_str() { out_json "$1" "$(json_str "$2")"; }
# change TARGET BEFORE AFTER: what was (or would be) changed, with the real values; also printed
change() {
  phase_changes="$phase_changes${phase_changes:+,}$(json_obj target "$1" before "$2" after "$3")"
  echo "$1: $2 → $3"
}

phase_done() {
  printf '%s {"ok":true,"changes":[%s]%s}\n' "${in_rdpdoc_marker:-rdpdoc-result}" "$phase_changes" "$phase_out"
  exit 0
}

# phase_fail CODE MESSAGE: a clear refusal or failure (exit 3); what the phase did before is undone by its undo
phase_fail() {
  echo "$2" >&2
  printf '%s {"ok":false,"error":{"code":%s,"message":%s}}\n' "${in_rdpdoc_marker:-rdpdoc-result}" \
    "$(json_str "$1")" "$(json_str "$2")"
  exit 3
}

phase_set() {
  case $1 in *=*) ;; *) phase_fail bad-input "an input word without =" ;; esac
  rdpdoc_k=${1%%=*} rdpdoc_v=${1#*=}
  case $rdpdoc_k in '' | [!A-Za-z]* | *[!A-Za-z0-9_]*) phase_fail bad-input "a bad input name" ;; esac
  # the name is checked above; the value is assigned, never evaluated
  eval "in_$rdpdoc_k=\$rdpdoc_v"
}

# phase_input "$@": sets in_* from the arguments (and from stdin when rdpdoc_stdin=1)
phase_input() {
  for rdpdoc_a in "$@"; do phase_set "$rdpdoc_a"; done
  if [ "${in_rdpdoc_stdin:-}" = 1 ]; then
    while IFS= read -r rdpdoc_a; do phase_set "$rdpdoc_a"; done
  fi
  unset rdpdoc_a rdpdoc_k rdpdoc_v
}
