import Foundation
import GenesysCloud
import Testing

@testable import SwitchboardDaemon

/// Secrets never come from the file, are read at start-up, and never show when a configuration
/// is printed.
@Suite("Configuration secrets")
struct SecretTests {
    @Test(
        "Secret keys anywhere are refused with where the secret goes",
        arguments: [
            (
                "credentials:\n  clientSecret: abc\n",
                "switchboard.yml:7:3: credentials.clientSecret: \(SecretAdvice.credentials)"
            ),
            ("clientId: abc\n", "switchboard.yml:6:1: clientId: \(SecretAdvice.credentials)"),
            ("pipeline:\n  token: abc\n", "switchboard.yml:7:3: pipeline.token: \(SecretAdvice.general)"),
            (
                "sinks:\n  - type: webhook\n    url: https://example.com/in\n    secret: abc\n",
                "switchboard.yml:9:5: sinks[0].secret: \(SecretAdvice.webhook)"
            ),
            (
                "sinks:\n  - type: redis\n    password: abc\n",
                "switchboard.yml:8:5: sinks[0].password: \(SecretAdvice.redis)"
            ),
        ])
    func secretKeysAreRefused(extra: String, expected: String) {
        let message = problems(withMinimal(extra))
        #expect(message == expected)
        #expect(!message.contains("abc"))
    }

    @Test("A password in a Redis URL is refused without repeating it")
    func passwordInRedisURL() {
        let message = problems(withMinimal("sinks:\n  - type: redis\n    url: redis://:hunter2@127.0.0.1:6379/0\n"))
        #expect(
            message
                == "switchboard.yml:8:10: sinks[0].url: the URL carries a password: remove it from the URL and put it in a "
                + "file named by passwordFile (chmod 600), or in an environment variable named by passwordEnv.")
        #expect(!message.contains("hunter2"))
    }

    @Test("Credentials come from the environment first, then the file")
    func credentialsFromEnvironmentThenFile() throws {
        let directory = TemporaryDirectory()
        let file = directory.file(
            "credentials",
            """
            # the OAuth client of the daemon
            GENESYSCLOUD_OAUTHCLIENT_ID=file-client

            export GENESYSCLOUD_OAUTHCLIENT_SECRET="file-secret"
            GENESYSCLOUD_REGION=eu-west-1
            """)
        let yaml = withMinimal("credentials:\n  file: \(file)\n")
        let fromFile = try configuration(yaml, environment: [:])
        #expect(
            fromFile.credentials.client == (try ClientCredentials(clientId: "file-client", clientSecret: "file-secret"))
        )
        #expect(fromFile.credentials.origin == .file(file))
        let fromEnvironment = try configuration(yaml)
        #expect(fromEnvironment.credentials.client.clientId == "switchboard-emulator")
        #expect(fromEnvironment.credentials.origin == .environment)
    }

    @Test("Credential problems name the file or the variable, never the secret")
    func credentialProblems() {
        let directory = TemporaryDirectory()
        #expect(
            problems(minimalYAML, environment: [:])
                == "switchboard.yml: credentials: no OAuth client credentials: set GENESYSCLOUD_OAUTHCLIENT_ID and "
                + "GENESYSCLOUD_OAUTHCLIENT_SECRET in the environment, or name a file holding them with credentials.file."
        )
        #expect(
            problems(minimalYAML, environment: ["GENESYSCLOUD_OAUTHCLIENT_ID": "x"])
                == "environment GENESYSCLOUD_OAUTHCLIENT_ID: GENESYSCLOUD_OAUTHCLIENT_ID is set but "
                + "GENESYSCLOUD_OAUTHCLIENT_SECRET is not: set both, or neither to read them from credentials.file.")
        let open = directory.file(
            "open", "GENESYSCLOUD_OAUTHCLIENT_ID=a\nGENESYSCLOUD_OAUTHCLIENT_SECRET=topsecret\n", mode: 0o644)
        #expect(
            problems(withMinimal("credentials:\n  file: \(open)\n"), environment: [:])
                == "switchboard.yml:7:9: credentials.file: \(open) can be read or changed by other users (mode 644): run "
                + "chmod 600 \(open).")
        let missing = "\(directory.path)/absent"
        #expect(
            problems(withMinimal("credentials:\n  file: \(missing)\n"), environment: [:])
                == "switchboard.yml:7:9: credentials.file: \(missing) does not exist: check the path.")
        let misspelt = directory.file(
            "misspelt", "GENESYSCLOUD_OAUTHCLIENT_ID=a\nGENESYSCLOUD_OAUTHCLIENT_SECERT=topsecret\n")
        let message = problems(withMinimal("credentials:\n  file: \(misspelt)\n"), environment: [:])
        #expect(
            message
                == "switchboard.yml:7:9: credentials.file: \(misspelt) has no GENESYSCLOUD_OAUTHCLIENT_SECRET line "
                + "(GENESYSCLOUD_OAUTHCLIENT_SECERT is there: a misspelling?): write GENESYSCLOUD_OAUTHCLIENT_ID=... and "
                + "GENESYSCLOUD_OAUTHCLIENT_SECRET=... lines.")
        let garbled = directory.file("garbled", "GENESYSCLOUD_OAUTHCLIENT_ID=a\ntopsecret\n")
        let garbledMessage = problems(withMinimal("credentials:\n  file: \(garbled)\n"), environment: [:])
        #expect(
            garbledMessage
                == "switchboard.yml:7:9: credentials.file: line 2 of \(garbled) is not KEY=value: write "
                + "GENESYSCLOUD_OAUTHCLIENT_ID=... and GENESYSCLOUD_OAUTHCLIENT_SECRET=... lines.")
        #expect(!message.contains("topsecret") && !garbledMessage.contains("topsecret"))
    }

    @Test("Secret files and variables are read at load, and their absence fails it")
    func missingSecrets() {
        let directory = TemporaryDirectory()
        let empty = directory.file("empty", "\n")
        #expect(
            problems(withMinimal("sinks:\n  - {type: webhook, url: https://e.example/in, secretFile: \(empty)}\n"))
                == "switchboard.yml:7:60: sinks[0].secretFile: \(empty) is empty: write the web hook's signing secret in it."
        )
        #expect(
            problems(withMinimal("sinks:\n  - {type: webhook, url: https://e.example/in, secretEnv: HOOK_SECRET}\n"))
                == "switchboard.yml:7:59: sinks[0].secretEnv: HOOK_SECRET is not set in the environment: set it to the "
                + "web hook's signing secret, or name a file with secretFile.")
        #expect(
            problems(withMinimal("sinks:\n  - {type: redis, passwordFile: \(directory.path)/none}\n"))
                == "switchboard.yml:7:33: sinks[0].passwordFile: \(directory.path)/none does not exist: check the path."
        )
        #expect(
            problems(withMinimal("sinks:\n  - {type: redis, passwordFile: /a, passwordEnv: B}\n"))
                == "switchboard.yml:7:50: sinks[0].passwordEnv: passwordFile and passwordEnv are both set: keep one.")
    }

    @Test("Printing or dumping a configuration never shows a secret")
    func secretsNeverPrinted() throws {
        let directory = TemporaryDirectory()
        let hookSecret = directory.file("hook", "hook-secret-value-1\n")
        var environment = emulatorCredentials
        environment["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "oauth-secret-value-2"
        environment["REDIS_PASSWORD"] = "redis-password-value-3"
        let loaded = try configuration(
            withMinimal(
                """
                sinks:
                  - type: webhook
                    url: https://hooks.example.com/in
                    secretFile: \(hookSecret)
                    headers: {Authorization: Bearer header-token-value-4}
                  - type: redis
                    passwordEnv: REDIS_PASSWORD
                """), environment: environment)
        var dumped = ""
        dump(loaded, to: &dumped)
        var dumpedSinks = ""
        dump(loaded.sinks, to: &dumpedSinks)
        var dumpedCredentials = ""
        dump(loaded.credentials, to: &dumpedCredentials)
        let printed = [
            String(describing: loaded), String(reflecting: loaded), dumped, dumpedSinks, dumpedCredentials,
            "\(loaded.credentials)", String(reflecting: loaded.credentials), String(reflecting: loaded.sinks),
        ]
        for text in printed {
            for secret in [
                "hook-secret-value-1", "oauth-secret-value-2", "redis-password-value-3", "header-token-value-4",
            ] {
                #expect(!text.contains(secret), "\(secret) printed in \(text)")
            }
        }
        #expect(dumped.contains("redis"))
        #expect(String(describing: loaded).contains("sink redis: redis, events"))
    }
}
