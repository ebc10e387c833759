#!/usr/bin/env bash
# Regenerates the stubs of every client in clients/ from protos/ (the contract).
#
#   scripts/generate-clients.sh            # writes the committed gen folders in place
#   scripts/generate-clients.sh OUT_ROOT   # writes the same tree under OUT_ROOT instead (check-generated.sh)
#
# Generated folders (committed, never edited by hand; each is replaced whole, so stale files vanish):
#   clients/python/gen/                    protoc + grpc_python_plugin (Debian), incl. google/rpc status & details
#                                          and google/api annotations & http
#   clients/go/src/crmgrpc/gen/            protoc + protoc-gen-go + protoc-gen-go-grpc (Debian)
#   clients/java/gen/                      protoc + grpc_java_plugin (Debian)
#   clients/typescript/gen/                buf generate + local protoc-gen-es (npm, clients/typescript)
#   third_party/googleapis/                google/api/{annotations,http}.proto as extracted, for buf (buf.yaml's
#                                          second module: buf lint / breaking work offline, without the BSR)
# The google.rpc Status / BadRequest protos that Python and TypeScript need for the error details, and the
# google.api http annotations the contract imports for its JSON routes, are read from Debian's
# libgoogle-common-protos-java jar (Google's googleapis files, Apache-2.0); Go and Java use the packaged
# google.rpc and google.api code (golang-google-genproto-dev, libgoogle-common-protos-java).
#
# Prerequisites: clients/{python,go,java,typescript}/setup.sh. Output is deterministic: the same tools
# and protos give byte-identical files, so a second run changes nothing.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
out_root=${1:-$root}
mkdir -p "$out_root"
out_root=$(cd "$out_root" && pwd)

missing=()
need() { command -v "$1" >/dev/null 2>&1 || [[ -x "$1" ]] || missing+=("$1 ($2)"); }
need protoc "apt: protobuf-compiler"
need /usr/bin/grpc_python_plugin "apt: protobuf-compiler-grpc"
need /usr/bin/grpc_java_plugin "apt: protobuf-compiler-grpc-java-plugin"
need /usr/bin/protoc-gen-go "apt: protoc-gen-go"
need /usr/bin/protoc-gen-go-grpc "apt: protoc-gen-go-grpc"
need unzip "apt: unzip"
need "$root/clients/typescript/node_modules/.bin/buf" "clients/typescript/setup.sh (npm ci)"
need "$root/clients/typescript/node_modules/.bin/protoc-gen-es" "clients/typescript/setup.sh (npm ci)"
[[ -f /usr/include/google/protobuf/timestamp.proto ]] || missing+=("google/protobuf/*.proto (apt: libprotobuf-dev)")
common_protos_jar=/usr/share/java/proto-google-common-protos.jar
[[ -f $common_protos_jar ]] || missing+=("$common_protos_jar (apt: libgoogle-common-protos-java)")
if ((${#missing[@]})); then
  printf 'generate-clients: missing tools; run clients/*/setup.sh first:\n' >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The contract, in a stable order.
mapfile -t protos < <(cd "$root/protos" && find . -name '*.proto' -printf '%P\n' | sort)
((${#protos[@]})) || { echo "generate-clients: no .proto files under protos/" >&2; exit 1; }

# google/rpc/status.proto and error_details.proto, and google/api/annotations.proto and http.proto (the
# contract's import), as shipped inside Debian's common-protos jar.
rpc_root=$tmp/rpc-protos
mkdir -p "$rpc_root"
api_protos=(google/api/annotations.proto google/api/http.proto)
rpc_protos=(google/rpc/error_details.proto google/rpc/status.proto)
unzip -q -o "$common_protos_jar" "${rpc_protos[@]}" "${api_protos[@]}" -d "$rpc_root"

# Replaces DEST (relative to out_root) with the freshly generated SRC directory.
install_dir() {
  local src=$1 dest=$out_root/$2
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$src" "$dest"
}

# --- Python: message modules, type stubs, gRPC stubs -------------------------------------------------
py=$tmp/python
mkdir -p "$py"
(cd "$root/protos" && protoc -I . -I "$rpc_root" -I /usr/include \
  --python_out="$py" --pyi_out="$py" \
  --grpc_python_out="$py" --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
  "${protos[@]}")
(cd "$rpc_root" && protoc -I . -I /usr/include --python_out="$py" --pyi_out="$py" "${rpc_protos[@]}" "${api_protos[@]}")
install_dir "$py" clients/python/gen

# --- Go: GOPATH layout, import path from each file's go_package ---------------------------------------
go=$tmp/go
mkdir -p "$go"
(cd "$root/protos" && protoc -I . -I "$rpc_root" -I /usr/include \
  --plugin=protoc-gen-go=/usr/bin/protoc-gen-go --go_out="$go" \
  --plugin=protoc-gen-go-grpc=/usr/bin/protoc-gen-go-grpc --go-grpc_out="$go" \
  "${protos[@]}")
[[ -d $go/crmgrpc/gen ]] || { echo "generate-clients: go_package no longer under crmgrpc/gen" >&2; exit 1; }
install_dir "$go/crmgrpc/gen" clients/go/src/crmgrpc/gen

# --- Java: messages and gRPC stubs --------------------------------------------------------------------
java=$tmp/java
mkdir -p "$java"
(cd "$root/protos" && protoc -I . -I "$rpc_root" -I /usr/include \
  --java_out="$java" \
  --grpc-java_out="$java" --plugin=protoc-gen-grpc-java=/usr/bin/grpc_java_plugin \
  "${protos[@]}")
install_dir "$java" clients/java/gen

# --- TypeScript: protobuf-es v2 (messages and service descriptors used by Connect) ---------------------
ts=$tmp/ts
mkdir -p "$ts"
# The contract beside the jar's google/api in one folder outside the workspace, so the generation reads the
# jar's files (not third_party/, which it writes) and --path keeps the google/api code to the second run.
ts_in=$tmp/ts-in
mkdir -p "$ts_in"
cp -r "$root/protos/." "$ts_in/"
cp -r "$rpc_root/google" "$ts_in/"
(cd "$root/clients/typescript" &&
  node_modules/.bin/buf generate "$ts_in" --path "$ts_in/crm" --template buf.gen.yaml -o "$ts" &&
  node_modules/.bin/buf generate "$rpc_root" --template buf.gen.yaml -o "$ts")
install_dir "$ts/gen" clients/typescript/gen

# --- buf's copy of google/api (committed, so buf lint and buf breaking against an older commit build offline) --
googleapis=$tmp/googleapis
mkdir -p "$googleapis/google/api"
cp "${api_protos[@]/#/$rpc_root/}" "$googleapis/google/api/"
install_dir "$googleapis" third_party/googleapis

echo "generated: clients/python/gen clients/go/src/crmgrpc/gen clients/java/gen clients/typescript/gen third_party/googleapis" \
  "(${#protos[@]} contract files)${1:+ under $out_root}"
