#!/bin/sh
# Runs every CPU benchmark kernel N times (default 5) per mode and prints the
# median of "mips" (wall clock) and "cpu_mips" (thread CPU time).
#
#   bench/cpu_bench.sh [BUILD_DIR] [RUNS] [--no-cache]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-5}
extra=${3:-}
bench=$build/bin/cpu-bench
[ -x "$bench" ] || { echo "cpu_bench.sh: $bench not built" >&2; exit 2; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-12s %-4s %12s %12s %14s %s\n' kernel arch instructions median_mips median_cpu_mips rax
for blob in "$build"/bench/*_x86.bin "$build"/bench/*_x64.bin; do
  [ -f "$blob" ] || continue
  name=$(basename "$blob" .bin)
  arch=${name##*_}
  kernel=${name%_*}
  out=$(mktemp)
  i=0
  while [ "$i" -lt "$runs" ]; do
    # shellcheck disable=SC2086
    "$bench" --arch "$arch" $extra "$blob" >> "$out"
    i=$((i + 1))
  done
  insns=$(sed -n 's/.*"instructions": \([0-9]*\).*/\1/p' "$out" | head -1)
  rax=$(sed -n 's/.*"rax": \([0-9]*\).*/\1/p' "$out" | head -1)
  mips=$(sed -n 's/.*"mips": \([0-9.]*\).*/\1/p' "$out" | median)
  cpu=$(sed -n 's/.*"cpu_mips": \([0-9.]*\).*/\1/p' "$out" | median)
  rm -f "$out"
  printf '%-12s %-4s %12s %12s %14s %s\n' "$kernel" "$arch" "$insns" "$mips" "$cpu" "$rax"
done
