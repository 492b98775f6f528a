#!/bin/sh
# device_check.sh — the Vulkan engine on a machine with a real GPU, in one go: test_vulkan three
# times (every product on the large tile, the default choice, every product on the small tile),
# then once with matmul_gpu4.comp on every aligned product; the products with matmul.comp and
# with matmul_gpu4.comp side by side (NEURONE_VK_MATMUL=gpu4, not yet measured on a GPU: if it
# is faster, make it the default), the products for three workgroup targets, bench_vulkan, then
# PyTorch on CUDA as the reference on the same machine. Results land in $OUT (or ./device-out).
#
# Prepare it here: a release build (`meson setup build-gpu --buildtype=release && ninja -C
# build-gpu`), then copy build-gpu/engine/libneurone.so.0, build-gpu/bench/bench_vulkan,
# build-gpu/tests/test_vulkan and bench/torch_ref.py into .gpu/. Where the machine lacks the
# Vulkan loader, put Debian's libvulkan1 and libglvnd .deb files in .gl/ (unpacked here first).
# Run from the repository root: sh bench/device_check.sh
OUT=${OUT:-$PWD/device-out}
mkdir -p "$OUT"
for f in .gl/*.deb; do [ -f "$f" ] && dpkg -x "$f" /; done
ldconfig 2>/dev/null
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f $nvidia_icd ] && export VK_DRIVER_FILES=$nvidia_icd
export LD_LIBRARY_PATH=$PWD/.gpu
cd .gpu || exit 1
for g in 1 128 1000000; do
    echo "== test_vulkan NEURONE_VK_GROUPS=$g"
    NEURONE_VK_GROUPS=$g timeout 100 ./test_vulkan > "$OUT/test_vulkan_$g.txt" 2>&1
    echo "rc=$?"
    grep -c "^ok" "$OUT/test_vulkan_$g.txt"
done
echo "== test_vulkan NEURONE_VK_MATMUL=gpu4 NEURONE_VK_GROUPS=1"
NEURONE_VK_MATMUL=gpu4 NEURONE_VK_GROUPS=1 timeout 100 ./test_vulkan > "$OUT/test_vulkan_gpu4.txt" 2>&1
echo "rc=$?"
grep -c "^ok" "$OUT/test_vulkan_gpu4.txt"
for m in default gpu4 default gpu4; do
    echo "== products, matmul $m"
    NEURONE_VK_MATMUL=$m timeout 100 ./bench_vulkan --runs 5 --no-train --max-size 4096 2>&1 |
        grep -E "^\| (square|256|128x784|784x128)" | tee -a "$OUT/products_$m.txt"
done
for g in 16 64 256; do
    echo "== products NEURONE_VK_GROUPS=$g"
    NEURONE_VK_GROUPS=$g timeout 60 ./bench_vulkan --runs 5 --no-train --max-size 1024 2>&1 |
        grep -E "^\| (square|256|32)"
done
echo "== bench_vulkan"
timeout 200 ./bench_vulkan --runs 5 --threads "$(nproc)" --max-size 4096 > "$OUT/bench_vulkan.txt" 2>&1
cat "$OUT/bench_vulkan.txt"
echo "== PyTorch, CUDA"
PYTHONUNBUFFERED=1 timeout 100 python3 torch_ref.py --device cuda --runs 5 | tee "$OUT/torch_cuda.txt"
