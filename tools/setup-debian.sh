#!/bin/sh
# Installs what Neurone needs to build and test on Debian 12, as root. Installs only what is
# missing, so it can be run again at no cost. desktop-file-utils, appstream and man-db are the
# validators of the install test; the package build's own tools are tools/package.sh's business.
set -eu
packages="build-essential meson ninja-build pkg-config zlib1g-dev dataset-fashion-mnist libvulkan-dev glslang-tools mesa-vulkan-drivers vulkan-validationlayers libsdl2-dev libsdl2-ttf-dev libstb-dev xvfb xauth xdotool imagemagick python3-jsonschema python3-xlib clang-14 libclang-rt-14-dev desktop-file-utils appstream man-db"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "neurone: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
fi
