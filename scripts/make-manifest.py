#!/usr/bin/env python3
"""Regenerates mips-guests/manifest.json from the ELFs in mips-guests/bin.

Each guest `bin/<name>` is run under qemu-mips with an empty environment,
stdin from `inputs/<name>.in` (when that file exists, else /dev/null) and
fd 3 (the public output) redirected to a file. The manifest records the
ELF's sha256, the exact stdout, the fd-3 bytes in hex and the exit code.
Every guest is run twice and must behave identically both times.

Python standard library only. Usage: scripts/make-manifest.py [--check]
  --check  compare against the existing manifest instead of writing it.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUESTS = os.path.join(ROOT, "mips-guests")
MANIFEST = os.path.join(GUESTS, "manifest.json")
TIMEOUT_SECONDS = 300


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def run_guest(qemu, elf, input_path):
    """Runs one guest; returns (stdout bytes, stderr bytes, public bytes, exit code)."""
    with tempfile.TemporaryDirectory() as tmp:
        public = os.path.join(tmp, "public.bin")
        stdin = open(input_path, "rb") if input_path else open(os.devnull, "rb")
        with stdin:
            # fd 3 is opened by the shell so the guest inherits it as fd 3.
            proc = subprocess.run(
                ["/bin/sh", "-c", 'pub=$1; shift; exec "$@" 3>"$pub"', "sh", public, qemu, elf],
                stdin=stdin,
                capture_output=True,
                env={},
                cwd=tmp,
                timeout=TIMEOUT_SECONDS,
            )
        with open(public, "rb") as f:
            public_bytes = f.read()
    return proc.stdout, proc.stderr, public_bytes, proc.returncode


def main():
    check = "--check" in sys.argv[1:]
    qemu = shutil.which("qemu-mips")
    if qemu is None:
        sys.exit("qemu-mips not found (apt-get install qemu-user)")

    bin_dir = os.path.join(GUESTS, "bin")
    entries = []
    for name in sorted(os.listdir(bin_dir)):
        elf = os.path.join(bin_dir, name)
        if not os.path.isfile(elf) or not is_elf(elf):
            continue
        rel_input = os.path.join("inputs", name + ".in")
        input_path = os.path.join(GUESTS, rel_input)
        if not os.path.isfile(input_path):
            rel_input, input_path = None, None

        first = run_guest(qemu, elf, input_path)
        second = run_guest(qemu, elf, input_path)
        if first != second:
            sys.exit(f"{name}: two runs under qemu-mips differ; the guest is not deterministic")
        stdout, stderr, public, code = first
        if code < 0:
            sys.exit(f"{name}: killed by signal {-code}\n{stderr.decode(errors='replace')}")
        if stderr:
            print(f"{name}: stderr: {stderr.decode(errors='replace').rstrip()}", file=sys.stderr)

        with open(elf, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        entries.append(
            {
                "name": name,
                "elf": "bin/" + name,
                "sha256": digest,
                "input": rel_input,
                "expectedStdout": stdout.decode("utf-8"),
                "publicOutputHex": public.hex(),
                "exitCode": code,
            }
        )
        print(f"  {name}: exit {code}, {len(stdout)} stdout bytes, {len(public)} public bytes", file=sys.stderr)

    text = json.dumps(entries, indent=2, ensure_ascii=True) + "\n"
    if check:
        with open(MANIFEST) as f:
            if f.read() != text:
                sys.exit("manifest.json is out of date; run scripts/build-guests.sh")
        print("manifest.json is up to date", file=sys.stderr)
        return
    with open(MANIFEST, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
