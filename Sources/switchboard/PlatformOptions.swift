import ArgumentParser
import Foundation
import GenesysCloud
import GenesysNotifications

/// Where the platform is and who we are: the environment names Genesys's own CLI and Terraform
/// provider use, or explicit URLs for an emulator or gateway.
struct PlatformOptions: ParsableArguments {
    @Option(help: "Region (us-east-1, eu-west-1, mypurecloud.ie, ...). Default: $GENESYSCLOUD_REGION.")
    var region: String?

    @Option(help: "API base URL, for an emulator or gateway (overrides the region).")
    var apiURL: String?

    @Option(help: "Login base URL, when it differs from what the API URL implies.")
    var loginURL: String?

    func endpoints(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PlatformEndpoints {
        if let apiURL { return try PlatformEndpoints(apiURL: apiURL, loginURL: loginURL) }
        guard let region = region ?? environment["GENESYSCLOUD_REGION"], !region.isEmpty else {
            throw CommandFailure(
                "No region given: set GENESYSCLOUD_REGION (for example eu-west-1), or pass --region, or --api-url for an emulator."
            )
        }
        return PlatformEndpoints(region: try Region(parsing: region))
    }

    func credentials(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClientCredentials {
        // Secrets come from the environment only: never from argv, where `ps` shows them.
        try ClientCredentials(
            clientId: environment["GENESYSCLOUD_OAUTHCLIENT_ID"] ?? "",
            clientSecret: environment["GENESYSCLOUD_OAUTHCLIENT_SECRET"] ?? "")
    }

    /// A REST client for these endpoints and the environment's credentials.
    func client() throws -> GenesysCloudClient {
        GenesysCloudClient(configuration: .init(endpoints: try endpoints(), credentials: try credentials()))
    }
}

/// Topics as given on the command line (`--topic`), or one clear error naming the bad one.
func parseTopicArguments(_ texts: [String]) throws -> [Topic] {
    do {
        return try Topic.parseList(texts)
    } catch {
        throw CommandFailure(String(describing: error))
    }
}
