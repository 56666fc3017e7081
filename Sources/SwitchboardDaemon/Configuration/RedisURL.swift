import Foundation

/// Reads a Redis sink's `url`: `redis://[user@]host[:port][/database]`. A password in the URL is
/// refused: it belongs in `passwordFile` or `passwordEnv`.
enum RedisURL {
    struct Parts {
        var host: String
        var port: Int
        var username: String?
        var database: Int
    }

    static let example = "redis://127.0.0.1:6379/0"

    static func read(_ value: SettingValue) -> Parts? {
        guard let text = value.text(describing: "a URL, such as \(example)") else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return value.fail("\(value.shown) is not a URL: write one such as \(example).")
        }
        if scheme == "rediss" {
            return value.fail(
                "\(value.shown) asks for TLS, which the Redis sink does not speak: use redis:// to a server on this "
                    + "host or a private network, or a local TLS tunnel.")
        }
        guard scheme == "redis" else {
            return value.fail("\(value.shown) is not a redis:// URL: write one such as \(example).")
        }
        if components.password != nil {
            return value.fail(
                "the URL carries a password: remove it from the URL and put it in a file named by passwordFile "
                    + "(chmod 600), or in an environment variable named by passwordEnv.")
        }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return value.fail("\(value.shown) has no host: write one such as \(example).") }
        guard components.query == nil, components.fragment == nil else {
            return value.fail("\(value.shown) has a query or fragment, which the sink does not read: remove it.")
        }
        let port = components.port ?? 6379
        guard (1...65_535).contains(port) else { return value.fail("port \(port) is out of range: use 1 to 65535.") }
        var database = 0
        let path = components.path
        if !path.isEmpty, path != "/" {
            guard let number = Int(path.dropFirst()), number >= 0, path.hasPrefix("/") else {
                return value.fail("\(quoted(path)) is not a database number: end the URL with /0, /1, ...")
            }
            database = number
        }
        return Parts(
            host: host, port: port, username: components.user.flatMap { $0.isEmpty ? nil : $0 }, database: database)
    }
}
