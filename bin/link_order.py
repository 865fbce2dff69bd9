#!/usr/bin/env python3
"""Writes bin/link-order.txt: the functions a gateway runs, for LLD to place together.

Usage (through `just link-order`, which builds the binaries first):

    python3 bin/link_order.py BINARY [BINARY ...]

For each release binary: the functions it runs to start (callgrind, from spawning it to its
first health answer and a clean stop), then those it runs for the first Backup call and a
warm-up of every Backup operation group (the load benchmark's `FLOCI_BENCH_ONLY=memory`, the
same calls the memory figures are measured with, the gateway under callgrind). The file lists
the start-up functions first, then the rest, each group in the binary's current address order,
and every binary's names one after the other: the distribution build (`just release`, built for
an explicit target) names its symbols with other hashes than the `cargo run --release` binary,
and a name a build does not define is skipped by the linker. Needs valgrind and binutils' nm.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bin", "link-order.txt")
HEADER = """\
# The functions the gateway runs to start, then to serve a warm-up of every Backup operation
# group, for LLD to place together (bin/build.rs, docs/architecture.md "How the binary is
# linked"). Written by `just link-order` (bin/link_order.py); rewrite it after a toolchain or
# dependency update, when `FLOCI_BENCH_ONLY=memory` shows the code pages growing back.
"""


def callgrind(binary, out):
    return [
        "valgrind",
        "--tool=callgrind",
        "--demangle=no",
        f"--callgrind-out-file={out}",
        binary,
    ]


def wait_exit(pid, what):
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    sys.exit(f"{what} did not stop")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def profile_start(binary, out):
    """The start-up alone: spawn, first health answer, SIGTERM."""
    port = free_port()
    env = dict(os.environ, FLOCI_PORT=str(port), FLOCI_HOST="127.0.0.1")
    proc = subprocess.Popen(
        callgrind(binary, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_floci/health", timeout=2):
                break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                sys.exit(f"{binary} did not answer its health check under callgrind")
            time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)


def profile_warm_up(binary, out, work):
    """The load benchmark's memory warm-up against the gateway under callgrind. The benchmark
    kills the process it started, so that is a shell whose child, the gateway under callgrind,
    outlives it; stopped here with SIGTERM, callgrind writes its profile."""
    pid_file = os.path.join(work, "gateway.pid")
    wrapper = os.path.join(work, "gateway.sh")
    with open(wrapper, "w") as f:
        command = " ".join(f"'{a}'" for a in callgrind(binary, out))
        f.write(f"#!/bin/sh\n{command} >/dev/null 2>&1 &\necho $! > '{pid_file}'\nwait\n")
    os.chmod(wrapper, 0o755)
    env = dict(os.environ, FLOCI_BENCH_ONLY="memory", FLOCI_BENCH_GATEWAY=wrapper)
    subprocess.run(
        ["cargo", "bench", "-q", "--profile", "dev", "-p", "floci-gateway", "--bench", "load"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(pid_file) as f:
        pid = int(f.read())
    os.kill(pid, signal.SIGTERM)
    wait_exit(pid, "the gateway under callgrind")


def executed(profile, binary):
    """Names of the functions of `binary` a callgrind profile counts instructions in."""
    name = os.path.basename(binary)
    objects, functions, current, seen = {}, {}, None, set()
    for line in open(profile):
        m = re.match(r"^(c?ob)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            kind, ident, text = m.groups()
            if text:
                objects[ident] = text
            if kind == "ob":
                current = objects.get(ident, "")
            continue
        m = re.match(r"^(fn|cfn|cfi|fi|fe)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            kind, ident, text = m.groups()
            if text and kind in ("fn", "cfn"):
                functions[ident] = text
            if kind == "fn" and current and os.path.basename(current) == name:
                seen.add(functions[ident])
    return seen


def addresses(binary):
    out = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            found[parts[2]] = int(parts[0], 16)
    return found


def main():
    binaries = sys.argv[1:]
    if not binaries:
        sys.exit(__doc__)
    names = []
    with tempfile.TemporaryDirectory() as work:
        for binary in binaries:
            binary = os.path.abspath(binary)
            start_out = os.path.join(work, "start.out")
            warm_out = os.path.join(work, "warm.out")
            profile_start(binary, start_out)
            profile_warm_up(binary, warm_out, work)
            where = addresses(binary)
            start = sorted((f for f in executed(start_out, binary) if f in where), key=where.get)
            first = set(start)
            rest = sorted(
                (f for f in executed(warm_out, binary) if f in where and f not in first),
                key=where.get,
            )
            print(f"{binary}: {len(start)} functions to start, {len(rest)} more to serve")
            names.extend(start + rest)
    unique = list(dict.fromkeys(names))
    with open(OUT, "w") as f:
        f.write(HEADER)
        f.write("\n".join(unique) + "\n")
    print(f"wrote {OUT}: {len(unique)} functions")


if __name__ == "__main__":
    main()
