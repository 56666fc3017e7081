import Foundation
import GenesysCloud

/// The body of `v2.users.<id>.routingStatus` (SDK `UserRoutingStatusUserRoutingStatus`).
public struct RoutingStatusEvent: Codable, Sendable, Hashable {
    /// The user id.
    public var id: String?
    public var routingStatus: RoutingStatusInfo?
    /// Set when the platform could not report the status.
    public var errorInfo: RoutingStatusErrorInfo?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    /// The status (`IDLE`, `INTERACTING`, …), when sent.
    public var status: RoutingStatusValue? { routingStatus?.status }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, routingStatus, errorInfo }
}

extension RoutingStatusEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .routingStatus: routingStatus = try reader.read()
        case .errorInfo: errorInfo = try reader.read()
        }
    }
}

extension RoutingStatusEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(id, .id)
        try fields.write(routingStatus, .routingStatus)
        try fields.write(errorInfo, .errorInfo)
        try fields.finish(additionalFields)
    }
}

/// A routing status and since when it holds (used by the routingStatus and activity topics).
public struct RoutingStatusInfo: Codable, Sendable, Hashable {
    /// `OFF_QUEUE`, `IDLE`, `INTERACTING`, `NOT_RESPONDING`, `COMMUNICATING`, or a newer value.
    public var status: RoutingStatusValue?
    public var startTime: Date?
    public var additionalFields: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case status, startTime }
}

extension RoutingStatusInfo: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .status: status = try reader.read()
        case .startTime: startTime = try reader.read()
        }
    }
}

extension RoutingStatusInfo {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(status, .status)
        try fields.write(startTime, .startTime)
        try fields.finish(additionalFields)
    }
}

/// Why a routing status could not be given (SDK `UserRoutingStatusErrorInfo`).
public struct RoutingStatusErrorInfo: Codable, Sendable, Hashable {
    public var errorCode: String?
    public var status: Int?
    public var correlationId: String?
    public var userMessage: String?
    public var userParamsMessage: String?
    public var userParams: [Parameter]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case errorCode, status, correlationId, userMessage, userParamsMessage, userParams
    }

    public struct Parameter: Codable, Sendable, Hashable {
        public var key: String?
        public var value: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case key, value }
    }
}

extension RoutingStatusErrorInfo: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .errorCode: errorCode = try reader.read()
        case .status: status = try reader.read()
        case .correlationId: correlationId = try reader.read()
        case .userMessage: userMessage = try reader.read()
        case .userParamsMessage: userParamsMessage = try reader.read()
        case .userParams: userParams = try reader.read()
        }
    }
}

extension RoutingStatusErrorInfo.Parameter: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .key: key = try reader.read()
        case .value: value = try reader.read()
        }
    }
}
