#!/usr/bin/env bash
# Installs the Python client's tool chain from Debian (bookworm), pinned to upstream versions (Debian
# security revisions allowed). Quick and silent when everything is installed already.
# Runtime: python3-grpcio, python3-protobuf; tests: python3-pytest; stub generation: protoc,
# grpc_python_plugin, the well-known types, and the google/rpc protos (inside the common-protos jar).
set -euo pipefail
packages=(
  "python3-grpcio=1.51.1-*"
  "python3-protobuf=3.21.12-*"
  "python3-pytest=7.2.1-*"
  "protobuf-compiler=3.21.12-*"
  "protobuf-compiler-grpc=1.51.1-*"
  "libprotobuf-dev=3.21.12-*"
  "libgoogle-common-protos-java=1.16.0+ds-*"
  "unzip=6.0-*"
)

missing=()
for spec in "${packages[@]}"; do
  have=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "${spec%%=*}" 2>/dev/null || true)
  # shellcheck disable=SC2053  # the pinned version is a glob on purpose
  [[ $have == "ii "* && ${have#ii } == ${spec#*=} ]] || missing+=("$spec")
done
if ((${#missing[@]})); then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "python/setup.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi
/usr/bin/python3 -c 'import platform, grpc, google.protobuf, pytest
print(f"python/setup.sh: ok: Python {platform.python_version()}, grpcio {grpc.__version__}, "
      f"protobuf {google.protobuf.__version__}, pytest {pytest.__version__}")'
