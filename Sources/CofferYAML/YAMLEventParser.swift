internal import CCofferYAML
import CofferCore

/// A 1-based line and column: libyaml's 0-based marks are converted here, and nowhere else.
struct YAMLMark {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: yaml_mark_t) {
        line = mark.line + 1
        column = mark.column + 1
    }
}

/// Owns a libyaml parser over its own copy of the input and hands out its events one at a time.
final class YAMLEventParser {
    let file: String
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    /// Holds the input, plus one byte when the input is empty.
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let inputCount: Int
    private var holdsEvent = false
    /// A character index of the input and its byte offset; marks count characters, and arrive in order.
    private var cursor: (character: Int, byte: Int)?

    init(copying bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.file = file
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        inputCount = bytes.count
        // Initialization only fails when malloc does; there is no input to blame yet.
        guard yaml_parser_initialize(parser) != 0 else { fatalError("libyaml could not allocate a parser") }
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
        input.deallocate()
    }

    /// The next event, valid until the following call.
    func next() throws(YAMLError) -> UnsafePointer<yaml_event_t> {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) != 0 else { throw currentError() }
        holdsEvent = true
        return UnsafePointer(event)
    }

    /// `mark` as a position in ``file``.
    func position(of mark: YAMLMark) -> SourcePosition {
        SourcePosition(file: file, line: mark.line, column: mark.column)
    }

    /// The input as libyaml reads it.
    var source: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: input[..<inputCount]) }

    /// The byte offset of the input's character `index` (a mark's `index`), or `nil` when the input is
    /// not UTF-8 and marks do not count its bytes' characters.
    ///
    /// Walks forward from the last offset asked for, so a document's worth of calls reads the input once.
    func byteOffset(ofCharacter index: Int) -> Int? {
        guard parser.pointee.encoding == YAML_UTF8_ENCODING else { return nil }
        let bytes = source
        // libyaml's marks start after a byte order mark.
        let bodyStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var (character, byte) = cursor.flatMap { $0.character <= index ? $0 : nil } ?? (0, bodyStart)
        while character < index && byte < bytes.count {
            // Eight ASCII bytes are eight characters.
            if index - character >= 8 && bytes.count - byte >= 8, let base = bytes.baseAddress {
                let word = UnsafeRawPointer(base + byte).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    character += 8
                    byte += 8
                    continue
                }
            }
            byte += 1
            while byte < bytes.count && bytes[byte] & 0xC0 == 0x80 { byte += 1 }
            character += 1
        }
        cursor = (character, byte)
        return byte
    }

    /// libyaml's description of why parsing stopped.
    private func currentError() -> YAMLError {
        let state = parser.pointee
        var message = state.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML"
        let code: YAMLError.Code
        let position: SourcePosition
        switch state.error {
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset instead of a mark.
            code = .invalidEncoding
            position = self.position(ofByte: state.problem_offset)
            if state.problem_value >= 0 {
                message += " (#x\(String(hex: UInt32(truncatingIfNeeded: state.problem_value), width: 2)))"
            }
        case YAML_MEMORY_ERROR:
            code = .syntax
            message = "out of memory while parsing YAML"
            position = self.position(of: YAMLMark(state.problem_mark))
        default:
            code = .syntax
            position = self.position(of: YAMLMark(state.problem_mark))
        }
        let context = state.context.map { String(cString: $0) }
        return YAMLError(
            code: code, message: message, position: position, context: context,
            contextPosition: context == nil ? nil : self.position(of: YAMLMark(state.context_mark)))
    }

    /// The position of byte `offset` of the input.
    private func position(ofByte offset: Int) -> SourcePosition {
        SourcePosition(file: file, offset: offset, in: source)
    }
}

@available(*, unavailable) extension YAMLEventParser: Sendable {}
