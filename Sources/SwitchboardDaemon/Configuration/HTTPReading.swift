import Foundation

/// Reads `http:`.
enum HTTPReading {
    static func read(_ section: SectionReader) -> HTTPSettings {
        var settings = HTTPSettings()
        if let value = section.value("address") {
            switch ListenAddress.parse(value.text.trimmingCharacters(in: .whitespaces)) {
            case .success(let address):
                settings.host = address.host
                settings.port = address.port
            case .failure(let problem):
                let what: String =
                    switch problem {
                    case .noPort: "\(value.shown) has no port"
                    case .badPort(let port): "\(quoted(port)) is not a port from 0 to 65535"
                    case .badHost(let host): "\(quoted(host)) is not a host name or address"
                    case .unbracketedIPv6: "\(value.shown) is an IPv6 address without brackets"
                    }
                value.log.report(value.origin, value.path, "\(what): \(ListenAddress.hint).")
            }
        }
        if let wallboard = section.value("wallboard")?.boolean() { settings.wallboard = wallboard }
        return settings
    }
}
