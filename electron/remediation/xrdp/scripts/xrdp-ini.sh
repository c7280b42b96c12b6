# xrdp-ini.sh — joined into the phase scripts that edit xrdp.ini (see scripts.ts): read and set [Globals]
# values the way xrdp reads them (common/file.c; electron/remediation/xrdp/iniFile.ts is the same in
# TypeScript): "[Section]" headers, key=value split at the first "=", a "#" or ";" anywhere starts a comment,
# keys compare case-insensitively, spaces around key and value trimmed, the first occurrence wins. An edit
# changes only the one line it must (a missing key is added after the section's last key line) and keeps every
# other byte: comments, order, CRLF line endings, a last line without a newline.

# ini_get FILE KEY: the [Globals] value (empty when not set)
ini_get() {
  LC_ALL=C awk -v want="$2" '
    { t = $0; sub(/\r$/, "", t); c = match(t, /[#;]/); if (c) t = substr(t, 1, c - 1) }
    t ~ /^[ \t]*\[[^]]*\][ \t]*$/ { s = t; gsub(/^[ \t]*\[|\][ \t]*$/, "", s); gsub(/^[ \t]+|[ \t]+$/, "", s)
      ins = (tolower(s) == "globals" && !seen); if (ins) seen = 1; next }
    ins { gsub(/^[ \t]+|[ \t]+$/, "", t); eq = index(t, "="); if (eq <= 1) next
      k = substr(t, 1, eq - 1); gsub(/[ \t]+$/, "", k)
      if (tolower(k) == tolower(want)) { v = substr(t, eq + 1); gsub(/^[ \t]+/, "", v); print v; exit } }' "$1"
}

# ini_set FILE KEY VALUE: FILE's bytes with [Globals] KEY=VALUE, on stdout (FILE is not touched)
ini_set() {
  case $3 in *[\#\;]* | *"
"*) phase_fail bad-input "xrdp.ini cannot hold the value $3" ;; esac
  endnl=0
  [ "$(tail -c 1 -- "$1" | od -An -c | tr -d ' ')" = '\n' ] && endnl=1
  LC_ALL=C awk -v want="$2" -v val="$3" -v endnl="$endnl" '
    { line[NR] = $0 }
    END {
      eol = (line[1] ~ /\r$/) ? "\r" : ""
      for (i = 1; i <= NR; i++) {
        t = line[i]; cr = ""; if (t ~ /\r$/) { cr = "\r"; t = substr(t, 1, length(t) - 1) }
        u = t; c = match(u, /[#;]/); if (c) u = substr(u, 1, c - 1)
        if (u ~ /^[ \t]*\[[^]]*\][ \t]*$/) { s = u; gsub(/^[ \t]*\[|\][ \t]*$/, "", s); gsub(/^[ \t]+|[ \t]+$/, "", s)
          ins = (tolower(s) == "globals" && !found); if (ins) { found = 1; last = i }; continue }
        if (!ins) continue
        gsub(/^[ \t]+|[ \t]+$/, "", u); eq = index(u, "="); if (eq <= 1) continue
        last = i
        k = substr(u, 1, eq - 1); gsub(/[ \t]+$/, "", k)
        if (tolower(k) != tolower(want) || done) continue
        done = 1
        v = substr(u, eq + 1); gsub(/^[ \t]+/, "", v)
        if (v == val) continue
        ok = substr(t, 1, index(t, "=") - 1); gsub(/^[ \t]+|[ \t]+$/, "", ok)
        line[i] = ok "=" val (c ? " " substr(t, c) : "") cr
      }
      if (!found) exit 4
      for (i = 1; i <= NR; i++) {
        printf "%s", line[i]
        if (i == last && !done && i == NR && !endnl) { printf "%s\n%s=%s", eol, want, val; continue }
        if (i == last && !done) printf "\n%s=%s%s", want, val, eol
        if (i < NR || endnl) printf "\n"
      }
    }' "$1" || phase_fail ini-no-globals "$1 has no [Globals] section."
}

# sha256 FILE
sha256() { sha256sum -- "$1" | cut -d' ' -f1; }
