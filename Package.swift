// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-benchmarks", targets: ["SwitchboardBenchmarks"]),
        .library(name: "StreamBatching", targets: ["StreamBatching"]),
        .library(name: "GenesysCloud", targets: ["GenesysCloud"]),
        .library(name: "GenesysNotifications", targets: ["GenesysNotifications"]),
        .library(name: "GenesysEmulator", targets: ["GenesysEmulator"]),
        .library(name: "SwitchboardPipeline", targets: ["SwitchboardPipeline"]),
        .library(name: "SwitchboardSinks", targets: ["SwitchboardSinks"]),
        .library(name: "SwitchboardDaemon", targets: ["SwitchboardDaemon"]),
        .library(name: "Wallboard", targets: ["Wallboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // 3.x or 4.x: the graph already resolves 4.x through other packages; only HMAC is used.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The durable outbox's SQLite store; needs libsqlite3-dev (scripts/test.sh installs it).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The daemon's configuration file; read through its node API to keep line numbers.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The hand-off between stages that takes every waiting element at once.
        .target(name: "StreamBatching"),
        .target(name: "CAllocator"),
        .target(
            name: "GenesysCloud",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "GenesysNotifications",
            dependencies: [
                "GenesysCloud",
                "StreamBatching",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "GenesysEmulator",
            dependencies: [
                "StreamBatching",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SwitchboardPipeline",
            dependencies: [
                "GenesysCloud",
                "GenesysNotifications",
                "StreamBatching",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "SwitchboardSinks",
            dependencies: [
                "SwitchboardPipeline",
                "GenesysNotifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The live web page over the views: snapshots, the page, and its routes.
        .target(
            name: "Wallboard",
            dependencies: [
                "SwitchboardPipeline",
                // Dates in the snapshot's JSON are written as the pipeline's records write them.
                "GenesysNotifications",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // Open event streams end when the application shuts down gracefully.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The daemon's composition: configuration, the runtime (client → pipeline → sinks), its HTTP
        // endpoints and metrics export. A library so tests drive it in-process.
        .target(
            name: "SwitchboardDaemon",
            dependencies: [
                "CAllocator",
                "GenesysCloud",
                "GenesysNotifications",
                "StreamBatching",
                "SwitchboardPipeline",
                "SwitchboardSinks",
                "Wallboard",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Used only by SwitchboardSinksTests' kill -9 test: a child process to SIGKILL mid-delivery.
        .executableTarget(
            name: "switchboard-outbox-probe",
            dependencies: ["SwitchboardSinks", .product(name: "Logging", package: "swift-log")],
            path: "Sources/OutboxProbe"
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "StreamBatching",
                "GenesysCloud",
                "GenesysNotifications",
                "GenesysEmulator",
                "SwitchboardPipeline",
                "SwitchboardSinks",
                "SwitchboardDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "SwitchboardBenchmarks",
            dependencies: [
                "GenesysCloud",
                "GenesysNotifications",
                "GenesysEmulator",
                "SwitchboardPipeline",
                "SwitchboardSinks",
                "SwitchboardDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "StreamBatchingTests",
            dependencies: ["StreamBatching"]
        ),
        .testTarget(
            name: "GenesysCloudTests",
            dependencies: ["GenesysCloud"]
        ),
        .testTarget(
            name: "GenesysNotificationsTests",
            dependencies: ["GenesysNotifications"]
        ),
        .testTarget(
            name: "GenesysEmulatorTests",
            dependencies: [
                "GenesysCloud",
                "GenesysEmulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "WSClient", package: "swift-websocket"),
            ]
        ),
        .testTarget(
            name: "SwitchboardPipelineTests",
            dependencies: [
                "GenesysCloud",
                "GenesysNotifications",
                "SwitchboardPipeline",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "SwitchboardSinksTests",
            dependencies: [
                "SwitchboardSinks",
                // Built before the tests run; the kill -9 test launches it as a child process.
                "switchboard-outbox-probe",
                "SwitchboardPipeline",
                "GenesysNotifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The outbox tests write foreign and future-schema SQLite files.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SwitchboardDaemonTests",
            dependencies: [
                "SwitchboardDaemon",
                "StreamBatching",
                "GenesysCloud",
                "GenesysEmulator",
                "GenesysNotifications",
                "SwitchboardPipeline",
                "SwitchboardSinks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "WallboardTests",
            dependencies: [
                "Wallboard",
                // The daemon's page against the emulator, as the demo serves it.
                "SwitchboardDaemon",
                "GenesysCloud",
                "GenesysEmulator",
                "SwitchboardPipeline",
                "GenesysNotifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The headless-browser tests drive Chromium over the DevTools protocol.
                .product(name: "WSClient", package: "swift-websocket"),
            ]
        ),
        .testTarget(
            name: "SwitchboardIntegrationTests",
            dependencies: [
                "GenesysCloud",
                "GenesysNotifications",
                "GenesysEmulator",
                "SwitchboardPipeline",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
