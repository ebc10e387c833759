#!/usr/bin/env bash
# Installs the Java client's tool chain from Debian (bookworm), pinned to upstream versions (Debian
# security revisions allowed): a JDK, grpc-java and its dependencies as jars in /usr/share/java (no
# Maven), protoc and the grpc-java plugin for stub generation; netty-tcnative (OpenSSL) for TLS, as Debian's
# Netty cannot negotiate ALPN with the JDK's TLS. Quick and silent when already installed.
set -euo pipefail
packages=(
  "default-jdk-headless=2:1.17-*"
  "libgrpc-java=1.41.3+ds-*"
  "protobuf-compiler-grpc-java-plugin=1.41.3+ds-*"
  "libprotobuf-java=3.21.12-*"
  "libgoogle-common-protos-java=1.16.0+ds-*"
  "libnetty-java=1:4.1.48-*"
  "libnetty-tcnative-java=2.0.28-*"
  "libnetty-tcnative-jni=2.0.28-*"
  "libperfmark-java=0.21.0+ds-*"
  "libgoogle-gson-java=2.10-*"
  "libguava-java=31.1-*"
  "libjsr305-java=0.1~+svn49-*"
  "liberror-prone-java=2.18.0-*"
  "libgeronimo-annotation-1.3-spec-java=1.3-*"
  "protobuf-compiler=3.21.12-*"
  "libprotobuf-dev=3.21.12-*"
)

missing=()
for spec in "${packages[@]}"; do
  have=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "${spec%%=*}" 2>/dev/null || true)
  # shellcheck disable=SC2053  # the pinned version is a glob on purpose
  [[ $have == "ii "* && ${have#ii } == ${spec#*=} ]] || missing+=("$spec")
done
if ((${#missing[@]})); then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "java/setup.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "java/setup.sh: ok: $(javac -version 2>&1), grpc-java $(readlink -f /usr/share/java/grpc-core.jar | sed 's/.*grpc-core-\(.*\)\.jar/\1/'), $(protoc --version)"
