#!/bin/sh
# A program outside the tree builds against the engine through the uninstalled neurone.pc, and
# runs; then the installed tree holds the three public headers, nn.h, nn_data.h and nn_classic.h, and
# nothing else of the engine's. $1: the build dir, $2: the C compiler.
set -eu
build=$1
cc=${2:-cc}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/hello.c" <<'C'
#include <nn.h>
#include <nn_classic.h>
#include <nn_data.h>
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

# the installed headers: exactly the public three, and enough on their own to build the program
meson install -C "$build" --no-rebuild --quiet --destdir "$out/root" >/dev/null
headers=$(cd "$out/root" && find . -path '*/include/neurone/*' | sort)
echo "installed headers: $(echo "$headers" | tr '\n' ' ')"
names=$(for h in $headers; do basename "$h"; done | tr '\n' ' ')
if [ "$names" != "nn.h nn_classic.h nn_data.h " ]; then
    echo "expected the installed headers nn.h nn_classic.h nn_data.h, got: $names"
    exit 1
fi
incdir=$(dirname "$out/root/$(echo "$headers" | head -n 1)")
"$cc" -o "$out/hello_installed" "$out/hello.c" -I"$incdir" -L"$build/engine" -lneurone
ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 LD_LIBRARY_PATH="$build/engine" "$out/hello_installed"
echo "built and ran the program against the installed headers alone"
