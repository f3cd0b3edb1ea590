#!/usr/bin/env bash
# Re-records the fixtures of TextViewRecordingsTest: NAME.raw is what a real program wrote to a
# terminal (captured by `script`), NAME.screen is what tmux, a real terminal emulator, shows after
# `cat NAME.raw` (capture-pane, wrapped lines joined). Needs script, tmux, git, apt-get, dd, top.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"; tmux kill-session -t rexd-rec 2>/dev/null || true' EXIT

record() { # NAME DIR COMMAND...
  local name="$1" dir="$2"; shift 2
  (cd "$dir" && TERM=xterm-256color COLUMNS=200 LINES=50 script -q -e -c "$*" /dev/null </dev/null >"$out/$name.raw")
  tmux kill-session -t rexd-rec 2>/dev/null || true
  tmux new-session -d -s rexd-rec -x 250 -y 80 "cat '$out/$name.raw'; sleep 30"
  sleep 1
  tmux capture-pane -t rexd-rec -p -J -S - | sed -e 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$out/$name.screen"
}

mkdir -p "$work/ls/src/main" "$work/ls/bin"
printf 'x' >"$work/ls/bin/run.sh"; chmod +x "$work/ls/bin/run.sh"
printf 'x' >"$work/ls/café.txt"; printf 'x' >"$work/ls/日本語.md"; printf 'x' >"$work/ls/archive.tar.gz"
ln -s src/main "$work/ls/link"; ln -s missing "$work/ls/dangling"
record ls-color "$work/ls" 'ls --color=always -F -1 . bin src'

git init -q -b main "$work/repo"
( cd "$work/repo" && git config user.email t@example.com && git config user.name Tester \
  && for i in 1 2 3; do echo "$i" >"f$i"; git add "f$i"; GIT_COMMITTER_DATE="2026-01-0${i}T10:00:00Z" git commit -q --date "2026-01-0${i}T10:00:00Z" -m "Änderung $i: add f$i"; done \
  && git tag v1 && git checkout -q -b feature HEAD~1 && echo x >g && git add g \
  && GIT_COMMITTER_DATE=2026-01-04T10:00:00Z git commit -q --date 2026-01-04T10:00:00Z -m 'feature work' )
record git-log-color "$work/repo" 'git --no-pager log --color=always --graph --decorate --all --format="%C(auto)%h%d %s %C(dim)%an%C(reset)"'

record dd-progress "$work" 'dd if=/dev/urandom of=/dev/null bs=1M count=900 status=progress'
record apt-get "$work" 'apt-get -s install asciinema 2>/dev/null'
record top "$work" 'sleep 5 & top -b -n1 -w 200 -p $!'
