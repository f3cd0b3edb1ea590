#!/usr/bin/env bash
# Builds the Go REXD server (samiralibabic/rexd) from a source checkout, offline, with Go 1.23 and
# its three dependencies from Debian, for `bin/rexd-bench --peer`.
#
#   rexd-bench/peers/go-rexd.sh SOURCE_DIR [OUT_BINARY]
#
# SOURCE_DIR is a checkout (or git directory) of the Go server; OUT_BINARY defaults to
# target/peers/go-rexd. Progress goes to stderr; the binary's path is printed on stdout.
set -euo pipefail

src=${1:?usage: go-rexd.sh SOURCE_DIR [OUT_BINARY]}
out=${2:-"$(cd "$(dirname "$0")/../.." && pwd)/target/peers/go-rexd"}
say() { echo "go-rexd: $*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_toolchain() {
  local pkgs=(golang-1.23-go golang-github-burntsushi-toml-dev golang-github-creack-pty-dev
              golang-github-gorilla-websocket-dev)
  if [ -x /usr/lib/go-1.23/bin/go ] && [ -d /usr/share/gocode/src/github.com/creack/pty ] \
     && [ -d /usr/share/gocode/src/github.com/BurntSushi/toml ] \
     && [ -d /usr/share/gocode/src/github.com/gorilla/websocket ]; then
    return
  fi
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "adding bookworm-backports to apt's sources (Go 1.23 lives there)"
    as_root tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  say "installing ${pkgs[*]}"
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq -t bookworm-backports golang-1.23-go >&2
  as_root apt-get install -y -qq "${pkgs[@]:1}" >&2
}

# Lays the source out in a fresh build directory: a plain directory is copied, a git directory
# (such as a mirror) is checked out at HEAD.
checkout() {
  local dir=$1
  rm -rf "$dir" && mkdir -p "$dir"
  if [ -f "$src/go.mod" ]; then
    cp -r "$src"/. "$dir"
  else
    git --git-dir "$src" archive HEAD | tar -x -C "$dir"
  fi
}

# Debian's copies of the dependencies become the module's vendor directory, and go.mod names the
# versions Debian ships, so the build reads nothing from the network.
vendor_debian_deps() {
  local dir=$1 gocode=/usr/share/gocode/src
  local -A version=(
    [github.com/BurntSushi/toml]=$(dpkg-query -W -f '${Version}' golang-github-burntsushi-toml-dev)
    [github.com/creack/pty]=$(dpkg-query -W -f '${Version}' golang-github-creack-pty-dev)
    [github.com/gorilla/websocket]=$(dpkg-query -W -f '${Version}' golang-github-gorilla-websocket-dev)
  )
  rm -rf "$dir/vendor" "$dir/go.sum"
  mkdir -p "$dir/vendor" && : > "$dir/vendor/modules.txt"
  {
    echo "module github.com/samiralibabic/rexd"
    echo
    echo "go 1.23"
    echo
    echo "require ("
  } > "$dir/go.mod"
  for mod in "${!version[@]}"; do
    local v="v${version[$mod]%%-*}"
    mkdir -p "$dir/vendor/$(dirname "$mod")"
    cp -rL "$gocode/$mod" "$dir/vendor/$mod"
    echo "	$mod $v" >> "$dir/go.mod"
    printf '# %s %s\n## explicit\n' "$mod" "$v" >> "$dir/vendor/modules.txt"
    # every package directory of the module that holds Go files
    (cd "$dir/vendor" && find "$mod" -name '*.go' ! -name '*_test.go' -printf '%h\n' | sort -u \
      | grep -v -e '/_' -e '/testdata' -e '/cmd/' -e '/examples\?/' ) >> "$dir/vendor/modules.txt"
  done
  echo ")" >> "$dir/go.mod"
}

install_toolchain
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checkout "$work/src"
vendor_debian_deps "$work/src"
mkdir -p "$(dirname "$out")"
say "building ./cmd/rexd with $(/usr/lib/go-1.23/bin/go version)"
(cd "$work/src" && GOFLAGS=-mod=vendor GOPROXY=off GOTOOLCHAIN=local GOCACHE="$work/cache" \
  /usr/lib/go-1.23/bin/go build -trimpath -o "$out" ./cmd/rexd) >&2
say "built $out"
echo "$out"
