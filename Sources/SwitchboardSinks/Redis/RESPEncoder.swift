import NIOCore

/// Writes commands the way Redis wants them from clients: an array of bulk strings.
///
/// Bulk strings carry their length, so arguments may hold any bytes (spaces, CRLF, UTF-8)
/// without quoting.
public enum RESPEncoder {
    /// Appends `command` (name first, then its arguments) to `buffer`.
    public static func encode(command: [String], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("*")
        buffer.writeString(String(command.count))
        buffer.writeStaticString("\r\n")
        for argument in command {
            buffer.writeStaticString("$")
            buffer.writeString(String(argument.utf8.count))
            buffer.writeStaticString("\r\n")
            buffer.writeString(argument)
            buffer.writeStaticString("\r\n")
        }
    }

    /// `command` as its own buffer.
    public static func encode(command: [String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(command: command, into: &buffer)
        return buffer
    }
}
