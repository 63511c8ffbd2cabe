#!/usr/bin/env bash
# The release check that two builds of one commit are byte-identical: clones the commit checked out twice (into two
# different directories, built one after the other), runs mvn -Pimage package in each, and compares the archive, the
# Debian package and the OCI image archive. Too slow for ./test (two release builds: 5-20 min); run before a release.
#   src/dist/check-reproducible.sh [more Maven arguments, e.g. -o]
# Exit 0 when all three are identical; 1 (and cmp's first differing byte) when not.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
commit="$(git -C "$root" rev-parse HEAD)"
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]]; then
  echo "check-reproducible: uncommitted changes are not built (the clones check out $commit)" >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn=mvn
command -v mvn >/dev/null 2>&1 || mvn="$root/mvnw"

for n in 1 2; do
  git clone -q --shared --no-checkout "$root" "$work/build$n"
  git -C "$work/build$n" checkout -q --detach "$commit"
  echo "check-reproducible: build $n of $commit in $work/build$n" >&2
  (cd "$work/build$n" && "$mvn" -B -q -Dstyle.color=never -DskipTests -Pimage "$@" package) > "$work/build$n.log" 2>&1 \
    || { cat "$work/build$n.log" >&2; exit 2; }
done

status=0
for file in "target/dist/tlsecho-*-linux-x86_64.tar.gz" "target/dist/tlsecho_*_amd64.deb" "target/jib-image.tar"; do
  one=( $work/build1/$file ) two=( $work/build2/$file )
  if cmp "${one[0]}" "${two[0]}"; then
    printf 'identical  %s  %s  %s bytes\n' "$(sha256sum < "${one[0]}" | cut -c1-16)" "${one[0]#"$work/build1/"}" \
      "$(stat -c %s "${one[0]}")"
  else
    printf 'DIFFERENT  %s\n' "${one[0]#"$work/build1/"}"
    status=1
  fi
done
exit "$status"
