import Foundation

/// A Genesys Cloud region: where an organisation lives, and so which hosts serve it.
///
/// Hosts follow the platform rule: API at `api.<domain>`, login at `login.<domain>` and the
/// notification WebSocket at `streaming.<domain>`. The streaming host is only a hint; a client
/// always connects to the `connectUri` a channel hands out.
public struct Region: Sendable, Hashable, CustomStringConvertible {
    /// The SDK-style identifier, such as `us_east_1`.
    public let id: String
    /// The organisation's domain, such as `mypurecloud.com`.
    public let domain: String

    public init(id: String, domain: String) {
        self.id = id
        self.domain = domain
    }

    public var apiHost: String { "api.\(domain)" }
    public var loginHost: String { "login.\(domain)" }
    public var streamingHost: String { "streaming.\(domain)" }
    public var description: String { id }

    /// Every region the platform serves, in the order of the official SDKs' region tables.
    public static let all: [Region] = [
        Region(id: "us_east_1", domain: "mypurecloud.com"),
        Region(id: "us_east_2", domain: "use2.us-gov-pure.cloud"),
        Region(id: "us_west_2", domain: "usw2.pure.cloud"),
        Region(id: "ca_central_1", domain: "cac1.pure.cloud"),
        Region(id: "sa_east_1", domain: "sae1.pure.cloud"),
        Region(id: "mx_central_1", domain: "mxc1.pure.cloud"),
        Region(id: "eu_west_1", domain: "mypurecloud.ie"),
        Region(id: "eu_west_2", domain: "euw2.pure.cloud"),
        Region(id: "eu_central_1", domain: "mypurecloud.de"),
        Region(id: "eu_central_2", domain: "euc2.pure.cloud"),
        Region(id: "eusc_de_east_1", domain: "edee1.eusc-pure.cloud"),
        Region(id: "me_central_1", domain: "mec1.pure.cloud"),
        Region(id: "ap_south_1", domain: "aps1.pure.cloud"),
        Region(id: "ap_southeast_1", domain: "apse1.pure.cloud"),
        Region(id: "ap_southeast_2", domain: "mypurecloud.com.au"),
        Region(id: "ap_northeast_1", domain: "mypurecloud.jp"),
        Region(id: "ap_northeast_2", domain: "apne2.pure.cloud"),
        Region(id: "ap_northeast_3", domain: "apne3.pure.cloud"),
    ]

    /// Reads a region the way people write it: an id in either spelling (`us-east-1`,
    /// `US_EAST_1`), a domain (`mypurecloud.ie`), a host (`api.mypurecloud.de`,
    /// `login.usw2.pure.cloud`) or a URL (`https://api.mypurecloud.com/`).
    public init(parsing text: String) throws(RegionError) {
        var key = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for scheme in ["https://", "http://", "wss://", "ws://"] where key.hasPrefix(scheme) {
            key.removeFirst(scheme.count)
        }
        if let slash = key.firstIndex(of: "/") { key = String(key[..<slash]) }
        if let colon = key.firstIndex(of: ":") { key = String(key[..<colon]) }
        while key.hasSuffix(".") { key.removeLast() }

        let asId = key.replacingOccurrences(of: "-", with: "_")
        if let region = Region.all.first(where: { $0.id == asId }) {
            self = region
            return
        }
        for prefix in ["", "api.", "login.", "streaming.", "apps."] {
            if let region = Region.all.first(where: { prefix + $0.domain == key }) {
                self = region
                return
            }
        }
        throw RegionError(input: text)
    }
}

/// The text given as a region names none of the platform's regions.
public struct RegionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let input: String

    public var description: String {
        let names = Region.all.map { "\($0.id.replacingOccurrences(of: "_", with: "-")) (\($0.domain))" }
        return "Unknown Genesys Cloud region '\(input)'. Use one of: \(names.joined(separator: ", ")); "
            + "or give --api-url and --login-url for an emulator or gateway."
    }
}
