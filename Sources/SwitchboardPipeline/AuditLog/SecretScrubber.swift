import GenesysCloud

/// Shortens or removes what grants access wherever it turns up in free text: channel ids, bearer
/// and basic credentials, and secret-looking URL parameters and JSON fields.
///
/// Health events already carry shortened channel ids, but their reasons are error descriptions
/// written by other libraries (a WebSocket client, an HTTP client, a sink's server), which may
/// quote a URL or an answer. An audit log is kept for months and read by more people than the
/// stream, so every free-text field goes through here before it is written.
public enum SecretScrubber {
    /// `text` with channel ids shortened (`streaming-0-abcd…`) and credentials replaced by `…`.
    public static func scrub(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var text = text
        // A full channel id has 26 random characters; a shortened one keeps four, so it is left alone.
        text = text.replacing(/streaming-[0-9]+-[A-Za-z0-9]{5,}/) { match in
            String(match.output).redactedIdentifier
        }
        text = text.replacing(/(?<scheme>\b(?:bearer|basic)\s+)[A-Za-z0-9._~+\/=-]+/.ignoresCase()) { match in
            "\(match.output.scheme)…"
        }
        text = text.replacing(
            /(?<name>[?&;](?:access_token|refresh_token|token|client_secret|secret|api_key|apikey|key|password|sig|signature)=)[^&\s"']+/
                .ignoresCase()
        ) { match in
            "\(match.output.name)…"
        }
        text = text.replacing(
            /(?<name>"?(?:access_token|refresh_token|client_secret|password)"?\s*[:=]\s*"?)[^"&\s,}]+/.ignoresCase()
        ) { match in
            "\(match.output.name)…"
        }
        // user:password@ in a URL.
        text = text.replacing(/:\/\/[^\/\s@:]+:[^\/\s@]+@/) { _ in "://…@" }
        return text
    }
}
