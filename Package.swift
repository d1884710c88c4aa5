// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Caseflow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "caseflow", targets: ["caseflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // libyaml, the C YAML parser (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML text → node tree where every node knows its file, line and column.
        .target(name: "CaseflowYAML", dependencies: ["CYAML"]),
        // CEL-subset expressions and decision tables. Pure: no I/O.
        .target(name: "CaseflowRules"),
        // Typed definitions, validation, diagnostics, calendars, durations.
        .target(name: "CaseflowModel", dependencies: ["CaseflowYAML", "CaseflowRules"]),
        // Reads definition files from disk for the CLI and the daemon.
        .target(name: "CaseflowFiles", dependencies: ["CaseflowModel"]),
        // Pure engine: (state, command, now) → events | refusal.
        .target(name: "CaseflowEngine", dependencies: ["CaseflowModel", "CaseflowRules", "CaseflowYAML"]),
        // Cases, events with their hash chain, timers, definitions: in memory and on SQLite.
        .target(
            name: "CaseflowStore",
            dependencies: [
                "CaseflowEngine", "CaseflowModel", "CaseflowRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Views of the definitions: the process document and the flow graph with its renderers.
        .target(name: "CaseflowDocs", dependencies: ["CaseflowModel", "CaseflowYAML"]),
        // KPI reports computed from case histories. Pure: no I/O.
        .target(name: "CaseflowReports", dependencies: ["CaseflowEngine", "CaseflowModel", "CaseflowRules"]),
        // The store on PostgreSQL, for several daemons sharing one database.
        .target(
            name: "CaseflowPostgres",
            dependencies: [
                "CaseflowStore", "CaseflowEngine", "CaseflowModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon: HTTP API, auth, timer service, webhooks, reload, metrics, lifecycle.
        .target(
            name: "CaseflowServer",
            dependencies: [
                "CaseflowStore", "CaseflowEngine", "CaseflowModel", "CaseflowRules", "CaseflowFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        // Audit beside the server: the ledger as a Merkle tree, signed checkpoints, proofs, and
        // the daemon's checkpoint service and routes.
        .target(
            name: "CaseflowAudit",
            dependencies: [
                "CaseflowStore", "CaseflowModel", "CaseflowRules", "CaseflowServer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Notifications beside the server: the outbox dispatcher (signed webhooks, email over SMTP),
        // the people an escalation reaches, the inbox and the deliveries routes.
        .target(
            name: "CaseflowNotifications",
            dependencies: [
                "CaseflowStore", "CaseflowEngine", "CaseflowModel", "CaseflowRules", "CaseflowServer", "CaseflowYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The web console beside the server: server-rendered pages over the daemon's services.
        .target(
            name: "CaseflowConsole",
            dependencies: [
                "CaseflowServer", "CaseflowStore", "CaseflowEngine", "CaseflowModel", "CaseflowRules", "CaseflowDocs", "CaseflowReports",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command-line interface (every subcommand); `caseflow` only runs it.
        .target(
            name: "CaseflowCLI",
            dependencies: [
                "CaseflowModel", "CaseflowRules", "CaseflowEngine", "CaseflowFiles", "CaseflowStore", "CaseflowPostgres",
                "CaseflowServer", "CaseflowReports", "CaseflowAudit", "CaseflowNotifications", "CaseflowDocs",
                "CaseflowConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "caseflow", dependencies: ["CaseflowCLI"]),

        .testTarget(name: "CaseflowYAMLTests", dependencies: ["CaseflowYAML"]),
        .testTarget(name: "CaseflowRulesTests", dependencies: ["CaseflowRules"]),
        .testTarget(name: "CaseflowModelTests", dependencies: ["CaseflowModel", "CaseflowRules"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CaseflowEngineTests", dependencies: ["CaseflowEngine", "CaseflowStore"], exclude: ["Golden"]),
        .testTarget(name: "CaseflowStoreTests", dependencies: ["CaseflowStore", "CaseflowPostgres", "CaseflowFiles", "CaseflowTestSupport"]),
        .testTarget(
            name: "CaseflowServerTests",
            dependencies: [
                "CaseflowServer", "CaseflowFiles", "CaseflowTestSupport", .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CaseflowReportsTests",
            dependencies: [
                "CaseflowReports", "CaseflowEngine", "CaseflowModel", "CaseflowStore", "CaseflowCLI", "caseflow",
                "CaseflowTestSupport",
            ]
        ),
        .testTarget(
            name: "CaseflowNotificationsTests",
            dependencies: ["CaseflowNotifications", "CaseflowServer", "CaseflowStore", "CaseflowTestSupport", "caseflow",
                           .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // Runs the built `caseflow` executable for the tests that drive it as a user would.
        .target(name: "CaseflowTestSupport", dependencies: ["CaseflowStore", "CaseflowFiles", "CaseflowEngine"],
                path: "Tests/CaseflowTestSupport", exclude: ["smtp_sink.py"]),
        .testTarget(
            name: "CaseflowCLITests",
            dependencies: [
                "CaseflowCLI", "caseflow", "CaseflowTestSupport", "CaseflowAudit", "CaseflowDocs", .product(name: "Hummingbird", package: "hummingbird"),
            ],
            exclude: ["Golden"]
        ),
        // The console in a real browser (Debian's chromium and chromium-driver over WebDriver).
        .testTarget(
            name: "CaseflowConsoleTests",
            dependencies: ["CaseflowConsole", "CaseflowServer", "CaseflowDocs", "CaseflowTestSupport", "caseflow",
                           .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // Several real daemons on one PostgreSQL database (needs CASEFLOW_TEST_POSTGRES).
        .testTarget(
            name: "CaseflowPostgresTests",
            dependencies: ["CaseflowPostgres", "CaseflowServer", "CaseflowStore", "caseflow", "CaseflowTestSupport"]
        ),
    ]
)
