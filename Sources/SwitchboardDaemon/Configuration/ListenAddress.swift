/// Reads `host:port` (`127.0.0.1:8080`, `[::1]:8080`, `localhost:0`).
enum ListenAddress {
    static let hint = "write host:port, such as 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one)"

    enum Problem: Error, Equatable {
        case noPort
        case badPort(String)
        case badHost(String)
        case unbracketedIPv6
    }

    static func parse(_ text: String) -> Result<(host: String, port: Int), Problem> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.badHost(text)) }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(.noPort) }
            portText = rest.dropFirst()
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return .failure(.badHost(String(host)))
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(.noPort) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { return .failure(.unbracketedIPv6) }
            guard !host.isEmpty,
                host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
            else { return .failure(.badHost(String(host))) }
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber), portText.count <= 5,
            let port = Int(portText), port <= 65_535
        else { return .failure(.badPort(String(portText))) }
        return .success((String(host), port))
    }
}
