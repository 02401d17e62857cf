#!/bin/sh
# Runs isa-report over the whole shared corpus.
#
#   tools/isa_report.sh [--json] [BUILD_DIR]
#
# Every .xz under ../shared/corpus/{malware-dev,speakeasy-tests} is
# decompressed into a temporary directory (never executed). Shellcode is
# told apart by malware-dev/INDEX.tsv ("shellcode x86|x64") or, for files
# without an index entry, by a name containing "shellcode" and x86/x64.
set -eu

json=""
if [ "${1:-}" = "--json" ]; then
  json="--json"
  shift
fi
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
tool=$build/bin/isa-report
corpus=${EMU_CORPUS_DIR:-$here/../../shared/corpus}
[ -x "$tool" ] || { echo "isa_report.sh: $tool not built" >&2; exit 2; }
[ -d "$corpus" ] || { echo "isa_report.sh: no corpus at $corpus" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pe_files=""
sc86=""
sc64=""
for dir in malware-dev speakeasy-tests; do
  [ -d "$corpus/$dir" ] || continue
  mkdir -p "$tmp/$dir"
  for xz in "$corpus/$dir"/*.xz; do
    [ -e "$xz" ] || continue
    name=$(basename "$xz" .xz)
    out="$tmp/$dir/$name"
    xz -dc "$xz" > "$out" || { echo "isa_report.sh: cannot decompress $xz" >&2; continue; }
    kind=""
    if [ -f "$corpus/$dir/INDEX.tsv" ]; then
      kind=$(awk -F'\t' -v n="$name" '$1 == n { print $4 }' "$corpus/$dir/INDEX.tsv")
    fi
    case "$kind" in
      "shellcode x86") sc86="$sc86 $out" ;;
      "shellcode x64") sc64="$sc64 $out" ;;
      "")
        case "$name" in
          *shellcode*x64*|*x64*shellcode*) sc64="$sc64 $out" ;;
          *shellcode*x86*|*x86*shellcode*) sc86="$sc86 $out" ;;
          *) pe_files="$pe_files $out" ;;
        esac ;;
      *) pe_files="$pe_files $out" ;;
    esac
  done
done

# Word splitting of the lists is intended: temp paths contain no spaces.
# shellcheck disable=SC2086
"$tool" $json --pe $pe_files --raw --arch x86 $sc86 --raw --arch x64 $sc64 | sed "s|$tmp/||g"
