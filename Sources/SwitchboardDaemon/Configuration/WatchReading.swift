import Foundation
import GenesysNotifications

/// Reads `watch:`.
enum WatchReading {
    static let refreshRange = Duration.seconds(10)...Duration.seconds(86_400)

    static func read(_ section: SectionReader) -> WatchSettings {
        let queuesSection = section.section("queues")
        let usersSection = section.section("users")
        let queues = selection(queuesSection)
        let users = selection(usersSection)
        // Ids or names given but unusable are reported as such, not as nothing watched.
        let queuesGiven = !queues.isEmpty || queuesSection.has("ids") || queuesSection.has("names")
        let usersGiven = !users.isEmpty || usersSection.has("ids") || usersSection.has("names")
        var settings = WatchSettings(queues: queues, users: users)
        if let refresh = section.value("refresh")?.duration(in: refreshRange) { settings.refresh = refresh }

        if let values = section.values("families"), values.isEmpty, let entry = section.entry("families") {
            section.log.report(
                entry.node.origin, section.path.appending("families"),
                "is empty: list the families to watch, or remove families for the defaults "
                    + "(\(WatchSettings.defaultFamilies(queues: true, users: true).map(\.rawValue).joined(separator: ", ")))."
            )
        } else if let values = section.values("families") {
            var families: [TopicFamily] = []
            for value in values {
                guard let family = value.choice(TopicFamily.self) else { continue }
                if family.subject == .conversation {
                    value.log.report(
                        value.origin, value.path,
                        "\(family.rawValue) topics name one conversation each, so they cannot be watched by queue or user: "
                            + "use queueConversations or userConversations.")
                    continue
                }
                let watched = family.subject == .queue ? queuesGiven : usersGiven
                if !watched {
                    let subject = family.subject == .queue ? "queues" : "users"
                    value.log.report(
                        value.origin, value.path,
                        "\(family.rawValue) topics are per \(subject.dropLast()), but no \(subject) are watched: add "
                            + "watch.\(subject).ids or watch.\(subject).names, or remove \(family.rawValue).")
                    continue
                }
                if !families.contains(family) { families.append(family) }
            }
            settings.families = families
        }

        if !queuesGiven, !usersGiven, !section.isMalformed, !queuesSection.isMalformed, !usersSection.isMalformed {
            section.log.report(
                section.origin, section.path,
                "nothing to watch: list queues or users by id or name, such as watch.queues.names: [\"Support*\"].")
        }
        return settings
    }

    private static func selection(_ section: SectionReader) -> WatchSettings.Selection {
        var selection = WatchSettings.Selection()
        for value in section.values("ids") ?? [] {
            let text = value.text.trimmingCharacters(in: .whitespaces)
            guard text.count == 36, let id = UUID(uuidString: text) else {
                value.log.report(
                    value.origin, value.path,
                    "\(value.shown) is not an id: ids are UUIDs such as 0e185c02-aca1-4a72-82ea-2e78684e2c89; "
                        + "to select by name, use names.")
                continue
            }
            if !selection.ids.contains(id) { selection.ids.append(id) }
        }
        for value in section.values("names") ?? [] {
            guard let text = value.text(describing: "a name pattern, such as Support*") else { continue }
            let pattern = NamePattern(text)
            if !selection.names.contains(pattern) { selection.names.append(pattern) }
        }
        return selection
    }
}
