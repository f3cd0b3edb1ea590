#!/usr/bin/env python3
"""Round-trip latency of fs.stat or exec true over stdio, several REXD servers side by side.

    rexd-bench/peers/latency.py [--calls N] [--rounds R] [--what stat|exec] SERVER...

Each SERVER is started as `SERVER --stdio --config CONFIG` (a config with one allowed root, a
temporary directory, written here). In each of R rounds every server gets a fresh process, N/5
warm-up calls, then N timed calls from this one client (one call in flight). Prints, per server,
the median over the rounds (minimum in brackets) of p50 and p99 in microseconds and of the
server's CPU time per call, read from /proc/PID/stat. Run it at a raised priority (nice -n -15)
on a busy machine.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time


def one_round(server, calls, what, root, config):
    p = subprocess.Popen([server, "--stdio", "--config", config], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root)
    counter = [0]
    exited = [False]   # an exec.exit read before the exec.start answer (a server may send it first)

    def read_json():
        while True:
            line = p.stdout.readline()
            if not line:
                raise SystemExit(f"{server}: the server ended")
            if line.startswith(b"{"):
                return json.loads(line)

    def call(method, params):
        counter[0] += 1
        p.stdin.write((json.dumps({"jsonrpc": "2.0", "id": counter[0], "method": method,
                                   "params": params}) + "\n").encode())
        p.stdin.flush()
        while True:
            msg = read_json()
            if msg.get("method") == "exec.exit":
                exited[0] = True
            if msg.get("id") == counter[0]:
                return msg

    sid = call("session.open", {"client_name": "latency"})["result"]["session_id"]

    def once():
        if what == "stat":
            call("fs.stat", {"session_id": sid, "path": "file.txt"})
        else:
            exited[0] = False
            call("exec.start", {"session_id": sid, "argv": ["true"]})
            while not exited[0] and read_json().get("method") != "exec.exit":
                pass

    def cpu_micros():
        fields = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1e6 / os.sysconf("SC_CLK_TCK")

    for _ in range(calls // 5):
        once()
    before = cpu_micros()
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        once()
        times.append((time.perf_counter() - t) * 1e6)
    cpu = (cpu_micros() - before) / calls
    p.stdin.close()
    p.wait()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)], cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--what", choices=["stat", "exec"], default="stat")
    ap.add_argument("servers", nargs="+")
    a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="rexd-latency-")
    with open(os.path.join(root, "file.txt"), "w") as f:
        f.write("a file to stat\n")
    config = os.path.join(root, "rexd.toml")
    with open(config, "w") as f:
        f.write(f'[[security.allowed_roots]]\npath = "{root}"\n')
    results = {s: [] for s in a.servers}
    for r in range(a.rounds):
        for s in a.servers:
            results[s].append(one_round(s, a.calls, a.what, root, config))
            print(f"round {r + 1}/{a.rounds} {s}: p50 {results[s][-1][0]:.0f} us", file=sys.stderr)
    print(f"{a.what}: {a.calls} calls per round, {a.rounds} rounds; median (min) over the rounds")
    print("| server | p50 | p99 | server CPU per call |\n|---|---:|---:|---:|")
    for s, rows in results.items():
        cols = [" %.0f µs (%.0f)" % (statistics.median(c), min(c)) for c in zip(*rows)]
        print(f"| {s} |" + " |".join(cols) + " |")


if __name__ == "__main__":
    main()
