import Testing

@testable import GenesysCloud

@Suite("Regions and endpoints")
struct RegionTests {
    @Test(
        "every spelling people type names the same region",
        arguments: [
            ("us-east-1", "us_east_1"), ("US_EAST_1", "us_east_1"), ("mypurecloud.com", "us_east_1"),
            ("api.mypurecloud.ie", "eu_west_1"), ("eu-central-1", "eu_central_1"),
            ("https://api.mypurecloud.de/", "eu_central_1"),
            ("login.usw2.pure.cloud", "us_west_2"), ("wss://streaming.apne2.pure.cloud/channels/x", "ap_northeast_2"),
            (" ap_southeast_2 ", "ap_southeast_2"), ("mypurecloud.com.au", "ap_southeast_2"),
            ("edee1.eusc-pure.cloud", "eusc_de_east_1"),
        ])
    func parsesSpellings(input: String, expected: String) throws {
        #expect(try Region(parsing: input).id == expected)
    }

    @Test("all eighteen regions derive api, login and streaming hosts from their domain")
    func derivesHosts() throws {
        #expect(Region.all.count == 18)
        #expect(Set(Region.all.map(\.domain)).count == 18)
        let ireland = try Region(parsing: "eu_west_1")
        #expect(ireland.apiHost == "api.mypurecloud.ie")
        #expect(ireland.loginHost == "login.mypurecloud.ie")
        #expect(ireland.streamingHost == "streaming.mypurecloud.ie")
        for region in Region.all {
            #expect(try Region(parsing: region.id) == region)
            #expect(try Region(parsing: region.apiHost) == region)
        }
    }

    @Test("an unknown region is an error that lists the valid names and the override")
    func unknownRegion() {
        #expect {
            try Region(parsing: "us-east-9")
        } throws: { error in
            let message = String(describing: error)
            return message.contains("'us-east-9'") && message.contains("eu-west-1 (mypurecloud.ie)")
                && message.contains("--api-url")
        }
    }

    @Test("a region gives https base URLs; explicit URLs derive login the way the SDKs do")
    func endpoints() throws {
        let real = PlatformEndpoints(region: try Region(parsing: "eu-west-2"))
        #expect(real.apiBaseURL == "https://api.euw2.pure.cloud")
        #expect(real.loginBaseURL == "https://login.euw2.pure.cloud")

        let gateway = try PlatformEndpoints(apiURL: "https://api.gateway.example/")
        #expect(gateway.apiBaseURL == "https://api.gateway.example")
        #expect(gateway.loginBaseURL == "https://login.gateway.example")

        let emulator = try PlatformEndpoints(apiURL: "http://127.0.0.1:8081")
        #expect(emulator.loginBaseURL == "http://127.0.0.1:8081")

        let split = try PlatformEndpoints(apiURL: "http://127.0.0.1:1", loginURL: "http://127.0.0.1:2/")
        #expect(split.loginBaseURL == "http://127.0.0.1:2")
    }

    @Test("a base URL that is not absolute http(s) names the option to fix")
    func badEndpoint() {
        #expect(throws: EndpointError(input: "api.mypurecloud.com", option: "--api-url")) {
            try PlatformEndpoints(apiURL: "api.mypurecloud.com")
        }
        #expect(throws: EndpointError(input: "ftp://x", option: "--login-url")) {
            try PlatformEndpoints(apiURL: "https://api.example", loginURL: "ftp://x")
        }
    }

    @Test("credentials refuse empty values and never print the secret")
    func credentials() throws {
        #expect(throws: CredentialsError.missingClientSecret) {
            try ClientCredentials(clientId: "id", clientSecret: "  ")
        }
        #expect(throws: CredentialsError.missingClientId) { try ClientCredentials(clientId: "", clientSecret: "x") }
        let credentials = try ClientCredentials(clientId: "0123456789abcdef", clientSecret: "top-secret-value")
        #expect(!"\(credentials)".contains("top-secret"))
        #expect(!String(reflecting: credentials).contains("top-secret"))
    }
}
