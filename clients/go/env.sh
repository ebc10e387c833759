# Sourced by the Go client's scripts: GOPATH mode, offline, against Debian's Go packages.
# clients/go is itself a GOPATH entry (src/crmgrpc/...); /usr/share/gocode holds grpc-go, protobuf, genproto.
go_root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$go_root_dir:/usr/share/gocode"
