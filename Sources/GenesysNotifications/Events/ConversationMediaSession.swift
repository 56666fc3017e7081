import Foundation
import GenesysCloud

extension ConversationEvent {
    /// One media session of a participant: an entry of `calls`, `callbacks`, `chats`, `emails`,
    /// `messages`, …. The fields all media share are modelled; media-specific ones (an email's
    /// `subject`, a callback's `callbackNumbers`) stay in ``additionalFields``.
    public struct MediaSession: Codable, Sendable, Hashable {
        public var id: String?
        public var state: MediaState?
        public var initialState: MediaState?
        public var direction: MediaDirection?
        public var held: Bool?
        public var muted: Bool?
        public var confined: Bool?
        public var recording: Bool?
        public var recordingState: RecordingState?
        public var securePause: Bool?
        public var disconnectType: DisconnectType?
        public var connectedTime: Date?
        public var disconnectedTime: Date?
        public var startHoldTime: Date?
        public var provider: String?
        public var peerId: String?
        public var scriptId: String?
        /// The participant's own address (JSON key `self`).
        public var selfAddress: Address?
        /// The far end's address.
        public var other: Address?
        public var wrapup: Wrapup?
        public var afterCallWork: AfterCallWork?
        public var afterCallWorkRequired: Bool?
        /// Keys this model does not know, and known keys whose value could not be read.
        public var additionalFields: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, state, initialState, direction, held, muted, confined, recording, recordingState, securePause
            case disconnectType, connectedTime, disconnectedTime, startHoldTime, provider, peerId, scriptId
            case selfAddress = "self"
            case other, wrapup, afterCallWork, afterCallWorkRequired
        }
    }

    /// A phone number or other address, in the platform's spellings.
    public struct Address: Codable, Sendable, Hashable {
        public var name: String?
        public var nameRaw: String?
        public var addressNormalized: String?
        public var addressRaw: String?
        public var addressDisplayable: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, nameRaw, addressNormalized, addressRaw, addressDisplayable
        }
    }

    /// A wrap-up an agent gave (or is giving) a conversation.
    public struct Wrapup: Codable, Sendable, Hashable {
        /// The wrap-up code id.
        public var code: String?
        public var notes: String?
        public var tags: [String]?
        public var durationSeconds: Int?
        public var endTime: Date?
        public var additionalFields: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable { case code, notes, tags, durationSeconds, endTime }
    }

    /// After-call work on a media session.
    public struct AfterCallWork: Codable, Sendable, Hashable {
        public var state: AfterCallWorkState?
        public var startTime: Date?
        public var endTime: Date?
        public var additionalFields: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable { case state, startTime, endTime }
    }
}

extension ConversationEvent.MediaSession: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .state: state = try reader.read()
        case .initialState: initialState = try reader.read()
        case .direction: direction = try reader.read()
        case .held: held = try reader.read()
        case .muted: muted = try reader.read()
        case .confined: confined = try reader.read()
        case .recording: recording = try reader.read()
        case .recordingState: recordingState = try reader.read()
        case .securePause: securePause = try reader.read()
        case .disconnectType: disconnectType = try reader.read()
        case .connectedTime: connectedTime = try reader.read()
        case .disconnectedTime: disconnectedTime = try reader.read()
        case .startHoldTime: startHoldTime = try reader.read()
        case .provider: provider = try reader.read()
        case .peerId: peerId = try reader.read()
        case .scriptId: scriptId = try reader.read()
        case .selfAddress: selfAddress = try reader.read()
        case .other: other = try reader.read()
        case .wrapup: wrapup = try reader.read()
        case .afterCallWork: afterCallWork = try reader.read()
        case .afterCallWorkRequired: afterCallWorkRequired = try reader.read()
        }
    }
}

extension ConversationEvent.MediaSession {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(id, .id)
        try fields.write(state, .state)
        try fields.write(initialState, .initialState)
        try fields.write(direction, .direction)
        try fields.write(held, .held)
        try fields.write(muted, .muted)
        try fields.write(confined, .confined)
        try fields.write(recording, .recording)
        try fields.write(recordingState, .recordingState)
        try fields.write(securePause, .securePause)
        try fields.write(disconnectType, .disconnectType)
        try fields.write(connectedTime, .connectedTime)
        try fields.write(disconnectedTime, .disconnectedTime)
        try fields.write(startHoldTime, .startHoldTime)
        try fields.write(provider, .provider)
        try fields.write(peerId, .peerId)
        try fields.write(scriptId, .scriptId)
        try fields.write(selfAddress, .selfAddress)
        try fields.write(other, .other)
        try fields.write(wrapup, .wrapup)
        try fields.write(afterCallWork, .afterCallWork)
        try fields.write(afterCallWorkRequired, .afterCallWorkRequired)
        try fields.finish(additionalFields)
    }
}

extension ConversationEvent.Wrapup: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .code: code = try reader.read()
        case .notes: notes = try reader.read()
        case .tags: tags = try reader.read()
        case .durationSeconds: durationSeconds = try reader.read()
        case .endTime: endTime = try reader.read()
        }
    }
}

extension ConversationEvent.Wrapup {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(code, .code)
        try fields.write(notes, .notes)
        try fields.write(tags, .tags)
        try fields.write(durationSeconds, .durationSeconds)
        try fields.write(endTime, .endTime)
        try fields.finish(additionalFields)
    }
}

extension ConversationEvent.AfterCallWork: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .state: state = try reader.read()
        case .startTime: startTime = try reader.read()
        case .endTime: endTime = try reader.read()
        }
    }
}

extension ConversationEvent.AfterCallWork {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(state, .state)
        try fields.write(startTime, .startTime)
        try fields.write(endTime, .endTime)
        try fields.finish(additionalFields)
    }
}

extension ConversationEvent.Address: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .name: name = try reader.read()
        case .nameRaw: nameRaw = try reader.read()
        case .addressNormalized: addressNormalized = try reader.read()
        case .addressRaw: addressRaw = try reader.read()
        case .addressDisplayable: addressDisplayable = try reader.read()
        }
    }
}
