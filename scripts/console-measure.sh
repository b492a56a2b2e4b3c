#!/usr/bin/env bash
# Measures the console at 120x40 in steady state: bytes/s written to the terminal
# (tmux pipe-pane copies everything the program writes) and CPU share (utime+stime
# from /proc over the same span). Usage: scripts/console-measure.sh BINARY [SECONDS] [TERM] [ARGS...]
# KEYS="s g Enter" (tmux send-keys names) are pressed after the warm-up, e.g. to open a group's detail.
set -euo pipefail
BIN=$(realpath "$1"); SECONDS_TO_MEASURE=${2:-60}; TERM_NAME=${3:-xterm-256color}; shift $(( $# < 3 ? $# : 3 ))
SOCK="upbit-console-measure-$$"; OUT=$(mktemp)
T() { tmux -L "$SOCK" "$@"; }
trap 'T kill-server 2>/dev/null || true; rm -f "$OUT"' EXIT
T new-session -d -s m -x 120 -y 40 "env TERM=$TERM_NAME LANG=C.UTF-8 '$BIN' console $*; sleep 5"
sleep 10   # warm-up: first full paint, history fills
if [[ -n "${KEYS:-}" ]]; then
    # shellcheck disable=SC2086
    for key in $KEYS; do T send-keys -t m "$key"; sleep 0.3; done
    sleep 3   # the view's first full paint is not part of the steady state
fi
PID=$(pgrep -P "$(T display -p -t m '#{pane_pid}')" -f upbit-limiter | head -1 || true)
[[ -n "$PID" ]] || PID=$(T display -p -t m '#{pane_pid}')
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
T pipe-pane -t m -o "cat > '$OUT'"
T0=$(ticks); sleep "$SECONDS_TO_MEASURE"; T1=$(ticks)
T pipe-pane -t m
BYTES=$(stat -c %s "$OUT"); HZ=$(getconf CLK_TCK)
echo "TERM=$TERM_NAME 120x40 over ${SECONDS_TO_MEASURE}s: $BYTES bytes = $((BYTES / SECONDS_TO_MEASURE)) B/s;" \
     "CPU $(awk -v t=$((T1 - T0)) -v hz="$HZ" -v s="$SECONDS_TO_MEASURE" 'BEGIN { printf "%.2f%% of a core", 100 * t / hz / s }')"
T send-keys -t m q
