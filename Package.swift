// swift-tools-version:6.3
// zkmips — a zero-knowledge virtual machine for MIPS32. Layout and dependency rules: DESIGN.md §3
// (enforced by scripts/check-layers.sh).
import PackageDescription

/// Release builds of the hot loops want whole-module optimisation and no exclusivity checks.
/// Debug builds of the cryptographic core are optimised too: `swift test` proves real tables
/// (a 2^16-row range table, Merkle trees of 2^17 leaves), 10–100× slower at -Onone. The
/// interpreter and the tables stay at -Onone in debug builds, where debugging happens.
let fastSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]
let optimisedCoreSettings: [SwiftSetting] = fastSettings + [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "zkmips",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ZKMips", targets: ["ZKMips"]),
        .executable(name: "zkmips", targets: ["ZKMipsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // L0: the MIPS32 virtual machine. Imports nothing of ours.
        .target(name: "MIPS", swiftSettings: fastSettings),
        // L0: Goldilocks, its quadratic extension, NTT/LDE, polynomials, matrices, parallelFor.
        .target(name: "Field", swiftSettings: optimisedCoreSettings),
        // L1: the Poseidon permutation, sponge, compression and digests.
        .target(name: "Poseidon", dependencies: ["Field"], swiftSettings: optimisedCoreSettings),
        // L1: AIR, builders, the symbolic constraint DAG and the trace checker.
        .target(name: "Constraints", dependencies: ["Field"], swiftSettings: optimisedCoreSettings),
        // L2: Merkle commitments, the Fiat–Shamir challenger, grinding and FRI.
        .target(name: "Commit", dependencies: ["Field", "Poseidon"], swiftSettings: optimisedCoreSettings),
        // L2: the MIPS arithmetization (docs/mips-tables.md): tables, buses, trace generation.
        .target(name: "Tables", dependencies: ["Field", "Constraints", "MIPS"], swiftSettings: fastSettings),
        // L3: the multi-table STARK prover and verifier with LogUp buses, proof format.
        .target(name: "Stark", dependencies: ["Field", "Poseidon", "Commit", "Constraints"], swiftSettings: optimisedCoreSettings),
        // L5: segments → proofs (and, with the continuation issue, receipts).
        .target(name: "Continuation", dependencies: ["MIPS", "Field", "Stark", "Tables"]),
        // L6: the public façade.
        .target(name: "ZKMips", dependencies: ["MIPS", "Field", "Poseidon", "Commit", "Constraints", "Stark", "Tables", "Continuation"]),
        // L7: the command-line interface.
        .executableTarget(
            name: "ZKMipsCLI",
            dependencies: [
                "ZKMips",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MIPSTests", dependencies: ["MIPS"]),
        .testTarget(name: "FieldTests", dependencies: ["Field"]),
        .testTarget(name: "PoseidonTests", dependencies: ["Poseidon", "Field"]),
        .testTarget(name: "CommitTests", dependencies: ["Commit", "Poseidon", "Field"]),
        // Test support, not shipped: the example machines the constraint and STARK tests share.
        .target(name: "ExampleMachines", dependencies: ["Constraints", "Field"], path: "Tests/ExampleMachines"),
        .testTarget(name: "ConstraintsTests", dependencies: ["Constraints", "Field", "ExampleMachines"]),
        .testTarget(name: "StarkTests", dependencies: ["Stark", "Constraints", "Commit", "Field", "ExampleMachines"], exclude: ["Fixtures"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "Stark", "Constraints", "Field", "MIPS"]),
        .testTarget(name: "ContinuationTests", dependencies: ["Continuation", "Tables", "Stark", "Commit", "Field", "MIPS"], exclude: ["Fixtures"]),
        .testTarget(name: "ZKMipsTests", dependencies: ["ZKMips"]),
        // Runs the built `zkmips` executable as a user would.
        .testTarget(name: "ZKMipsCLITests", dependencies: ["ZKMipsCLI", "ZKMips"]),
    ]
)
