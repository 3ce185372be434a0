#!/usr/bin/env bash
# Run every fuzz target for a bounded time, one after another.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS is the time per target (default 60). TARGET defaults to every target in
# fuzz/Cargo.toml. Corpora live in fuzz/corpus/<target> (not committed); each run seeds
# them from the plan files in this repository and, when present, the shared spec and
# acceptance cases. Findings land in fuzz/artifacts/<target>. For each target the script
# prints the executions, the coverage (libFuzzer's `cov:`) and the speed of the run.
#
# The stable toolchain is used with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs nightly flags);
# install the runner with `cargo install cargo-fuzz`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

seconds="${1:-60}"
shift || true
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^cxlint-fuzz$')
fi

shared="${CXLINT_SHARED:-$root/../shared}"
export RUSTC_BOOTSTRAP=1
# cxlint has no unsafe code, so the address sanitizer finds nothing the Rust checks do not;
# without it a run makes about three times as many executions (parse: 5,300 against 1,500 a second). FUZZ_SANITIZER=address
# turns it back on.
sanitizer="${FUZZ_SANITIZER:-none}"

# Copy the files matching a pattern under the given folders into a corpus, one file each.
seed() {
    local corpus="$1" pattern="$2"
    shift 2
    local dir
    for dir in "$@"; do
        [ -d "$dir" ] || continue
        find "$dir" -type f -name "$pattern" -size -64k -print0 |
            while IFS= read -r -d '' f; do
                cp "$f" "$corpus/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
            done
    done
}

seed_target() {
    local target="$1" corpus="corpus/$1"
    mkdir -p "$corpus"
    case "$target" in
        config)
            seed "$corpus" '*.yaml' "$root/examples" "$root/src" "$shared/acceptance/cases" "$root/tests/data" "seeds/config"
            ;;
        rules)
            seed "$corpus" '*.yaml' "$root/rules" "seeds/rules"
            ;;
        rulelang)
            # One seed per expression written in the built-in rules.
            if [ -d "$root/rules" ]; then
                grep -rhoE '^ *(when|at|[a-z_]+): .*' "$root/rules" |
                    sed -E 's/^ *[a-z_]+: *//; s/^'"'"'(.*)'"'"'$/\1/' |
                    sort -u | while IFS= read -r line; do
                        printf '%s' "$line" >"$corpus/expr-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
                    done
            fi
            ;;
        *)
            seed "$corpus" '*.cxp' "$root/examples" "$shared/spec" "$shared/acceptance/cases" "$root/tests/data"
            ;;
    esac
}

dict_for() {
    case "$1" in
        config | rules) echo "dict/yaml.dict" ;;
        rulelang) echo "dict/rule.dict" ;;
        *) echo "dict/cxp.dict" ;;
    esac
}

cargo fuzz build --sanitizer "$sanitizer"

status=0
summary=()
rows=()
for target in "${targets[@]}"; do
    seed_target "$target"
    mkdir -p "artifacts/$target" logs
    log="logs/$target.log"
    echo "== $target: ${seconds}s (log: fuzz/$log)"
    set +e
    cargo fuzz run --sanitizer "$sanitizer" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -max_len=16384 \
        -dict="$(dict_for "$target")" \
        -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" >"$log" 2>&1
    rc=$?
    set -e
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)"
    if [ -z "$execs" ]; then
        # A run stopped by a finding prints no final statistics; take the last status line.
        execs="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)"
    fi
    speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
    ft="$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
    units="$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
    if [ "$rc" -eq 0 ]; then
        result="ok"
    else
        result="FAILED (exit $rc): see fuzz/$log and fuzz/artifacts/$target/"
        status=1
    fi
    line="$target: ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus ${units:-?} inputs, ${speed:-?} exec/s, $result"
    echo "$line"
    summary+=("$line")
    # The same as a row of the record table in docs/security.md.
    rows+=("| $(date -u '+%Y-%m-%d %H:%M') | \`$target\` | ${seconds} s | ${execs:-?} | ${speed:-?} | ${cov:-?} | ${units:-?} | ${result%%:*} |")
done

echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
echo "== record rows"
printf '%s\n' "${rows[@]}"
exit "$status"
