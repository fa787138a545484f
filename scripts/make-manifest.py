#!/usr/bin/env python3
"""Regenerates mips-guests/manifest.json from the ELFs in mips-guests/bin.

The last entry describes the kernel, bin/zkmips-kernel ("kind": "kernel": its
sha256, not run). Each guest `bin/<name>` (go-*, c-*, cglibc-*) is run
under qemu-mips with an empty environment, stdin from `inputs/<name>.in`
(when that file exists, else /dev/null) and fd 3 (the public output)
redirected to a file. The manifest records the
ELF's sha256, the exact stdout, the fd-3 bytes in hex and the exit code.
Every guest is run twice and must behave identically both times.

A guest killed by a signal is recorded with exitCode = 128 + signal number,
the status a POSIX shell reports (and what `zkmips execute` returns).

Where qemu-mips (the oracle) is known to differ from real Linux for a guest,
LINUX_OVERRIDES below says how, and why; the manifest then records what Linux
does, since that is what zkmips must do. qemu's own answer is still checked:
if it no longer shows the documented difference, this script fails, so a
stale override cannot hide a change.

Python standard library only. Usage:
  scripts/make-manifest.py                write manifest.json
  scripts/make-manifest.py --check        compare against the existing manifest instead
  scripts/make-manifest.py --linux-view NAME STDOUT_FILE STATUS
      for scripts/differential.sh: given qemu's stdout (file, rewritten in
      place) and shell exit status for guest NAME, print the status Linux
      gives and turn the stdout into Linux's; exit 1 if qemu's answer is not
      the documented one. Guests without an override pass through unchanged.
"""
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUESTS = os.path.join(ROOT, "mips-guests")
MANIFEST = os.path.join(GUESTS, "manifest.json")
TIMEOUT_SECONDS = 300
GUEST_PREFIXES = ("go-", "c-", "cglibc-")  # bin/ also holds the kernel, which is not a guest

# Guests for which qemu-mips 7.2 gives another answer than Linux. Per guest:
#   reason      why they differ (kept in sync with mips-guests/README.md)
#   qemuExitCode / exitCode
#               qemu's shell status and the one Linux gives
#   stdout      [(qemu line, Linux line), ...]: whole lines of stdout, each of
#               which must occur exactly once in qemu's output
LINUX_OVERRIDES = {
    "cglibc-divzero": {
        "reason": "gcc's divide-by-zero check `teq rs, $zero, 7` raises SIGFPE on Linux "
        "(arch/mips do_tr: trap code 7 = BRK_DIVZERO -> SIGFPE, FPE_INTDIV); qemu-mips 7.2 "
        "ignores the code field: every trap instruction gives SIGTRAP (SI_KERNEL) and every "
        "`break` SIGTRAP (TRAP_BRKPT)",
        "qemuExitCode": 128 + 5,  # SIGTRAP
        "exitCode": 128 + 8,  # SIGFPE
    },
    "cglibc-signals": {
        "reason": "the division by zero arrives as SIGTRAP under qemu-mips 7.2 (see "
        "cglibc-divzero); and qemu-mips neither saves FCSR in the signal frame (the handler "
        "sees sc_fpc_csr = 0) nor restores it on sigreturn, so a handler's rounding mode "
        "leaks out, while Linux saves it in sc_fpc_csr and restores it",
        "stdout": [
            (
                "division by zero: SIGTRAP, si_code 128 (SI_KERNEL), si_addr = trapping pc: no",
                "division by zero: SIGFPE, si_code 1 (FPE_INTDIV), si_addr = trapping pc: yes",
            ),
            (
                "FCSR rounding mode restored: no",
                "FCSR rounding mode restored: yes",
            ),
        ],
    },
}


class OverrideMismatch(Exception):
    pass


def linux_view(name, stdout, code):
    """Turns qemu's (stdout bytes, exit status) for guest `name` into what Linux gives."""
    override = LINUX_OVERRIDES.get(name)
    if override is None:
        return stdout, code
    if "qemuExitCode" in override:
        if code != override["qemuExitCode"]:
            raise OverrideMismatch(
                f"{name}: qemu-mips exited with {code}, not the documented {override['qemuExitCode']}; "
                "update LINUX_OVERRIDES in scripts/make-manifest.py"
            )
        code = override["exitCode"]
    lines = stdout.decode("utf-8").split("\n")
    for qemu_line, linux_line in override.get("stdout", []):
        hits = [i for i, line in enumerate(lines) if line == qemu_line]
        if len(hits) != 1:
            raise OverrideMismatch(
                f"{name}: expected qemu-mips to print this line once, found it {len(hits)} times: {qemu_line!r}; "
                "update LINUX_OVERRIDES in scripts/make-manifest.py"
            )
        lines[hits[0]] = linux_line
    return "\n".join(lines).encode("utf-8"), code


def no_core_dumps():
    # qemu-mips writes a core file for a guest killed by a signal when allowed.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


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
                preexec_fn=no_core_dumps,
            )
        with open(public, "rb") as f:
            public_bytes = f.read()
    code = proc.returncode
    if code < 0:
        code = 128 - code  # killed by signal -code: the status a shell reports
    return proc.stdout, proc.stderr, public_bytes, code


def linux_view_command(args):
    """--linux-view NAME STDOUT_FILE STATUS (see the module docstring)."""
    if len(args) != 3:
        sys.exit("usage: make-manifest.py --linux-view NAME STDOUT_FILE STATUS")
    name, stdout_file, status = args
    with open(stdout_file, "rb") as f:
        stdout = f.read()
    try:
        stdout, code = linux_view(name, stdout, int(status))
    except OverrideMismatch as e:
        print(e, file=sys.stderr)
        sys.exit(1)
    with open(stdout_file, "wb") as f:
        f.write(stdout)
    print(code)


def main():
    if sys.argv[1:2] == ["--linux-view"]:
        linux_view_command(sys.argv[2:])
        return
    check = "--check" in sys.argv[1:]
    qemu = shutil.which("qemu-mips")
    if qemu is None:
        sys.exit("qemu-mips not found (apt-get install qemu-user)")

    bin_dir = os.path.join(GUESTS, "bin")
    entries = []
    for name in sorted(os.listdir(bin_dir)):
        elf = os.path.join(bin_dir, name)
        if not name.startswith(GUEST_PREFIXES) or not os.path.isfile(elf) or not is_elf(elf):
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
        if stderr:
            print(f"{name}: stderr: {stderr.decode(errors='replace').rstrip()}", file=sys.stderr)
        qemu_code = code
        try:
            stdout, code = linux_view(name, stdout, code)
        except OverrideMismatch as e:
            sys.exit(str(e))

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
        note = ""
        if name in LINUX_OVERRIDES:
            replaced = len(LINUX_OVERRIDES[name].get("stdout", []))
            note = f" (Linux; qemu-mips: exit {qemu_code}, {replaced} stdout line(s) differ)"
        print(
            f"  {name}: exit {code}, {len(stdout)} stdout bytes, {len(public)} public bytes{note}",
            file=sys.stderr,
        )

    # The kernel is described, not run: it is part of every guest's image.
    kernel = os.path.join(bin_dir, "zkmips-kernel")
    if os.path.isfile(kernel):
        with open(kernel, "rb") as f:
            entries.append(
                {
                    "name": "zkmips-kernel",
                    "kind": "kernel",
                    "elf": "bin/zkmips-kernel",
                    "sha256": hashlib.sha256(f.read()).hexdigest(),
                    "description": "the in-guest kernel (mips-guests/kernel), loaded beside every guest "
                    "and embedded in zkmips; built by scripts/build-kernel.sh",
                }
            )

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
