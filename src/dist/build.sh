#!/usr/bin/env bash
# The release build (mvn -Pdist package runs it after the jar): a Java runtime made by jlink with the modules jdeps
# finds, the jar, man pages and completion, packed reproducibly as target/dist/tlsecho-VERSION-linux-x86_64.tar.gz
# and target/dist/tlsecho_VERSION_amd64.deb, plus the tree the OCI image is made from (target/dist/image).
# Usage: build.sh BASEDIR TARGET VERSION JAVA_HOME CLASSPATH (CLASSPATH: test classpath, for DistDocs).
set -euo pipefail

base="$1" target="$2" version="$3" jdk="$4" classpath="$5"
jar="$target/tlsecho.jar"
work="$target/dist-work"
out="$target/dist"
name="tlsecho-$version"
root="$work/$name"
deb_version="${version//-SNAPSHOT/~snapshot}"

# Every timestamp in what is built: the commit's time, so two builds of one commit are byte-identical.
epoch="$(git -C "$base" log -1 --format=%ct 2>/dev/null || echo 1700000000)"
export SOURCE_DATE_EPOCH="$epoch"
export LC_ALL=C TZ=UTC

step() { printf 'dist: %s\n' "$*" >&2; }

rm -rf "$work" "$out"
mkdir -p "$work" "$out" "$root/bin" "$root/lib/native" "$root/man/man1" "$root/completion" "$root/licenses"

step "modules (jdeps)"
# Two packages of the bundled libraries reach modules that tlsecho never uses, so jdeps leaves them out: logback's XML
# configurator (java.xml; tlsecho configures logback in code, io.tlsecho.log.Logging) and BouncyCastle's LDAP
# certificate store helper (java.sql, which brings java.xml too). Their classes stay in the jar, unloaded.
unused='ch\.qos\.logback\.core\.joran\.|ch\.qos\.logback\.classic\.joran\.|org\.bouncycastle\.x509\.util\.'
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps -include "^(?!$unused).*" "$jar")"
# jdeps sees code, not service providers: the JDK engine's EC keys and curves (SunEC) are one, found by ServiceLoader.
modules="$modules,jdk.crypto.ec"
echo "$modules" > "$work/modules.txt"
step "runtime (jlink: $modules)"
# No class-data-sharing archive here: JDK 17's -Xshare:dump does not write the same bytes twice (docs/install.md), so
# the Debian package makes it when installed and bin/tlsecho on first use; the build stays reproducible.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/runtime" > "$work/jlink.log"

step "jar, native libraries, launcher"
# The jar without its native libraries: they are in lib/native, where Netty looks first (java.library.path).
cp "$jar" "$root/lib/tlsecho.jar"
unzip -q -o -j "$jar" 'META-INF/native/*.so' -d "$root/lib/native"
zip -q -d "$root/lib/tlsecho.jar" 'META-INF/native/*'
# Symbols no one debugs from a release (Debian keeps the JDK's in its -dbg packages): smaller, and lintian-clean.
find "$root/runtime" "$root/lib/native" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
  -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
sed "s/@VERSION@/$version/" "$base/src/dist/tlsecho" > "$root/bin/tlsecho"

step "man pages and completion"
"$jdk/bin/java" -cp "$classpath" io.tlsecho.dist.DistDocs "$work/docs"
asciidoctor -b manpage --failure-level WARN -a mansource="tlsecho $version" -a manmanual="tlsecho manual" \
  -D "$root/man/man1" "$work"/docs/man/*.adoc
cp "$work/docs/completion/tlsecho" "$root/completion/tlsecho"

step "README and licences"
cp "$base/README.md" "$root/README.md"
cp "$base/LICENSE" "$root/LICENSE"
versions="$(printf '%s\n' "${classpath//:/$'\n'}")"
jar_version() { basename "$(grep -m1 "/$1-[0-9][^/]*\.jar$" <<< "$versions")" | sed -E "s/^$1-([0-9][^-]*(-[A-Za-z]+)?).*\.jar$/\1/"; }
sed -e "s/@NETTY@/$(jar_version netty-handler)/" -e "s/@TCNATIVE@/$(jar_version netty-tcnative-classes)/" \
    -e "s/@PICOCLI@/$(jar_version picocli)/" -e "s/@BC@/$(jar_version bcprov-jdk18on)/" \
    -e "s/@SLF4J@/$(jar_version slf4j-api)/" -e "s/@LOGBACK@/$(jar_version logback-classic)/" \
    -e "s/@HDR@/$(jar_version HdrHistogram)/" \
    -e "s/@PROMETHEUS@/$(jar_version prometheus-metrics-exposition-textformats)/" \
    "$base/src/dist/THIRD-PARTY.md" > "$root/licenses/THIRD-PARTY.md"
dep_jar() { grep -m1 "/$1-[0-9][^/]*\.jar$" <<< "$versions"; }
unzip -p "$jar" META-INF/license/LICENSE.boringssl.txt > "$root/licenses/LICENSE.boringssl.txt"
unzip -p "$jar" META-INF/license/LICENSE.tomcat-native.txt > "$root/licenses/LICENSE.tomcat-native.txt"
unzip -p "$jar" META-INF/NOTICE.txt > "$root/licenses/NOTICE.netty.txt"
unzip -p "$(dep_jar bcprov-jdk18on)" META-INF/LICENSE.md > "$root/licenses/LICENSE.bouncycastle.txt"
unzip -p "$(dep_jar slf4j-api)" META-INF/LICENSE.txt > "$root/licenses/LICENSE.slf4j.txt"
for text in Apache-2.0 LGPL-2.1 CC0-1.0; do
  cp "/usr/share/common-licenses/$text" "$root/licenses/$text"
done

normalize() {  # fixed modes and times; owners are fixed where packed
  find "$1" -type d -exec chmod 0755 {} +
  find "$1" -type f -exec chmod 0644 {} +
  find "$1" -type f \( -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) -exec chmod 0755 {} +
  find "$1" -exec touch -h -d "@$epoch" {} +
}

step "archive"
normalize "$root"
archive="$out/$name-linux-x86_64.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=gnu -C "$work" -cf - "$name" \
  | gzip -9 -n > "$archive"

step "Debian package"
pkg="$work/deb"
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/lib" "$pkg/usr/share/man/man1" \
  "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/doc/tlsecho" "$pkg/lib/systemd/system" \
  "$pkg/usr/lib/sysusers.d" "$pkg/etc/tlsecho" "$pkg/etc/default"
cp -a "$root" "$pkg/usr/lib/tlsecho"
rm -rf "$pkg/usr/lib/tlsecho/man" "$pkg/usr/lib/tlsecho/completion" "$pkg/usr/lib/tlsecho/README.md" "$pkg/usr/lib/tlsecho/LICENSE" \
  "$pkg/usr/lib/tlsecho/licenses"
ln -s ../lib/tlsecho/bin/tlsecho "$pkg/usr/bin/tlsecho"
for page in "$root"/man/man1/*.1; do
  gzip -9 -n -c "$page" > "$pkg/usr/share/man/man1/$(basename "$page").gz"
done
sed '1{/^#!/d}' "$root/completion/tlsecho" > "$pkg/usr/share/bash-completion/completions/tlsecho"
cp "$base/src/dist/debian/tlsecho.service" "$pkg/lib/systemd/system/tlsecho.service"
cp "$base/src/dist/debian/sysusers.conf" "$pkg/usr/lib/sysusers.d/tlsecho.conf"
cp "$base/src/dist/debian/default" "$pkg/etc/default/tlsecho"
{
  cat "$base/src/dist/debian/copyright"
  echo
  echo "The bundled components, their versions and licences (texts in /usr/share/common-licenses and beside):"
  echo
  sed 's/^/ /; s/^ $/ ./' "$root/licenses/THIRD-PARTY.md"
} > "$pkg/usr/share/doc/tlsecho/copyright"
for f in LICENSE.boringssl.txt LICENSE.tomcat-native.txt NOTICE.netty.txt LICENSE.bouncycastle.txt LICENSE.slf4j.txt; do
  cp "$root/licenses/$f" "$pkg/usr/share/doc/tlsecho/$f"
done
printf 'tlsecho (%s) unstable; urgency=medium\n\n  * Built from commit %s.\n\n -- tlsecho developers <noreply@tlsecho.invalid>  %s\n' \
  "$deb_version" "$(git -C "$base" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)" \
  "$(date -u -R -d "@$epoch")" | gzip -9 -n > "$pkg/usr/share/doc/tlsecho/changelog.Debian.gz"
installed_size="$(du -sk --apparent-size "$pkg" | cut -f1)"
sed -e "s/@VERSION@/$deb_version/" -e "s/@SIZE@/$installed_size/" "$base/src/dist/debian/control" > "$pkg/DEBIAN/control"
cp "$base/src/dist/debian/postinst" "$base/src/dist/debian/prerm" "$base/src/dist/debian/postrm" "$pkg/DEBIAN/"
printf '/etc/default/tlsecho\n' > "$pkg/DEBIAN/conffiles"
normalize "$pkg"
chmod 0755 "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/prerm" "$pkg/DEBIAN/postrm" "$pkg/usr/lib/tlsecho/bin/tlsecho"
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/md5sums"
touch -d "@$epoch" "$pkg/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out/tlsecho_${deb_version}_amd64.deb" > /dev/null

step "image tree"
# The runtime and tlsecho under /opt/tlsecho, and the shared libraries the runtime loads, from this machine's
# Debian packages (listed with their versions in /opt/tlsecho/licenses/image-libraries.txt).
image="$out/image"
install -d "$image/opt" "$image/etc" "$image/tmp"
cp -a "$root" "$image/opt/tlsecho"
rm -rf "$image/opt/tlsecho/man" "$image/opt/tlsecho/completion"
libs="$(find "$root/runtime" "$root/lib/native" -name '*.so' -exec ldd {} + 2>/dev/null \
  | awk '$3 ~ /^\/(usr\/)?lib/ {print $3}' | sort -u)"
: > "$image/opt/tlsecho/licenses/image-libraries.txt"
for lib in $libs /lib64/ld-linux-x86-64.so.2; do
  real="$(readlink -f "$lib")"
  owner="$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [[ -z "$owner" ]] && owner="$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  install -D -m 0755 "$real" "$image$lib"
  pkgver="$(dpkg-query -W -f='${Version}' "$owner" 2>/dev/null || echo unknown)"
  printf '%s\t%s %s\n' "$lib" "${owner:-unknown}" "$pkgver" >> "$image/opt/tlsecho/licenses/image-libraries.txt"
  if [[ -n "$owner" && -f "/usr/share/doc/$owner/copyright" ]]; then
    cp "/usr/share/doc/$owner/copyright" "$image/opt/tlsecho/licenses/copyright.$owner"
  fi
done
sort -u -o "$image/opt/tlsecho/licenses/image-libraries.txt" "$image/opt/tlsecho/licenses/image-libraries.txt"
printf 'root:x:0:0:root:/:/sbin/nologin\ntlsecho:x:10000:10000:tlsecho:/tmp:/sbin/nologin\n' > "$image/etc/passwd"
printf 'root:x:0:\ntlsecho:x:10000:\n' > "$image/etc/group"
chmod 1777 "$image/tmp"
normalize "$image/opt"
find "$image" -exec touch -h -d "@$epoch" {} +

step "done: $(cd "$out" && ls -1 ./*.tar.gz ./*.deb | tr '\n' ' ')"
