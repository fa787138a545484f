#!/usr/bin/env bash
# Enforces DESIGN.md §3: each target may depend only on the targets its layer allows
# (dependencies point downward; MIPS imports nothing of ours; Stark/Commit know nothing of
# MIPS; only Continuation sees both the VM and the prover). Reads the package graph from
# `swift package describe --type json`, and also checks `import` lines in the sources.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift package describe --type json 2>/dev/null | python3 -c '
import json, os, re, sys

# target -> targets of ours it may import (DESIGN.md §3). External products are checked apart.
allowed = {
    "Field": set(),
    "MIPS": set(),
    "Poseidon": {"Field"},
    "Constraints": {"Field"},
    "Commit": {"Field", "Poseidon"},
    "Tables": {"Field", "Constraints", "MIPS"},
    "Stark": {"Field", "Poseidon", "Commit", "Constraints"},
    "Recursion": {"Field", "Poseidon", "Commit", "Constraints", "Stark"},
    "Continuation": {"Field", "Poseidon", "Commit", "Constraints", "Stark", "Recursion", "Tables", "MIPS"},
    "ZKMips": {"Continuation", "Field", "Poseidon", "Commit", "Constraints", "Stark", "Recursion", "Tables", "MIPS"},
    "ZKMipsCLI": {"ZKMips"},
    # Test support (Tests/ExampleMachines), not shipped: AIR fixtures only.
    "ExampleMachines": {"Field", "Constraints"},
}
external = {"ZKMipsCLI": {"ArgumentParser"}}
package = json.load(sys.stdin)
ours = {t["name"] for t in package["targets"]}
errors = []
for target in package["targets"]:
    name = target["name"]
    if target.get("type") == "test":
        continue
    if name not in allowed:
        errors.append(f"{name}: not in DESIGN.md §3 layer table")
        continue
    deps = set(target.get("target_dependencies", []))
    products = set(target.get("product_dependencies", []))
    for dep in sorted(deps - allowed[name]):
        errors.append(f"{name} depends on {dep}, which its layer may not import")
    for product in sorted(products - external.get(name, set())):
        errors.append(f"{name} depends on external product {product}; core targets use the Swift toolchain only")
    # Imports in the sources must agree with the declared graph.
    for dirpath, _, files in os.walk(target["path"]):
        for file in files:
            if not file.endswith(".swift"):
                continue
            for line in open(os.path.join(dirpath, file), encoding="utf-8"):
                m = re.match(r"\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(\w+)", line)
                if m and m.group(1) in ours and m.group(1) != name and m.group(1) not in allowed[name]:
                    errors.append(f"{os.path.join(dirpath, file)} imports {m.group(1)}, not allowed for {name}")
if errors:
    print("layer check failed:")
    print("\n".join("  " + e for e in errors))
    sys.exit(1)
checked = [t for t in package["targets"] if t.get("type") != "test"]
print(f"layers ok ({len(checked)} targets)")
'
