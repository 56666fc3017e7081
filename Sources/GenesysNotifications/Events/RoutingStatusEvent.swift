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

    enum CodingKeys: String, CodingKey { case id, routingStatus, errorInfo }
}

extension RoutingStatusEvent {
    public init(from decoder: any Decoder) throws {
        var fields = try TolerantObjectReader<CodingKeys>(decoder)
        id = fields.read(.id)
        routingStatus = fields.read(.routingStatus)
        errorInfo = fields.read(.errorInfo)
        additionalFields = fields.additionalFields
    }

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

    enum CodingKeys: String, CodingKey { case status, startTime }
}

extension RoutingStatusInfo {
    public init(from decoder: any Decoder) throws {
        var fields = try TolerantObjectReader<CodingKeys>(decoder)
        status = fields.read(.status)
        startTime = fields.read(.startTime)
        additionalFields = fields.additionalFields
    }

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

    public struct Parameter: Codable, Sendable, Hashable {
        public var key: String?
        public var value: String?
    }
}
