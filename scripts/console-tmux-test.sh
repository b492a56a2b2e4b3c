#!/usr/bin/env bash
# Runs the real console in tmux at 80x24 and 200x60 under several TERM values:
# opens help, confirms emergency mode, checks the header, resets recovery, quits;
# then records a few seconds and replays them (pause, rewind, read-only keys).
# Asserts on `tmux capture-pane -p`. Exits non-zero on the first failure.
# Usage: scripts/console-tmux-test.sh [path/to/upbit-limiter]   (default: builds debug)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v tmux >/dev/null; then
    apt-get update -qq && apt-get install -y -qq tmux >/dev/null
fi
BIN=${1:-}
if [[ -z "$BIN" ]]; then
    swift build --product upbit-limiter >/dev/null
    BIN=$(swift build --show-bin-path)/upbit-limiter
fi
# A private copy: a concurrent rebuild of the original would make exec fail with "Text file busy".
WORK=$(mktemp -d)
cp "$(realpath "$BIN")" "$WORK/upbit-limiter"
BIN="$WORK/upbit-limiter"

SOCK="upbit-console-test-$$"
T() { tmux -L "$SOCK" "$@"; }
trap 'T kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
FAILS=0
# Keeps one tmux server for the whole run (it exits with its last session, racing the next start).
T new-session -d -s keepalive "sleep 3600"

# wait_for SESSION PATTERN [seconds]: polls the pane until PATTERN (grep -E) shows up.
wait_for() {
    local session=$1 pattern=$2 limit=${3:-15} i
    for ((i = 0; i < limit * 10; i++)); do
        if T capture-pane -p -t "$session" 2>/dev/null | grep -Eq -- "$pattern"; then return 0; fi
        sleep 0.1
    done
    echo "FAIL [$session]: '$pattern' not on screen after ${limit}s; screen was:" >&2
    T capture-pane -p -t "$session" >&2 || true
    return 1
}

# wait_gone SESSION PATTERN: polls until PATTERN is no longer on screen.
wait_gone() {
    local i
    for ((i = 0; i < 100; i++)); do
        T capture-pane -p -t "$1" | grep -Eq -- "$2" || return 0
        sleep 0.1
    done
    echo "FAIL [$1]: '$2' still on screen" >&2
    return 1
}

run_case() {
    local term=$1 cols=$2 rows=$3 session="c-${1//[^a-z0-9]/}-$2x$3"
    T new-session -c "$PWD" -d -s "$session" -x "$cols" -y "$rows" \
        "env TERM=$term NCURSES_NO_UTF8_ACS=1 LANG=C.UTF-8 '$BIN' console --refresh 200; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; sleep 30"
    wait_for "$session" "upbit-limiter .*emergency off" 40 || return 1
    wait_for "$session" "ticker" || return 1
    T send-keys -t "$session" '?'
    wait_for "$session" "Help: keys" || return 1
    T send-keys -t "$session" Escape
    wait_gone "$session" "Help: keys" || return 1
    T send-keys -t "$session" e
    wait_for "$session" "Switch emergency mode on" || return 1
    T send-keys -t "$session" Enter
    wait_for "$session" "EMERGENCY to [0-9:]+" || return 1
    wait_for "$session" "emergency mode on" || return 1
    T send-keys -t "$session" r
    wait_for "$session" "Reset recovery" || return 1
    T send-keys -t "$session" Tab Enter
    wait_for "$session" "recovery reset" || return 1
    T send-keys -t "$session" q
    wait_for "$session" "CONSOLE-EXITED-0" || return 1
    T kill-session -t "$session"
    echo "ok: TERM=$term ${cols}x${rows}"
}

for term in xterm-256color screen linux vt100; do
    for size in "80 24" "200 60"; do
        # shellcheck disable=SC2086
        run_case "$term" $size || FAILS=$((FAILS + 1))
    done
done

# Every key a person can type (printable ASCII, Enter, Tab, Backspace, arrows, Home/End,
# PgUp/PgDn, Insert, Delete, F1-F12, control characters except the tty's own C-c C-z C-\ C-s
# C-q) in each state: KEYS holds them; q and F10 (which quit) are tested at the end.
KEYS=(Enter Tab BSpace Escape Left Right Up Down Home End PPage NPage IC DC
      F1 F2 F3 F4 F5 F6 F7 F8 F9 F11 F12 C-a C-b C-d C-e C-f C-g C-h C-k C-l C-n C-o C-p C-r C-t C-u C-v C-w C-x C-y)
PRINTABLE=$(printf '%s' ' !"#$%&'"'"'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnoprstuvwxyz{|}~')

# flood SESSION PREFIX...: each key once, after PREFIX (the keys that open the state) and
# followed by Escape, so every key meets the state; then checks the console still answers.
flood() {
    local session=$1 key i
    shift
    for key in "${KEYS[@]}"; do T send-keys -t "$session" "$@" "$key" Escape Escape; done
    for ((i = 0; i < ${#PRINTABLE}; i++)); do
        T send-keys -t "$session" "$@"
        T send-keys -t "$session" -l "${PRINTABLE:i:1}"
        T send-keys -t "$session" Escape Escape
    done
    T send-keys -t "$session" Escape
    sleep 0.5
    if T capture-pane -p -t "$session" | grep -q CONSOLE-EXITED; then
        echo "FAIL [$session]: the console exited during the keys after '$*'" >&2
        T capture-pane -p -t "$session" >&2
        return 1
    fi
    T send-keys -t "$session" '?'
    wait_for "$session" "Help: keys" || return 1
    T send-keys -t "$session" Escape
    wait_gone "$session" "Help: keys"
}

# every_key NAME TERM COLS ROWS "ARGS" STATE-PREFIXES...: starts the console with ARGS and
# floods every key in each state (a prefix of "-" means the plain main screen); then quits.
every_key() {
    local name=$1 term=$2 cols=$3 rows=$4 args=$5 ready=$6 prefix
    shift 6
    T new-session -c "$PWD" -d -s "$name" -x "$cols" -y "$rows" \
        "env TERM=$term LANG=C.UTF-8 '$BIN' console $args; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; stty -a | grep -q '[^-]echo ' && printf 'TTY-SANE\\r\\n'; sleep 30"
    wait_for "$name" "$ready" 40 || return 1
    for prefix in "$@"; do
        # shellcheck disable=SC2086
        if [[ $prefix == - ]]; then flood "$name" || return 1; else flood "$name" $prefix || return 1; fi
    done
    # q, not F10: vt100 has no F10 key (tmux sends an xterm sequence ncurses cannot decode there).
    T send-keys -t "$name" Escape q
    wait_for "$name" "CONSOLE-EXITED-0" || return 1
    wait_for "$name" "TTY-SANE" 5 || return 1
    T kill-session -t "$name"
    echo "ok: every key in every state ($name: TERM=$term ${cols}x$rows)"
}

every_key keys-main xterm-256color 80 24 "--refresh 200" "ticker" - '?' e r p || FAILS=$((FAILS + 1))
every_key keys-ro vt100 200 60 "--readonly --refresh 200" "read-only \(--readonly\)" - '?' p || FAILS=$((FAILS + 1))
every_key keys-remote screen 80 24 "--connect http://127.0.0.1:9 --refresh 200" "DISCONNECTED" - '?' || FAILS=$((FAILS + 1))

# Ctrl-C and SIGTERM end the console with exit status 0 and the terminal restored.
for stop in ctrl-c sigterm; do
    T new-session -c "$PWD" -d -s "$stop" -x 80 -y 24 \
        "env TERM=linux LANG=C.UTF-8 '$BIN' console --refresh 200; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; stty -a | grep -q '[^-]echo ' && printf 'TTY-SANE\\r\\n'; sleep 30"
    if wait_for "$stop" "ticker" 40; then
        if [[ $stop == ctrl-c ]]; then
            T send-keys -t "$stop" C-c
        else
            console_pid=$(pgrep -P "$(T display-message -p -t "$stop" '#{pane_pid}')" -x upbit-limiter || true)
            [[ -n $console_pid ]] && kill -TERM "$console_pid"
        fi
        # The tty must have echo back: curses ends before the process may exit (ConsoleApp.run).
        if wait_for "$stop" "CONSOLE-EXITED-0" && wait_for "$stop" "TTY-SANE"; then
            echo "ok: $stop restores the terminal and exits 0"
        else
            FAILS=$((FAILS + 1))
        fi
    else
        FAILS=$((FAILS + 1))
    fi
done

# A terminal below the minimum gets a message, not a crash.
T new-session -c "$PWD" -d -s small -x 60 -y 20 \
    "env TERM=xterm-256color LANG=C.UTF-8 '$BIN' console; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; sleep 30"
if wait_for small "terminal too small \(need 80.24\)" 20; then
    T send-keys -t small q
    wait_for small "CONSOLE-EXITED-0" && echo "ok: too-small message at 60x20" || FAILS=$((FAILS + 1))
else
    FAILS=$((FAILS + 1))
fi

# Record a few seconds, then replay them: timeline, pause, read-only control keys.
REC="$WORK/session.ndjson"
T new-session -c "$PWD" -d -s rec -x 100 -y 30 \
    "env TERM=xterm-256color LANG=C.UTF-8 '$BIN' console --scenario volatility --refresh 200 --record '$REC'; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; sleep 30"
if wait_for rec "ticker" 20; then
    sleep 4
    T send-keys -t rec q
    wait_for rec "CONSOLE-EXITED-0" || FAILS=$((FAILS + 1))
    # The run's SLA table follows the closed screen.
    wait_for rec "SLA of this run" 5 && wait_for rec "zero_429_compliance" 5 || FAILS=$((FAILS + 1))
    T new-session -c "$PWD" -d -s replay -x 100 -y 30 \
        "env TERM=xterm-256color LANG=C.UTF-8 '$BIN' console --replay '$REC'; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; sleep 30"
    if wait_for replay "PLAYING 1x" 20 && wait_for replay "replay .*ndjson"; then
        T send-keys -t replay ' '
        wait_for replay "PAUSED" || FAILS=$((FAILS + 1))
        T send-keys -t replay e
        wait_for replay "e: disabled, replay: read-only" || FAILS=$((FAILS + 1))
        T send-keys -t replay r
        wait_for replay "PAUSED 1x .* \+0s of" || FAILS=$((FAILS + 1))
        T send-keys -t replay q
        wait_for replay "CONSOLE-EXITED-0" && echo "ok: record then replay (pause, rewind, read-only)" \
            || FAILS=$((FAILS + 1))
    else
        FAILS=$((FAILS + 1))
    fi
else
    FAILS=$((FAILS + 1))
fi

# The detail view of the busiest group in the shock scenario: sort by queue, Enter, charts.
detail_case() {
    local term=$1 cols=$2 rows=$3 session="d-${1//[^a-z0-9]/}-$2x$3"
    T new-session -c "$PWD" -d -s "$session" -x "$cols" -y "$rows" \
        "env TERM=$term NCURSES_NO_UTF8_ACS=1 LANG=C.UTF-8 '$BIN' console --scenario shock --refresh 200; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; sleep 30"
    wait_for "$session" "ticker" 40 || return 1
    sleep 3
    T send-keys -t "$session" s
    wait_for "$session" "sort queue" || return 1
    T send-keys -t "$session" g Enter
    wait_for "$session" "Group [a-z-]+ " || return 1
    wait_for "$session" "Queue depth" || return 1
    wait_for "$session" "Grants/s vs limit" || return 1
    wait_for "$session" "Wait p95/p50" || return 1
    wait_for "$session" "Rate ratio" || return 1
    wait_for "$session" "[0-9]+/[0-9]+ +used" || return 1
    T send-keys -t "$session" Escape
    wait_for "$session" "GROUP +LIMIT" || return 1
    T send-keys -t "$session" q
    wait_for "$session" "CONSOLE-EXITED-0" || return 1
    T kill-session -t "$session"
    echo "ok: detail view, shock scenario, TERM=$term ${cols}x${rows}"
}

for term in xterm-256color screen linux vt100; do
    for size in "80 24" "200 60"; do
        # shellcheck disable=SC2086
        detail_case "$term" $size || FAILS=$((FAILS + 1))
    done
done

# Batch mode: --iterations 3 prints 3 frames (JSON lines, then text), exit status 0-4 (worst alert).
set +e
timeout 60 "$BIN" console --batch --iterations 3 --format json --refresh 100 --scenario shock >"$WORK/batch.json" 2>/dev/null
BATCH_RC=$?
LINES_OUT=$(grep -c '"seq"' "$WORK/batch.json")
TEXT_OUT=$(timeout 60 "$BIN" console --batch --iterations 3 --refresh 100 2>/dev/null | grep -c '^GROUP ')
set -e
if [[ "$LINES_OUT" == 3 && "$TEXT_OUT" == 3 && "$BATCH_RC" -le 4 ]]; then
    echo "ok: --batch --iterations 3 printed 3 frames (json and text), exit status $BATCH_RC"
else
    echo "FAIL: batch printed $LINES_OUT json / $TEXT_OUT text frames, exit status $BATCH_RC" >&2
    FAILS=$((FAILS + 1))
fi

# A fleet of two sidecars in one console: both hosts show, one is killed (DOWN, the other keeps
# updating) and restarted (back up), the all-hosts view lists both.
fleet_case() {
    local p1=$((20000 + $$ % 20000)) p2=$((20001 + $$ % 20000))
    local serve="env LANG=C.UTF-8 '$BIN' serve --host 127.0.0.1"
    T new-session -c "$PWD" -d -s side1 "$serve --port $p1 2>/dev/null; sleep 30"
    T new-session -c "$PWD" -d -s side2 "$serve --port $p2 2>/dev/null; sleep 30"
    T new-session -c "$PWD" -d -s fleet -x 120 -y 40 \
        "env TERM=xterm-256color LANG=C.UTF-8 '$BIN' console --connect http://127.0.0.1:$p1 --connect http://127.0.0.1:$p2 --refresh 200; rc=\$?; printf '\\r\\nCONSOLE-EXITED-%s\\r\\n' \$rc; sleep 30"
    wait_for fleet "1 up http://127.0.0.1:$p1" 40 || return 1
    wait_for fleet "2 up http://127.0.0.1:$p2" 40 || return 1
    T kill-session -t side2
    wait_for fleet "2 DOWN [0-9]+s http://127.0.0.1:$p2" 30 || return 1
    wait_for fleet "1 up http://127.0.0.1:$p1" || return 1
    T send-keys -t fleet Tab
    wait_for fleet "DISCONNECTED since" || return 1
    T new-session -c "$PWD" -d -s side2 "$serve --port $p2 2>/dev/null; sleep 30"
    wait_for fleet "2 up http://127.0.0.1:$p2" 40 || return 1
    T send-keys -t fleet a
    wait_for fleet "All hosts" || return 1
    wait_for fleet "Worst groups of all hosts" || return 1
    T send-keys -t fleet q
    wait_for fleet "CONSOLE-EXITED-0" || return 1
    T kill-session -t fleet; T kill-session -t side1; T kill-session -t side2
    echo "ok: fleet of two sidecars, one killed and restarted"
}
fleet_case || FAILS=$((FAILS + 1))

if ((FAILS > 0)); then
    echo "console-tmux-test: $FAILS case(s) failed" >&2
    exit 1
fi
echo "console-tmux-test: all cases passed"
