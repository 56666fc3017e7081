import Testing

@testable import SwitchboardSinks

@Suite("Redis client errors and configuration")
struct RedisClientErrorTests {
    @Test("a refused connection names host:port, the cause and the fix")
    func refusedWording() {
        let error = RedisClientError.connectFailed(endpoint: "127.0.0.1:6390", reason: "connection refused")
        #expect(
            error.description
                == "Cannot connect to Redis at 127.0.0.1:6390: connection refused. Check that redis-server is "
                + "running and the host/port in the sink configuration.")
    }

    @Test("durations read as ms below a second and as seconds above")
    func durationText() {
        #expect(RedisClientError.text(.milliseconds(200)) == "200 ms")
        #expect(RedisClientError.text(.seconds(2)) == "2 s")
        #expect(RedisClientError.text(.milliseconds(1500)) == "1.5 s")
        let timeout = RedisClientError.commandTimedOut(endpoint: "h:1", command: "BLPOP", after: .milliseconds(200))
        #expect(timeout.description.hasPrefix("Redis at h:1 did not answer BLPOP within 200 ms;"))
    }

    @Test("server errors add a fix for the error kinds a sink meets")
    func serverErrorFixes() {
        let noAuth = RedisClientError.serverError(command: "SET", message: "NOAUTH Authentication required.")
        #expect(
            noAuth.description
                == "Redis refused SET: NOAUTH Authentication required. The server requires a password: set it in "
                + "the sink configuration.")
        let wrongType = RedisClientError.serverError(command: "HSET", message: "WRONGTYPE Operation against a key")
        #expect(wrongType.description.contains("use another key"))
    }

    @Test("printing, dumping or debugging a configuration never shows the password")
    func configurationHidesPassword() {
        let configuration = RedisConfiguration(port: 6390, username: "sink", password: "s3cret-PA55")
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains("s3cret-PA55"), "\(text)")
            #expect(text.contains("<redacted>"), "\(text)")
        }
        #expect("\(configuration)".hasPrefix("redis://127.0.0.1:6390/0, username: sink"))
    }

    @Test("IPv6 hosts are bracketed in the endpoint")
    func ipv6Endpoint() {
        #expect(RedisConfiguration(host: "::1", port: 6390).endpoint == "[::1]:6390")
    }

    @Test("command names in errors never include arguments")
    func commandNameOnly() {
        #expect(RedisCommandHandler.name(of: ["auth", "user", "s3cret"]) == "AUTH")
        #expect(RedisCommandHandler.name(of: []) == "(empty command)")
    }

    @Test("EXEC's array is the transaction's result")
    func execArray() throws {
        let replies: [RESPValue] = [
            .simpleString("OK"), .simpleString("QUEUED"), .simpleString("QUEUED"),
            .array([.integer(3), .integer(1)]),
        ]
        #expect(
            try RedisClient.execResult(of: [["HINCRBY", "h", "f", "3"], ["EXPIRE", "h", "60"]], replies: replies) == [
                .integer(3), .integer(1),
            ])
    }

    @Test("EXECABORT reports which command Redis refused to queue")
    func execAbort() {
        let replies: [RESPValue] = [
            .simpleString("OK"), .simpleString("QUEUED"),
            .error("ERR wrong number of arguments for 'hincrby' command"),
            .error("EXECABORT Transaction discarded because of previous errors."),
        ]
        #expect(
            throws: RedisClientError.transactionAborted(
                reason: "Redis refused to queue HINCRBY (ERR wrong number of arguments for 'hincrby' command)")
        ) {
            try RedisClient.execResult(of: [["SET", "a", "1"], ["HINCRBY", "h"]], replies: replies)
        }
    }

    @Test("a null EXEC (a WATCHed key changed) is reported as an aborted transaction")
    func nullExec() {
        let replies: [RESPValue] = [.simpleString("OK"), .simpleString("QUEUED"), .array(nil)]
        #expect(
            throws: RedisClientError.transactionAborted(reason: "Redis discarded it because a WATCHed key changed")
        ) {
            try RedisClient.execResult(of: [["SET", "a", "1"]], replies: replies)
        }
    }
}
