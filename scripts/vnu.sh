#!/usr/bin/env bash
# The Nu HTML Checker (vnu.jar, the W3C validator), from the npm package
# vnu-jar at a pinned version, cached outside the checkout. Prints the jar's path.
#   scripts/vnu.sh                      # fetch if absent, print the path
#   java -jar "$(scripts/vnu.sh)" --errors-only page.html
# The tarball's sha512 is checked against the registry's dist.integrity recorded
# here (`npm view vnu-jar@$VERSION dist.integrity`); bump both together.
set -euo pipefail

VERSION=26.9.27
INTEGRITY="sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="

cache="${CARRE_VNU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/carre/vnu}/$VERSION"
jar="$cache/vnu.jar"

if [ ! -f "$jar" ]; then
    mkdir -p "$cache"
    work="$(mktemp -d "$cache/.fetch.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "vnu-jar@$VERSION" >/dev/null)
    tarball="$work/vnu-jar-$VERSION.tgz"
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [ "$actual" != "$INTEGRITY" ]; then
        echo "vnu.sh: integrity mismatch for vnu-jar@$VERSION" >&2
        echo "  expected $INTEGRITY" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    tar -xzf "$tarball" -C "$work" package/build/dist/vnu.jar
    mv "$work/package/build/dist/vnu.jar" "$jar.tmp"
    mv "$jar.tmp" "$jar"  # atomic: a parallel run never sees half a jar
fi

echo "$jar"
