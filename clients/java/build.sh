#!/usr/bin/env bash
# Compiles the Java client (gen/ + src/), its example and its tests with javac against Debian's jars in
# /usr/share/java (no Maven). Output: build/classes. Skips the compile when nothing changed.
# Prints the class path to use on stdout (for `java -cp "$(./build.sh)" ...`).
#
# TLS: Debian's Netty has no JDK ALPN support (grpc-java needs ALPN to agree on h2), so https goes through
# OpenSSL with Debian's netty-tcnative. Netty looks for libnetty_tcnative.so, on java.library.path or as a
# class-path resource under META-INF/native/; Debian ships it as libnetty-tcnative.so, so build/native puts
# a link to it under the name Netty wants, on the class path (no JVM flag needed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jars=(
  grpc-api grpc-core grpc-context grpc-netty grpc-protobuf grpc-protobuf-lite grpc-stub
  protobuf proto-google-common-protos guava gson perfmark-api jsr305 error_prone_annotations
  geronimo-annotation-1.3-spec
  netty-buffer netty-codec netty-codec-http netty-codec-http2 netty-common netty-handler netty-resolver
  netty-transport netty-tcnative
)
cp=""
for jar in "${jars[@]}"; do
  [[ -f /usr/share/java/$jar.jar ]] || { echo "java/build.sh: /usr/share/java/$jar.jar missing: run clients/java/setup.sh" >&2; exit 1; }
  cp+=${cp:+:}/usr/share/java/$jar.jar
done
out=$here/build/classes
native=$here/build/native/META-INF/native
tcnative=$(dpkg -L libnetty-tcnative-jni 2>/dev/null | grep '/libnetty-tcnative\.so$' | head -n 1 || true)
[[ -n $tcnative ]] || { echo "java/build.sh: libnetty-tcnative.so missing: run clients/java/setup.sh" >&2; exit 1; }
mkdir -p "$native"
ln -sfn "$tcnative" "$native/libnetty_tcnative.so"
mapfile -t sources < <(cd "$here" && find gen src example test -name '*.java' | LC_ALL=C sort)
stamp=$( (cd "$here" && sha256sum "${sources[@]}"; echo "$cp"; javac -version 2>&1) | sha256sum | cut -d' ' -f1)
if [[ ! -f $here/build/stamp || $(cat "$here/build/stamp") != "$stamp" ]]; then
  rm -rf "$out" "$here/build/stamp"
  mkdir -p "$out"
  (cd "$here" && javac --release 17 -encoding UTF-8 -nowarn -Xlint:none -cp "$cp" -d "$out" "${sources[@]}") >&2
  echo "$stamp" >"$here/build/stamp"
fi
echo "$out:$here/build/native:$cp"
