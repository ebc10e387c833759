#!/usr/bin/env bash
# Installs the Go client's tool chain from Debian (bookworm), pinned to upstream versions (Debian
# security revisions allowed). Quick and silent when everything is installed already.
# golang-github-golang-protobuf-1-5-dev is named on purpose: apt would otherwise pick the 1-3 package,
# and the client would panic at run time ("protobuf tag not enough fields").
set -euo pipefail
packages=(
  "golang-go=2:1.19*"
  "golang-google-grpc-dev=1.33.3-*"
  "golang-google-protobuf-dev=1.28.1-*"
  "golang-github-golang-protobuf-1-5-dev=1.5.2-*"
  "golang-google-genproto-dev=0.0~git20200413.b5235f6-*"
  "protoc-gen-go=1.28.1-*"
  "protoc-gen-go-grpc=1.33.3-*"
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
  echo "go/setup.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "go/setup.sh: ok: $(/usr/bin/go version | cut -d' ' -f3), grpc-go $(sed -n 's/^const Version = "\(.*\)"/\1/p' \
  /usr/share/gocode/src/google.golang.org/grpc/version.go), $(protoc --version)"
