import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Filter expressions")
struct FilterExpressionTests {
    typealias Body = ConversationBodies

    /// A voice conversation waiting 42 s in queue A.
    let waiting = Body.queueEvent([Body.customer(), Body.acd(entered: 0)], at: 42)
    /// Agent A connected to a voice conversation of queue A after 35 s.
    let connected = Body.queueEvent(
        [Body.customer(), Body.acd(entered: 0, left: 35), Body.agent(.connected(answered: 35))], at: 100)
    let ended = Body.queueEvent(
        [Body.customer(ended: 75), Body.acd(entered: 0, left: 75, disconnectType: "endpoint")], at: 80)
    let presence = IntakeFixtures.event(
        IntakeFixtures.envelope(topic: IntakeFixtures.presenceTopic(), body: IntakeFixtures.presenceBody("ON_QUEUE")))
    let routing = IntakeFixtures.event(
        IntakeFixtures.envelope(
            topic: IntakeFixtures.routingStatusTopic(), body: IntakeFixtures.routingStatusBody("OFF_QUEUE")))
    let observation = IntakeFixtures.event(
        IntakeFixtures.envelope(topic: IntakeFixtures.observationTopic(), body: IntakeFixtures.observationBody()))

    func matches(_ text: String, _ event: PipelineEvent) throws -> Bool {
        try FilterExpression(parsing: text).matches(event)
    }

    func parseError(_ text: String) -> String? {
        do {
            _ = try FilterExpression(parsing: text)
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: - Operators and fields

    @Test("== and != compare text case-insensitively; numbers written for text fields are text")
    func equality() throws {
        #expect(try matches("queue == \(IntakeFixtures.queueA)", waiting))
        #expect(try matches("queue == '\(IntakeFixtures.queueA.uppercased())'", waiting))
        #expect(try !matches("queue != \(IntakeFixtures.queueA)", waiting))
        #expect(try matches("queue != \(IntakeFixtures.queueB)", waiting))
        #expect(try matches("mediaType == VOICE", waiting))
        #expect(try matches(#"conversation == "\#(IntakeFixtures.conversation)""#, waiting))
        #expect(try matches("topic == \(IntakeFixtures.queueTopic())", waiting))
        #expect(try !matches("queue == 12345", waiting))
    }

    @Test("<, <=, >, >= order numbers")
    func ordering() throws {
        #expect(try matches("waitMs > 30000", waiting))
        #expect(try matches("waitMs >= 42000", waiting))
        #expect(try !matches("waitMs > 42000", waiting))
        #expect(try matches("waitMs <= 42000", waiting))
        #expect(try !matches("waitMs < 42000", waiting))
        #expect(try matches("waitMs < 42000.5", waiting))
        #expect(try matches("waitMs == 35000 and waitMs != 1", connected))
        #expect(try matches("waitMs > -1", waiting))
    }

    @Test("in and not in test membership")
    func membership() throws {
        #expect(try matches("queue in [\(IntakeFixtures.queueB), \(IntakeFixtures.queueA)]", waiting))
        #expect(try !matches("queue in [\(IntakeFixtures.queueB)]", waiting))
        #expect(try matches("queue not in [\(IntakeFixtures.queueB)]", waiting))
        #expect(try matches("state in [waiting, alerting]", waiting))
        #expect(try !matches("state in [waiting, alerting]", connected))
        #expect(try matches("waitMs in [42000, 1]", waiting))
    }

    @Test("state, user, family, routing status, presence and backfill")
    func fields() throws {
        #expect(try matches("state == waiting", waiting))
        #expect(try matches("state == connected and user == \(IntakeFixtures.agentA)", connected))
        #expect(try matches("state == ended", ended))
        #expect(try matches("family == queueConversations", waiting))
        #expect(try matches("family == QUEUEOBSERVATIONS and queue == \(IntakeFixtures.queueA)", observation))
        #expect(try matches("mediaType == voice", observation))
        #expect(try matches("routingStatus == off_queue", routing))
        #expect(try matches("user == \(IntakeFixtures.agentA)", routing))
        // Every spelling of a system presence is the same presence.
        #expect(try matches("presence == ON_QUEUE", presence))
        #expect(try matches("presence == OnQueue", presence))
        #expect(try matches("presence == 'On Queue'", presence))
        #expect(try !matches("presence == available", presence))
        #expect(try matches("backfill == false and not backfill", presence))
        #expect(try !matches("backfill", presence))
    }

    @Test("backfill is true for backfill records")
    func backfillField() throws {
        let record = try IntakeFixtures.backfill(
            topic: IntakeFixtures.presenceTopic(), body: IntakeFixtures.presenceBody("ON_QUEUE"))
        #expect(try matches("backfill", PipelineEvent(record)))
        #expect(try matches("backfill == true and presence == on_queue", PipelineEvent(record)))
        #expect(try matches("backfill != false", PipelineEvent(record)))
    }

    @Test("a field the event does not carry makes every comparison false; not turns that around")
    func missingFields() throws {
        #expect(try !matches("queue == \(IntakeFixtures.queueA)", presence))
        #expect(try !matches("queue != \(IntakeFixtures.queueA)", presence))
        #expect(try !matches("queue in [\(IntakeFixtures.queueA)]", presence))
        #expect(try !matches("queue not in [\(IntakeFixtures.queueA)]", presence))
        #expect(try matches("not (queue == \(IntakeFixtures.queueA))", presence))
        #expect(try matches("not queue in [\(IntakeFixtures.queueA)]", presence))
        #expect(try !matches("waitMs > 0", presence))
        #expect(try !matches("waitMs <= 0", presence))
        #expect(try !matches("state == waiting", observation))
        #expect(try !matches("presence == on_queue", waiting))
        #expect(try !matches("routingStatus == idle", presence))
        #expect(try !matches("user == \(IntakeFixtures.agentA)", waiting), "nobody is offered it yet")
    }

    // MARK: - Grammar

    @Test("not binds tighter than and, and tighter than or; parentheses regroup")
    func precedence() throws {
        func read(_ text: String) throws -> String { try FilterExpression(parsing: text).description }
        #expect(
            try read("queue == a or queue == b and waitMs > 1") == #"(queue == "a" or (queue == "b" and waitMs > 1))"#)
        #expect(
            try read("(queue == a or queue == b) and waitMs > 1") == #"((queue == "a" or queue == "b") and waitMs > 1)"#
        )
        #expect(try read("not queue == a and user == b") == #"(not queue == "a" and user == "b")"#)
        #expect(try read("not (queue == a and user == b)") == #"not (queue == "a" and user == "b")"#)
        #expect(try read("not not backfill") == "not not backfill == true")
        #expect(
            try read("queue == a and user == b and topic == c") == #"(queue == "a" and user == "b" and topic == "c")"#
        )
        #expect(
            try read("queue == a or user == b or topic == c") == #"(queue == "a" or user == "b" or topic == "c")"#)

        // Evaluation follows the same grouping: true or (false and false) is true.
        #expect(try matches("state == waiting or state == ended and waitMs > 99999999", waiting))
        #expect(try !matches("(state == waiting or state == ended) and waitMs > 99999999", waiting))
        #expect(try !matches("not state == waiting and waitMs > 0", waiting))
    }

    @Test("the examples of the documentation")
    func documentedExamples() throws {
        #expect(try matches("queue in [\(IntakeFixtures.queueA), \(IntakeFixtures.queueB)]", waiting))
        #expect(try matches("mediaType == voice", waiting))
        #expect(try matches("waitMs > 30000", waiting))
        #expect(try matches("family == queueObservations and not (state == ended)", observation))
        #expect(try !matches("family == queueObservations and not (state == ended)", waiting))
        #expect(try matches("family == queueConversations and not (state == ended)", waiting))
        #expect(try !matches("family == queueConversations and not (state == ended)", ended))
        let presenceOrRouting = "presence == 'On Queue' or routingStatus in [IDLE, INTERACTING]"
        #expect(try matches(presenceOrRouting, presence))
        #expect(try !matches(presenceOrRouting, routing))
        #expect(try !matches(presenceOrRouting, waiting))
    }

    @Test("keywords and field names ignore case; strings take either quote and backslash escapes")
    func lexicalForms() throws {
        #expect(try matches("QUEUE == \(IntakeFixtures.queueA) AND NOT WAITMS < 1 Or backfill", waiting))
        #expect(try matches("mediatype==voice", waiting))
        let quoted = try FilterExpression(parsing: #"topic == "a \"b\" c" or topic == 'it\'s' or topic == "x\\y""#)
        #expect(quoted.description == #"(topic == "a \"b\" c" or topic == "it's" or topic == "x\\y")"#)
        #expect(try FilterExpression(parsing: "waitMs>1").description == "waitMs > 1")
        #expect(try FilterExpression(parsing: "  queue   ==   a  ").source == "  queue   ==   a  ")
        #expect(try FilterExpression(parsing: "queue == a") == FilterExpression(parsing: "queue==A"))
    }

    // MARK: - Errors

    @Test(
        "every error names the column, what was expected and what was found",
        arguments: [
            ("", "at column 1: expected a condition such as 'queue == <id>', found end of input"),
            ("mediaType == ", "at column 14: expected a value after '==', found end of input"),
            ("queue == and", "at column 10: expected a value after '==', found 'and'"),
            (
                "queu == a",
                "at column 1: expected a field (family, topic, queue, user, conversation, mediaType, state, waitMs, routingStatus, presence, backfill), found 'queu'"
            ),
            (
                "queue",
                "at column 6: expected a comparison ('==', '!=', '<', '<=', '>', '>=', 'in' or 'not in') after 'queue', found end of input"
            ),
            (
                "state < 3",
                "at column 7: expected '==', '!=', 'in' or 'not in' after 'state' (text: only numbers are ordered), found '<'"
            ),
            (
                "backfill >= 1",
                "at column 10: expected '==' or '!=' after 'backfill' (true or false: only numbers are ordered), found '>='"
            ),
            ("waitMs > abc", "at column 10: expected a number for waitMs (milliseconds), found 'abc'"),
            (
                #"waitMs == "30000""#,
                #"at column 11: expected a number for waitMs (milliseconds), found the string "30000""#
            ),
            ("backfill == yes", "at column 13: expected true or false for backfill, found 'yes'"),
            (
                "state == waitng",
                "at column 10: expected a state (waiting, alerting, connected, held, wrapup, ended), found 'waitng'"
            ),
            (
                "family == queues",
                "at column 11: expected a family (userPresence, userRoutingStatus, userActivity, userConversationSummary, userConversations, userStation, userOutOfOffice, queueConversations, queueMembership, queueObservations, queueActivity, userAggregates, conversationDetail, agentState), found 'queues'"
            ),
            ("queue in a", "at column 10: expected '[' after 'in', found 'a'"),
            ("queue in [a, b", "at column 15: expected ',' or ']' in the list opened at column 10, found end of input"),
            ("queue in []", "at column 11: expected a value after '[', found ']'"),
            ("queue in [a,]", "at column 13: expected a value after ',', found ']'"),
            ("queue not a", "at column 11: expected 'in' after 'not', found 'a'"),
            ("(queue == a", "at column 12: expected ')' to close the '(' at column 1, found end of input"),
            ("queue == a)", "at column 11: expected 'and', 'or' or end of input, found ')'"),
            ("queue == a b", "at column 12: expected 'and', 'or' or end of input, found 'b'"),
            (#"queue == a "b""#, #"at column 12: expected 'and', 'or' or end of input, found the string "b""#),
            (
                "queue == a and",
                "at column 15: expected a condition such as 'queue == <id>' after 'and', found end of input"
            ),
            ("not", "at column 4: expected a condition such as 'queue == <id>' after 'not', found end of input"),
            ("(", "at column 2: expected a condition such as 'queue == <id>' after '(', found end of input"),
            ("queue == a or )", "at column 15: expected a condition such as 'queue == <id>' after 'or', found ')'"),
            (
                "queue == 'abc",
                #"at column 14: expected a closing "'" for the string opened at column 10, found end of input"#
            ),
            (
                #"queue == "abc"#,
                #"at column 14: expected a closing '"' for the string opened at column 10, found end of input"#
            ),
            ("queue = a", "at column 7: expected '==', found '='"),
            ("queue ! a", "at column 7: expected '!=' or 'not', found '!'"),
            ("queue == a && user == b", "at column 12: expected 'and', found '&&'"),
            ("queue == a | user == b", "at column 12: expected 'or', found '|'"),
            ("queue == {a}", "at column 10: expected a field, a value, an operator or a parenthesis, found '{'"),
        ])
    func errors(input: String, expected: String) {
        #expect(parseError(input) == expected)
    }

    @Test("nesting is bounded; long chains of conditions are not nesting")
    func nestingBound() throws {
        let deep = String(repeating: "not ", count: 100) + "backfill"
        #expect(try FilterExpression(parsing: deep).description.hasSuffix("not backfill == true"))
        let tooDeep = String(repeating: "(", count: 101) + "backfill" + String(repeating: ")", count: 101)
        #expect(parseError(tooDeep) == "at column 101: expected at most 100 nested 'not' or '(', found '('")
        let ids = (0..<5_000).map { "queue == q\($0)" }.joined(separator: " or ")
        let long = try FilterExpression(parsing: ids + " or backfill == false")
        #expect(long.matches(presence))
    }

    @Test("the annotated error points at the column")
    func annotated() {
        do {
            _ = try FilterExpression(parsing: "queue ==")
            Issue.record("parsed")
        } catch {
            #expect(error.column == 9)
            #expect(error.expression == "queue ==")
            #expect(
                error.annotated == "queue ==\n        ^ at column 9: expected a value after '==', found end of input")
        }
    }
}
