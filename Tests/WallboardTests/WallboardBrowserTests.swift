import Foundation
import Testing
import Wallboard

@Suite(
    "Wallboard: the page in a real headless Chromium", .serialized,
    .enabled(
        if: Chromium.isInstalled,
        "Chromium is not installed, so the browser tests are skipped: run scripts/test.sh or `apt-get install chromium`"
    ))
struct WallboardBrowserTests {
    /// What the page shows, read from its `data-` attributes: per tile and card the text of each
    /// field, and the raw `data-value` where the text is formatted.
    static let readBoard = """
        (() => {
          const field = (root, name) => root.querySelector('[data-field="' + name + '"]');
          const text = (root, name) => { const node = field(root, name); return node ? node.textContent : null; };
          const value = (root, name) => { const node = field(root, name); return node ? node.dataset.value : null; };
          return {
            sequence: document.body.dataset.sequence,
            link: document.body.dataset.link,
            health: document.body.dataset.health,
            healthSummary: text(document.body, "healthSummary"),
            queues: Array.from(document.querySelectorAll("[data-queue-id]")).map((tile) => ({
              id: tile.dataset.queueId, name: text(tile, "name"), waiting: text(tile, "waiting"),
              longestWait: text(tile, "longestWait"), serviceLevel: text(tile, "serviceLevel"),
              agentsOnQueue: text(tile, "agentsOnQueue"), elements: tile.querySelectorAll("*").length
            })),
            agents: Array.from(document.querySelectorAll("[data-agent-id]")).map((card) => ({
              id: card.dataset.agentId, name: text(card, "name"), presence: text(card, "presence"),
              routingStatus: value(card, "routingStatus"), routingStatusText: text(card, "routingStatus"),
              status: card.dataset.status, secondsInState: Number(value(card, "timeInState")),
              elements: card.querySelectorAll("*").length
            }))
          };
        })()
        """

    /// Runs `body` with a server showing `box` and a browser on its page.
    static func withBoard(
        _ box: SnapshotBox, _ body: (ChromiumPage, WallboardTestServer) async throws -> Void
    ) async throws {
        let routes = WallboardRoutes(configuration: .init(updateInterval: .milliseconds(100))) { box.snapshot }
        try await WallboardTestServer.with(routes) { server in
            let browser = try await Chromium.launch()
            do {
                let page = try await browser.newPage()
                try await page.navigate(to: server.url())
                try await body(page, server)
                await browser.close()
            } catch {
                await browser.close()
                throw error
            }
        }
    }

    /// Reads the board until `condition` holds, for at most 20 s; returns what it read last.
    @discardableResult
    static func board(
        on page: ChromiumPage, until what: String, _ condition: (BrowserValue) -> Bool
    ) async throws -> BrowserValue {
        var last = BrowserValue.null
        do {
            try await eventually(what, within: .seconds(20)) {
                // A page between documents answers with an error: not there yet.
                last = (try? await page.evaluate(readBoard)) ?? .null
                return condition(last)
            }
        } catch {
            Issue.record("the page never showed \(what); it showed \(last)")
            throw error
        }
        return last
    }

    @Test("the page shows the snapshot's tiles and agents, counts time in state up, and follows updates live")
    func showsAndFollowsSnapshots() async throws {
        let box = SnapshotBox(SampleSnapshots.first())
        try await Self.withBoard(box) { page, _ in
            // The snapshot may come from the first fetch before the event stream opens: wait for both.
            let first = try await Self.board(on: page, until: "the first snapshot, live") { board in
                board["sequence"] == "1" && board["link"] == "live"
            }
            #expect(first["health"] == "healthy")
            #expect(first["healthSummary"] == "2 of 2 channels connected")

            let tiles = try #require(first["queues"].array)
            #expect(tiles.map { $0["id"] } == ["q-billing", "q-sales"])
            #expect(tiles[0]["name"] == "Billing")
            #expect(tiles[0]["waiting"] == "4")
            #expect(tiles[0]["longestWait"] == "1:15")
            #expect(tiles[0]["serviceLevel"] == "83%")
            #expect(tiles[0]["agentsOnQueue"] == "6")
            #expect(tiles[1]["waiting"] == "0")
            #expect(tiles[1]["longestWait"] == "–")
            #expect(tiles[1]["serviceLevel"] == "–")
            #expect(tiles[1]["agentsOnQueue"] == "2")

            let cards = try #require(first["agents"].array)
            #expect(cards.map { $0["id"] } == ["u-alice", "u-bob"])
            #expect(cards[0]["name"] == "Alice Archer")
            #expect(cards[0]["presence"] == "On Queue")
            #expect(cards[0]["routingStatus"] == "IDLE")
            #expect(cards[0]["routingStatusText"] == "Idle")
            #expect(cards[0]["status"] == "routing-idle")
            #expect(cards[1]["presence"] == "Lunch")
            #expect(cards[1]["routingStatus"] == "OFF_QUEUE")
            #expect(cards[1]["status"] == "presence-meal")
            // Alice has been idle 65 s at the snapshot's time; the page counts on from there.
            let idle = try #require(cards[0]["secondsInState"].int)
            #expect(idle >= 65 && idle < 65 + 120)

            try await Self.board(on: page, until: "time in state counting up between snapshots") { board in
                board["sequence"] == "1" && (board["agents"][0]["secondsInState"].int ?? 0) > idle
            }

            box.update { snapshot in
                snapshot.sequence = 2
                snapshot.queues[0].waiting = 11
                snapshot.queues[0].longestWaitSeconds = 190
                snapshot.queues[1].waiting = 3
                snapshot.agents[0].routingStatus = "INTERACTING"
                snapshot.agents[0].routingStatusSince = snapshot.generatedAt.addingTimeInterval(-5)
                snapshot.agents.append(WallboardAgent(id: "u-carol", name: "Carol Cole", routingStatus: "IDLE"))
            }
            let second = try await Self.board(on: page, until: "the second snapshot") { $0["sequence"] == "2" }
            #expect(second["queues"][0]["waiting"] == "11")
            #expect(second["queues"][0]["longestWait"] == "3:10")
            #expect(second["queues"][1]["waiting"] == "3")
            #expect(second["agents"][0]["routingStatus"] == "INTERACTING")
            #expect(second["agents"][0]["status"] == "routing-interacting")
            #expect((second["agents"][0]["secondsInState"].int ?? -1) < 60)
            #expect(second["agents"].array?.map { $0["id"] } == ["u-alice", "u-bob", "u-carol"])
            #expect(second["link"] == "live")

            // Gone from the snapshot, gone from the page.
            box.update { snapshot in
                snapshot.sequence = 3
                snapshot.queues.removeLast()
                snapshot.agents.removeFirst()
            }
            let third = try await Self.board(on: page, until: "the third snapshot") { $0["sequence"] == "3" }
            #expect(third["queues"].array?.map { $0["id"] } == ["q-billing"])
            #expect(third["agents"].array?.map { $0["id"] } == ["u-bob", "u-carol"])
        }
    }

    @Test("when the server goes away the page says it is reconnecting, keeps the last board, and is live again once the server is back")
    func reconnects() async throws {
        let routes = { (box: SnapshotBox) in
            WallboardRoutes(configuration: .init(updateInterval: .milliseconds(100), reconnectDelay: .milliseconds(300))) {
                box.snapshot
            }
        }
        let before = SnapshotBox(SampleSnapshots.first())
        let browser = try await Chromium.launch()
        do {
            let page = try await browser.newPage()
            let port = try await WallboardTestServer.with(routes(before)) { server in
                try await page.navigate(to: server.url())
                try await Self.board(on: page, until: "the first snapshot, live") {
                    $0["sequence"] == "1" && $0["link"] == "live"
                }
                try await server.shutDown()
                let away = try await Self.board(on: page, until: "the link marked reconnecting") {
                    $0["link"] == "reconnecting"
                }
                // What was on the board stays there, marked as not live.
                #expect(away["sequence"] == "1")
                #expect(away["queues"][0]["waiting"] == "4")
                #expect(try await page.evaluate("document.getElementById('link').textContent") == "reconnecting…")
                return server.port
            }

            var later = SampleSnapshots.first()
            later.sequence = 2
            later.queues[0].waiting = 9
            try await WallboardTestServer.with(routes(SnapshotBox(later)), port: port) { _ in
                let back = try await Self.board(on: page, until: "the server's new board, live again") {
                    $0["sequence"] == "2" && $0["link"] == "live"
                }
                #expect(back["queues"][0]["waiting"] == "9")
                #expect(try await page.evaluate("document.getElementById('link').textContent") == "live")
            }
            await browser.close()
        } catch {
            await browser.close()
            throw error
        }
    }

    @Test("names with markup in them show as text and run nothing")
    func namesAreText() async throws {
        let script = #"<script>window.injected = "queue"</script><b>Bold</b>"#
        let image = #"<img src="x" onerror="window.injected = 'agent'">Eve"#
        var snapshot = SampleSnapshots.first()
        snapshot.queues[0].name = script
        snapshot.agents[0].name = image
        let box = SnapshotBox(snapshot)
        try await Self.withBoard(box) { page, _ in
            let board = try await Self.board(on: page, until: "the snapshot") { $0["sequence"] == "1" }
            #expect(board["queues"][0]["name"] == .string(script))
            #expect(board["agents"][0]["name"] == .string(image))
            // Only the page's own elements: the names added none.
            let ownTile = board["queues"][1]["elements"]
            #expect(board["queues"][0]["elements"] == ownTile)
            #expect(board["agents"][0]["elements"] == board["agents"][1]["elements"])
            #expect(try await page.evaluate("typeof window.injected") == "undefined")
            #expect(try await page.evaluate("document.querySelectorAll('main b, main img, main script').length") == 0)
        }
    }
}
