import Foundation
import GenesysCloud

/// Reads `platform:`: a region, or explicit URLs for the emulator or a gateway.
enum PlatformReading {
    static let regionList = Region.all.map { $0.id.replacingOccurrences(of: "_", with: "-") }.joined(separator: ", ")

    static func read(_ section: SectionReader) -> PlatformEndpoints? {
        let region = section.value("region")
        let apiURL = section.value("apiURL")
        let loginURL = section.value("loginURL")
        switch (region, apiURL) {
        case (nil, nil):
            guard !section.isMalformed else { return nil }
            section.log.report(
                section.origin, section.path,
                "set region (such as mypurecloud.ie or eu-west-1) for Genesys Cloud, or apiURL "
                    + "(such as http://127.0.0.1:8081) for the emulator or a gateway.")
            return nil
        case (let region?, let apiURL?):
            section.log.report(
                apiURL.origin, apiURL.path,
                "region and apiURL are both set (region \(whereSet(region))): keep region for Genesys Cloud, or apiURL "
                    + "for the emulator or a gateway.")
            return nil
        case (let region?, nil):
            if let loginURL {
                return loginURL.fail("loginURL goes with apiURL: a region knows its login host; remove loginURL.")
            }
            guard let text = region.text(describing: "a region") else { return nil }
            do {
                return PlatformEndpoints(region: try Region(parsing: text))
            } catch {
                let candidates = Region.all.flatMap { [$0.id.replacingOccurrences(of: "_", with: "-"), $0.domain] }
                let suggestion = Suggestion.closest(to: text, among: candidates).map { "; did you mean \($0)?" } ?? "."
                return region.fail(
                    "\(region.shown) is not a Genesys Cloud region\(suggestion) Use a region id or domain "
                        + "(\(regionList)), or apiURL for the emulator or a gateway.")
            }
        case (nil, let apiURL?):
            let api = httpURL(apiURL)
            let login = loginURL.flatMap(httpURL)
            guard let api, loginURL == nil || login != nil else { return nil }
            do {
                return try PlatformEndpoints(apiURL: api, loginURL: login)
            } catch {
                return apiURL.fail(
                    "\(apiURL.shown) is not an http:// or https:// URL with a host, such as http://127.0.0.1:8081.")
            }
        }
    }

    /// Where `value` is, for a message about another value.
    private static func whereSet(_ value: SettingValue) -> String {
        switch value.origin {
        case .file(let line, _): "on line \(line)"
        case .environment(let variable): "by \(variable)"
        case .unknown: "too"
        }
    }

    /// An absolute `http`/`https` URL with a host, or nil after reporting it.
    static func httpURL(_ value: SettingValue) -> String? {
        guard let text = value.text(describing: "a URL") else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            return value.fail(
                "\(value.shown) is not an http:// or https:// URL with a host, such as http://127.0.0.1:8081.")
        }
        guard components.password == nil, components.user == nil else {
            return value.fail(
                "\(value.shown) carries a user or password: remove it; credentials go in the environment or credentials.file."
            )
        }
        return text
    }
}
