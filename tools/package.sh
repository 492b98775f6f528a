#!/bin/sh
# Builds Neurone's Debian packages (neurone, libneurone0, libneurone-dev) from this tree, as root on
# Debian 12: installs the packaging tools and the build dependencies that are missing, copies the
# tree (tracked and new files, not build folders) to a scratch folder, runs
# `dpkg-buildpackage -us -uc -b` there, then lintian, and prints the .deb files' paths, copied into
# dist/. Exits non-zero when the build fails or lintian reports an error.
set -eu
cd "$(dirname "$0")/.."
tools="dpkg-dev debhelper lintian fakeroot"
missing=""
for p in $tools; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
    echo "package: installing$missing"
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
fi
# debian/control's Build-Depends, as apt reads them
if ! dpkg-checkbuilddeps >/dev/null 2>&1; then
    echo "package: installing the build dependencies"
    apt-get build-dep -y -q ./
fi

version=$(dpkg-parsechangelog -S Version)
upstream=${version%-*}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree=$work/neurone-$upstream
mkdir "$tree"
# what git knows or would add, so that no build folder of this tree travels with it
git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C "$tree"
echo "package: building neurone $version in $tree"
(cd "$tree" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 || {
    tail -n 60 "$work/build.log"
    echo "package: dpkg-buildpackage failed"
    exit 1
}
mkdir -p dist
rm -f dist/*.deb dist/*.changes dist/*.buildinfo
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo dist/
changes=$(ls dist/*.changes)
echo "package: lintian"
lintian --info --display-info "$changes" | tee dist/lintian.txt || true
for deb in dist/*.deb; do
    echo "$(pwd)/$deb"
done
if grep -q '^E: ' dist/lintian.txt; then
    echo "package: lintian reports errors"
    exit 1
fi
