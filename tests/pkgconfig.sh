#!/bin/sh
# A program outside the tree builds against the engine through the uninstalled neurone.pc, and
# runs. $1: the build dir, $2: the C compiler.
set -eu
build=$1
cc=${2:-cc}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/hello.c" <<'C'
#include <nn.h>
int main(void)
{
    nn_model *m = nn_sequential();
    if (nn_add_dense(m, 64, "relu", 100) || nn_add_dense(m, 10, "softmax", 0))
        return 1;
    long n = nn_count_params(m);
    nn_free(m);
    return n == 7114 ? 0 : 1;
}
C
flags=$(PKG_CONFIG_PATH="$build/meson-uninstalled" pkg-config --cflags --libs neurone)
echo "pkg-config neurone: $flags"
# shellcheck disable=SC2086
"$cc" -o "$out/hello" "$out/hello.c" $flags
ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 LD_LIBRARY_PATH="$build/engine" "$out/hello"
echo "built and ran a program against neurone.pc"
