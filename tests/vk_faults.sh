#!/bin/sh
# vk_faults.sh NEURONE — `neurone train --engine vulkan` and `neurone --bench --engine vulkan`
# under each NEURONE_VK_FAULT: the CPU engine takes over, stderr says what failed and that it did,
# exit 0; a device lost after N steps ends with the test loss of a run that never left the CPU
# (within the CPU/GPU tolerance of test_vulkan, 1e-3 relative), not with an untrained one.
set -u
neurone=$1
. "$(dirname "$0")/cli_check.sh"

# train NAME [env...]: iris, 6 epochs of 7 batches, into $tmp/NAME.out and .err; $rc its status
train() {
    name=$1
    shift
    env "$@" "$neurone" train --dataset iris --epochs 6 --batch-size 16 --seed 3 --quiet \
        --engine "${engine:-vulkan}" >"$tmp/$name.out" 2>"$tmp/$name.err"
    rc=$?
}
# the test loss that train prints last: "Test accuracy: A - test loss: L"
test_loss() { sed -n 's/^Test accuracy: .* - test loss: \([0-9.]*\)$/\1/p' "$1"; }
# near A B: |A - B| <= 1e-3 |B| + 1e-4 (the loss is printed with 4 decimals)
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= 1e-3 * b + 1e-4) }'; }

engine=cpu train cpu
[ "$rc" -eq 0 ] || fail "train --engine cpu: expected exit 0, got $rc: $(cat "$tmp/cpu.err")"
want=$(test_loss "$tmp/cpu.out")
[ -n "$want" ] || fail "train --engine cpu: expected a test loss, got: $(cat "$tmp/cpu.out")"
# the untrained model's loss, to tell a reset from a run that went on
engine=cpu "$neurone" train --dataset iris --epochs 1 --batch-size 1000 --seed 3 --quiet \
    --engine cpu >"$tmp/untrained.out" 2>&1
untrained=$(test_loss "$tmp/untrained.out")

for case in "no-loader|could not start|no Vulkan loader" \
            "no-device|could not start|no Vulkan device was found" \
            "oom|could not start|out of device memory" \
            "device-lost|was lost|forced by NEURONE_VK_FAULT" \
            "device-lost:10|was lost|forced by NEURONE_VK_FAULT" \
            "device-lost:21|was lost|forced by NEURONE_VK_FAULT" \
            "product-pipeline|recording the|forced by NEURONE_VK_FAULT"; do
    fault=${case%%|*}
    rest=${case#*|}
    what=${rest%%|*}
    why=${rest#*|}
    train "$fault" NEURONE_VK_FAULT="$fault"
    [ "$rc" -eq 0 ] || fail "$fault: expected exit 0, got $rc: $(cat "$tmp/$fault.err")"
    has "$tmp/$fault.err" "$what" "$fault: the message"
    has "$tmp/$fault.err" "$why" "$fault: what failed"
    has "$tmp/$fault.err" "the CPU engine took over" "$fault: who took over"
    got=$(test_loss "$tmp/$fault.out")
    near "$got" "$want" || fail "$fault: expected the test loss of the CPU run, $want, got '$got' (untrained: $untrained)"
done
[ "$want" != "$untrained" ] || fail "the trained and the untrained loss are the same ($want): the check above proves nothing"

# a bad --engine is refused
engine=gpu train bad
[ "$rc" -eq 2 ] || fail "--engine gpu: expected exit 2, got $rc"
has "$tmp/bad.err" "expected cpu or vulkan" "--engine gpu"

# the benchmark, Vulkan only: the CPU engine runs its rows
for fault in no-loader device-lost:3; do
    NEURONE_VK_FAULT=$fault "$neurone" --bench --engine vulkan --workload playground --quiet \
        >"$tmp/bench.out" 2>"$tmp/bench.err"
    rc=$?
    [ "$rc" -eq 0 ] || fail "bench, $fault: expected exit 0, got $rc: $(cat "$tmp/bench.err")"
    has "$tmp/bench.err" "the CPU engine took over" "bench, $fault"
    matches "$tmp/bench.out" '^playground vulkan CPU \(Vulkan failed\) +[0-9]+' "bench, $fault: the row"
done
echo "vk_faults: CPU test loss $want, untrained $untrained"
[ "$failures" -eq 0 ]
