/// The wallboard page: one HTML document with its styles and script inline.
///
/// It needs nothing from another host (no fonts, scripts or styles from the web), so it works on
/// a network without internet access, and its content security policy says so to the browser.
/// The script loads `api/wallboard` at once, then follows `api/wallboard/events`; every text from
/// a snapshot reaches the page through `textContent`, never as markup, because names come from
/// another system.
///
/// Elements the tests (and anyone scripting the page) read carry stable attributes: the body's
/// `data-sequence`, `data-link` (`live`, `reconnecting`) and `data-health`; each tile's
/// `data-queue-id` and each card's `data-agent-id`; inside them `data-field` names the figure and
/// `data-value` holds it raw (seconds, percentages, status as the platform spells it), while the
/// text shows it formatted.
enum WallboardPage {
    /// Allows the inline styles and script and connections back to the page's own server, and
    /// nothing else.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
        + "img-src data:; base-uri 'none'; form-action 'none'"

    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Switchboard wallboard</title>
        <style>
        :root {
          --bg: #0b0f14; --panel: #151b23; --panel-2: #1c2430; --text: #e8edf3; --muted: #8b98a9;
          --green: #2ecc71; --blue: #3d9bff; --teal: #1abc9c; --amber: #f5a623; --red: #ff4d4f;
          --purple: #a77bff; --grey: #5c6b7d;
        }
        * { box-sizing: border-box; }
        html, body { margin: 0; background: var(--bg); color: var(--text); }
        body {
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          font-size: clamp(14px, 1.1vw, 22px); line-height: 1.25; padding: 1.2em 1.5em 2em;
        }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .8em 1.2em; margin-bottom: 1.2em; }
        h1 { font-size: 1.6em; margin: 0 auto 0 0; letter-spacing: .02em; }
        h2 { font-size: 1.05em; text-transform: uppercase; letter-spacing: .12em; color: var(--muted);
             margin: 1.4em 0 .6em; font-weight: 600; }
        .pill { display: inline-flex; align-items: center; gap: .5em; padding: .35em .9em; border-radius: 999px;
                background: var(--panel); font-weight: 600; white-space: nowrap; }
        .pill::before { content: ""; width: .7em; height: .7em; border-radius: 50%; background: var(--grey); }
        .pill .detail { color: var(--muted); font-weight: 400; }
        [data-health="healthy"] #health::before, [data-link="live"] #link::before { background: var(--green); }
        [data-health="degraded"] #health::before, [data-link="reconnecting"] #link::before { background: var(--amber); }
        [data-health="down"] #health::before { background: var(--red); }
        [data-link="reconnecting"] #link, [data-health="down"] #health { color: var(--amber); }
        #updated { color: var(--muted); font-variant-numeric: tabular-nums; }
        .grid { display: grid; gap: 1em; }
        #queues { grid-template-columns: repeat(auto-fill, minmax(19em, 1fr)); }
        #agents { grid-template-columns: repeat(auto-fill, minmax(16em, 1fr)); gap: .7em; }
        .empty { color: var(--muted); font-style: italic; }
        .tile { background: var(--panel); border-radius: .8em; padding: 1em 1.2em; border-top: .35em solid var(--grey); }
        .tile[data-level="ok"] { border-top-color: var(--green); }
        .tile[data-level="warn"] { border-top-color: var(--amber); }
        .tile[data-level="bad"] { border-top-color: var(--red); }
        .tile .name { font-size: 1.25em; font-weight: 700; overflow-wrap: anywhere; }
        .figures { display: grid; grid-template-columns: repeat(2, 1fr); gap: .6em 1em; margin-top: .7em; }
        .figure .label { display: block; color: var(--muted); font-size: .8em; text-transform: uppercase;
                         letter-spacing: .08em; }
        .figure .value { font-size: 2.3em; font-weight: 700; font-variant-numeric: tabular-nums; }
        .figure.waiting .value { font-size: 3.2em; }
        .tile[data-level="warn"] .waiting .value { color: var(--amber); }
        .tile[data-level="bad"] .waiting .value { color: var(--red); }
        .counts { margin-top: .7em; color: var(--muted); font-variant-numeric: tabular-nums; }
        .counts .count { white-space: nowrap; }
        .counts span[data-field] { color: var(--text); font-weight: 600; }
        .card { background: var(--panel); border-radius: .6em; padding: .7em .9em; border-left: .45em solid var(--grey);
                display: flex; flex-direction: column; gap: .15em; min-width: 0; }
        .card .row { display: flex; justify-content: space-between; align-items: baseline; gap: .6em; min-width: 0; }
        .card .name { flex: 1 1 auto; min-width: 0; font-weight: 700; overflow: hidden; text-overflow: ellipsis;
                      white-space: nowrap; }
        .card .time { flex: none; font-variant-numeric: tabular-nums; font-weight: 700; font-size: 1.15em; }
        .card .presence, .card .routing { color: var(--muted); font-size: .9em; overflow: hidden;
                                          text-overflow: ellipsis; white-space: nowrap; }
        .card .interactions { flex: none; color: var(--muted); font-size: .9em; }
        .card[data-status="routing-idle"] { border-left-color: var(--green); }
        .card[data-status="routing-interacting"] { border-left-color: var(--blue); }
        .card[data-status="routing-communicating"] { border-left-color: var(--teal); }
        .card[data-status="routing-not_responding"] { border-left-color: var(--red); background: #2a1518; }
        .card[data-status="presence-available"] { border-left-color: #7fd6a4; }
        .card[data-status="presence-break"], .card[data-status="presence-meal"] { border-left-color: var(--amber); }
        .card[data-status="presence-away"], .card[data-status="presence-idle"] { border-left-color: #d9c36a; }
        .card[data-status="presence-busy"], .card[data-status="presence-meeting"],
        .card[data-status="presence-training"] { border-left-color: var(--purple); }
        .card[data-status="presence-offline"] { opacity: .55; }
        </style>
        </head>
        <body data-sequence="" data-link="reconnecting" data-health="connecting">
        <header>
          <h1>Switchboard</h1>
          <span class="pill" id="health" data-field="health">
            <span data-field="healthSummary">Connecting</span>
            <span class="detail" data-field="healthDetail"></span>
          </span>
          <span class="pill" id="link" data-field="link">reconnecting…</span>
          <span id="updated" data-field="updated"></span>
        </header>
        <main id="board">
          <h2>Queues</h2>
          <section class="grid" id="queues"><p class="empty">Waiting for data…</p></section>
          <h2>Agents</h2>
          <section class="grid" id="agents"><p class="empty">Waiting for data…</p></section>
        </main>
        <script>
        "use strict";
        (function () {
          const queuesRoot = document.getElementById("queues");
          const agentsRoot = document.getElementById("agents");
          const tiles = new Map();
          const cards = new Map();
          let current = null;
          // Server time minus this browser's time, so timers count from the server's clock.
          let clockOffset = 0;

          function el(tag, className, field) {
            const node = document.createElement(tag);
            if (className) node.className = className;
            if (field) node.dataset.field = field;
            return node;
          }

          function setField(root, field, text, value) {
            const node = root.querySelector('[data-field="' + field + '"]');
            if (!node) return;
            if (node.textContent !== text) node.textContent = text;
            const raw = value === null || value === undefined ? "" : String(value);
            if (node.dataset.value !== raw) node.dataset.value = raw;
          }

          function clock(seconds) {
            if (seconds === null || seconds === undefined || !isFinite(seconds)) return "–";
            seconds = Math.max(0, Math.floor(seconds));
            const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
            const ss = String(s).padStart(2, "0");
            return h > 0 ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
          }

          function count(n) { return n === null || n === undefined ? "–" : String(n); }

          function words(status) {
            if (!status) return "–";
            return status.split(/[_ ]+/).filter(Boolean)
              .map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(); }).join(" ");
          }

          function figure(className, label, field) {
            const box = el("div", "figure " + className);
            const name = el("span", "label");
            name.textContent = label;
            box.append(name, el("span", "value", field));
            return box;
          }

          function makeTile(id) {
            const tile = el("article", "tile");
            tile.dataset.queueId = id;
            const figures = el("div", "figures");
            figures.append(
              figure("waiting", "Waiting", "waiting"),
              figure("longest", "Longest wait", "longestWait"),
              figure("service", "Service level", "serviceLevel"),
              figure("onqueue", "Agents on queue", "agentsOnQueue"));
            const counts = el("div", "counts");
            [["interacting", "interacting"], ["offered", "offered"], ["answered", "answered"],
             ["abandoned", "abandoned"]].forEach(function (pair, index) {
              const item = el("span", "count");
              item.append(el("span", null, pair[0]), document.createTextNode(" " + pair[1]));
              if (index > 0) counts.append(document.createTextNode(" · "));
              counts.append(item);
            });
            tile.append(el("div", "name", "name"), figures, counts);
            return tile;
          }

          function level(queue) {
            const sl = queue.serviceLevelPercent, wait = queue.longestWaitSeconds;
            if ((sl !== null && sl < 60) || (wait !== null && wait >= 180)) return "bad";
            if ((sl !== null && sl < 80) || (wait !== null && wait >= 60)) return "warn";
            return queue.waiting > 0 || sl !== null ? "ok" : "idle";
          }

          function updateTile(tile, q) {
            setField(tile, "name", q.name, q.name);
            setField(tile, "waiting", String(q.waiting), q.waiting);
            setField(tile, "longestWait", clock(q.longestWaitSeconds), q.longestWaitSeconds);
            const sl = q.serviceLevelPercent;
            setField(tile, "serviceLevel", sl === null ? "–" : Math.round(sl) + "%", sl);
            setField(tile, "agentsOnQueue", String(q.agentsOnQueue), q.agentsOnQueue);
            setField(tile, "interacting", String(q.interacting), q.interacting);
            setField(tile, "offered", count(q.offered), q.offered);
            setField(tile, "answered", count(q.answered), q.answered);
            setField(tile, "abandoned", count(q.abandoned), q.abandoned);
            tile.dataset.level = level(q);
          }

          function makeCard(id) {
            const card = el("article", "card");
            card.dataset.agentId = id;
            const top = el("div", "row"), middle = el("div", "row"), bottom = el("div", "row");
            top.append(el("div", "name", "name"), el("div", "time", "timeInState"));
            middle.append(el("div", "presence", "presence"));
            bottom.append(el("div", "routing", "routingStatus"), el("div", "interactions", "interactions"));
            card.append(top, middle, bottom);
            return card;
          }

          // On queue, the routing status says what an agent does; off queue, the presence does.
          function agentState(a) {
            const routed = a.routingStatus && (a.systemPresence === "ON_QUEUE" || a.routingStatus !== "OFF_QUEUE");
            if (routed) return { status: "routing-" + a.routingStatus.toLowerCase(), since: a.routingStatusSince };
            if (a.systemPresence) return { status: "presence-" + a.systemPresence.toLowerCase(), since: a.presenceSince };
            return { status: "unknown", since: null };
          }

          function updateCard(card, a) {
            setField(card, "name", a.name, a.name);
            setField(card, "presence", a.presence || "–", a.systemPresence);
            setField(card, "routingStatus", words(a.routingStatus), a.routingStatus);
            const plural = a.interactions === 1 ? " interaction" : " interactions";
            setField(card, "interactions", a.interactions > 0 ? a.interactions + plural : "", a.interactions);
            const state = agentState(a);
            card.dataset.status = state.status;
            card.dataset.since = state.since || "";
            tick(card);
          }

          function tick(card) {
            const since = card.dataset.since ? Date.parse(card.dataset.since) : NaN;
            const seconds = isNaN(since) ? null : (Date.now() + clockOffset - since) / 1000;
            setField(card, "timeInState", clock(seconds), seconds === null ? null : Math.max(0, Math.floor(seconds)));
          }

          // Keyed: existing elements are updated in place and moved into the snapshot's order.
          function reconcile(root, items, nodes, make, update, emptyText) {
            const seen = new Set();
            items.forEach(function (item) {
              let node = nodes.get(item.id);
              if (!node) { node = make(item.id); nodes.set(item.id, node); }
              update(node, item);
              seen.add(item.id);
            });
            nodes.forEach(function (node, id) { if (!seen.has(id)) { node.remove(); nodes.delete(id); } });
            const wanted = items.map(function (item) { return nodes.get(item.id); });
            if (wanted.length === 0) {
              const empty = el("p", "empty");
              empty.textContent = emptyText;
              root.replaceChildren(empty);
            } else if (wanted.some(function (node, i) { return root.children[i] !== node; })
                       || root.children.length !== wanted.length) {
              root.replaceChildren.apply(root, wanted);
            }
          }

          function apply(snapshot) {
            const generated = Date.parse(snapshot.generatedAt);
            if (current && generated < Date.parse(current.generatedAt)) return;
            current = snapshot;
            if (!isNaN(generated)) clockOffset = generated - Date.now();
            const health = snapshot.health;
            document.body.dataset.health = health.state;
            setField(document.body, "healthSummary", health.summary, health.state);
            const rate = (Math.round(health.eventsPerSecond * 10) / 10) + " events/s";
            const details = ["channels " + health.channelsConnected + "/" + health.channelsTotal, rate];
            if (health.gaps > 0) details.push(health.gaps === 1 ? "1 gap" : health.gaps + " gaps");
            setField(document.body, "healthDetail", details.join(" · "), null);
            const time = isNaN(generated) ? "" : new Date(generated).toLocaleTimeString();
            setField(document.body, "updated", time ? "Updated " + time : "", snapshot.generatedAt);
            reconcile(queuesRoot, snapshot.queues, tiles, makeTile, updateTile, "No queues yet");
            reconcile(agentsRoot, snapshot.agents, cards, makeCard, updateCard, "No agents yet");
            document.body.dataset.sequence = String(snapshot.sequence);
          }

          function setLink(live) {
            document.body.dataset.link = live ? "live" : "reconnecting";
            const text = live ? "live" : "reconnecting…";
            const link = document.getElementById("link");
            if (link.textContent !== text) link.textContent = text;
          }

          function load() {
            fetch("api/wallboard", { cache: "no-store" })
              .then(function (response) { return response.ok ? response.json() : null; })
              .then(function (snapshot) { if (snapshot) apply(snapshot); })
              .catch(function () {});
          }

          let source = null;
          function follow() {
            source = new EventSource("api/wallboard/events");
            source.addEventListener("snapshot", function (event) {
              setLink(true);
              try { apply(JSON.parse(event.data)); } catch (e) { console.error("bad snapshot", e); }
            });
            source.onopen = function () { setLink(true); };
            source.onerror = function () {
              setLink(false);
              // The browser retries a dropped stream by itself, but gives up after an answer
              // that is not an event stream (a proxy's error page, a server restarting).
              if (source.readyState === EventSource.CLOSED) {
                source.close();
                setTimeout(function () { load(); follow(); }, 3000);
              }
            };
          }

          load();
          follow();
          setInterval(function () { cards.forEach(tick); }, 1000);
        })();
        </script>
        </body>
        </html>
        """#
}
