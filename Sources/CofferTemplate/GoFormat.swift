import CofferCore

/// Go's `fmt` printing of template values: `Sprint`, `Sprintln`, `Sprintf` and `%v`.
///
/// Follows Go's verbs, flags, width and precision, and its in-band error forms (`%!d(string=hi)`,
/// `%!v(MISSING)`, `%!(EXTRA int=1)`), so text printed through templates matches Kanister's.
public enum GoFormat {
    /// `fmt.Sprint(values...)`: spaces between operands when neither side is a string.
    public static func sprint(_ values: [TemplateValue]) -> String {
        var printer = GoPrinter()
        var previousWasString = false
        for (index, value) in values.enumerated() {
            let isString: Bool
            if case .string = value { isString = true } else { isString = false }
            if index > 0 && !isString && !previousWasString { printer.buffer.append(UInt8(ascii: " ")) }
            printer.printArgument(value, verb: "v")
            previousWasString = isString
        }
        return printer.text
    }

    /// `fmt.Sprintln(values...)`: spaces between all operands and a final newline.
    public static func sprintln(_ values: [TemplateValue]) -> String {
        var printer = GoPrinter()
        for (index, value) in values.enumerated() {
            if index > 0 { printer.buffer.append(UInt8(ascii: " ")) }
            printer.printArgument(value, verb: "v")
        }
        printer.buffer.append(UInt8(ascii: "\n"))
        return printer.text
    }

    /// `fmt.Sprintf(format, values...)`.
    public static func sprintf(_ format: String, _ values: [TemplateValue]) -> String {
        var printer = GoPrinter()
        printer.printFormatted(Array(format.utf8), values)
        return printer.text
    }

    /// `%v` of one value.
    public static func formatV(_ value: TemplateValue) -> String {
        var printer = GoPrinter()
        printer.printArgument(value, verb: "v")
        return printer.text
    }

    /// `%v` of one value with `%+v`'s field names for structs.
    public static func formatPlusV(_ value: TemplateValue) -> String {
        sprintf("%+v", [value])
    }

    /// `strconv.Quote`: a double-quoted Go string literal.
    public static func quote(_ string: String, asciiOnly: Bool = false) -> String {
        var out: [UInt8] = []
        GoQuote.appendQuoted(string, quote: UInt8(ascii: "\""), asciiOnly: asciiOnly, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The state of one `fmt` print call: output bytes and the current verb's flags.
struct GoPrinter {
    var buffer: [UInt8] = []

    var widthPresent = false
    var precisionPresent = false
    var minus = false
    var plus = false
    var sharp = false
    var space = false
    var zero = false
    var plusV = false
    var sharpV = false
    var width = 0
    var precision = 0

    var text: String { String(decoding: buffer, as: UTF8.self) }

    mutating func clearFlags() {
        widthPresent = false
        precisionPresent = false
        minus = false
        plus = false
        sharp = false
        space = false
        zero = false
        plusV = false
        sharpV = false
        width = 0
        precision = 0
    }

    // MARK: - Sprintf

    mutating func printFormatted(_ format: [UInt8], _ arguments: [TemplateValue]) {
        let end = format.count
        var argumentIndex = 0
        var afterIndex = false
        var reordered = false
        var index = 0
        formatLoop: while index < end {
            var goodArgumentIndex = true
            let start = index
            while index < end && format[index] != UInt8(ascii: "%") { index += 1 }
            if index > start { buffer.append(contentsOf: format[start..<index]) }
            if index >= end { break }
            index += 1
            clearFlags()
            flagLoop: while index < end {
                switch format[index] {
                case UInt8(ascii: "#"): sharp = true
                case UInt8(ascii: "0"): zero = !minus
                case UInt8(ascii: "+"): plus = true
                case UInt8(ascii: "-"):
                    minus = true
                    zero = false
                case UInt8(ascii: " "): space = true
                default: break flagLoop
                }
                index += 1
            }

            func argumentNumber(_ current: Int) -> (Int, Bool) {
                guard index < end, format[index] == UInt8(ascii: "[") else { return (current, false) }
                reordered = true
                // Go's parseArgNumber: without a closing bracket only the `[` is skipped.
                guard end - index >= 3, let close = format[(index + 1)...].firstIndex(of: UInt8(ascii: "]")) else {
                    index += 1
                    goodArgumentIndex = false
                    return (current, false)
                }
                let digits = format[(index + 1)..<close]
                index = close + 1
                guard !digits.isEmpty, digits.count < 8,
                    digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
                else {
                    goodArgumentIndex = false
                    return (current, false)
                }
                let number = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                if number < 1 || number > arguments.count {
                    goodArgumentIndex = false
                    return (current, true)
                }
                return (number - 1, true)
            }

            func integerArgument(_ at: Int) -> (Int, Bool, Int) {
                guard at < arguments.count else { return (0, false, at) }
                var value = 0
                var ok = true
                switch arguments[at] {
                case .int(let int): value = int
                case .int64(let int): value = Int(int)
                default: ok = false
                }
                if ok && (value > 1_000_000 || value < -1_000_000) {
                    value = 0
                    ok = false
                }
                return (value, ok, at + 1)
            }

            func parseNumber() -> (Int, Bool) {
                var number = 0
                var present = false
                while index < end, format[index] >= UInt8(ascii: "0"), format[index] <= UInt8(ascii: "9") {
                    if number > 1_000_000 { return (0, false) }
                    number = number * 10 + Int(format[index] - UInt8(ascii: "0"))
                    present = true
                    index += 1
                }
                return (number, present)
            }

            (argumentIndex, afterIndex) = argumentNumber(argumentIndex)
            if index < end && format[index] == UInt8(ascii: "*") {
                index += 1
                (width, widthPresent, argumentIndex) = integerArgument(argumentIndex)
                if !widthPresent { buffer.append(contentsOf: "%!(BADWIDTH)".utf8) }
                if width < 0 {
                    width = -width
                    minus = true
                    zero = false
                }
                afterIndex = false
            } else {
                (width, widthPresent) = parseNumber()
                if afterIndex && widthPresent { goodArgumentIndex = false }
            }

            if index + 1 < end && format[index] == UInt8(ascii: ".") {
                index += 1
                if afterIndex { goodArgumentIndex = false }
                (argumentIndex, afterIndex) = argumentNumber(argumentIndex)
                if index < end && format[index] == UInt8(ascii: "*") {
                    index += 1
                    (precision, precisionPresent, argumentIndex) = integerArgument(argumentIndex)
                    if precision < 0 {
                        precision = 0
                        precisionPresent = false
                    }
                    if !precisionPresent { buffer.append(contentsOf: "%!(BADPREC)".utf8) }
                    afterIndex = false
                } else {
                    (precision, precisionPresent) = parseNumber()
                    if !precisionPresent {
                        precision = 0
                        precisionPresent = true
                    }
                }
            }

            if !afterIndex { (argumentIndex, afterIndex) = argumentNumber(argumentIndex) }

            if index >= end {
                buffer.append(contentsOf: "%!(NOVERB)".utf8)
                break formatLoop
            }
            let (verb, size) = Self.decodeRune(format, at: index)
            index += size

            if verb == "%" {
                buffer.append(UInt8(ascii: "%"))
            } else if !goodArgumentIndex {
                appendBadVerbHeader(verb)
                buffer.append(contentsOf: "BADINDEX)".utf8)
            } else if argumentIndex >= arguments.count {
                appendBadVerbHeader(verb)
                buffer.append(contentsOf: "MISSING)".utf8)
            } else {
                if verb == "v" {
                    sharpV = sharp
                    sharp = false
                    plusV = plus
                    plus = false
                }
                printArgument(arguments[argumentIndex], verb: verb)
                argumentIndex += 1
            }
        }

        if !reordered && argumentIndex < arguments.count {
            clearFlags()
            buffer.append(contentsOf: "%!(EXTRA ".utf8)
            for (position, argument) in arguments[argumentIndex...].enumerated() {
                if position > 0 { buffer.append(contentsOf: ", ".utf8) }
                if case .nil_ = argument {
                    buffer.append(contentsOf: "<nil>".utf8)
                } else {
                    buffer.append(contentsOf: argument.goTypeName.utf8)
                    buffer.append(UInt8(ascii: "="))
                    printArgument(argument, verb: "v")
                }
            }
            buffer.append(UInt8(ascii: ")"))
        }
    }

    private static func decodeRune(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
        let first = bytes[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        var length = 1
        if first >= 0xF0 { length = 4 } else if first >= 0xE0 { length = 3 } else if first >= 0xC0 { length = 2 }
        length = min(length, bytes.count - index)
        let scalar = String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars.first
        return (scalar ?? "\u{FFFD}", length)
    }

    private mutating func appendBadVerbHeader(_ verb: Unicode.Scalar) {
        buffer.append(contentsOf: "%!".utf8)
        buffer.append(contentsOf: String(verb).utf8)
        buffer.append(UInt8(ascii: "("))
    }

    // MARK: - Arguments

    /// Go's `printArg` (depth 0) and `printValue` (inside containers) merged: our values carry their type.
    mutating func printArgument(_ value: TemplateValue, verb: Unicode.Scalar, depth: Int = 0) {
        if verb == "T" {
            padString(value.goTypeName)
            return
        }
        switch value {
        case .nil_:
            if depth > 0 || verb == "v" {
                padString("<nil>")
            } else {
                badVerb(verb, value)
            }
        case .bool(let bool):
            if verb == "t" || verb == "v" { padString(bool ? "true" : "false") } else { badVerb(verb, value) }
        case .int(let int): formatInteger(Int64(int), verb: verb, value: value)
        case .int64(let int): formatInteger(int, verb: verb, value: value)
        case .float64(let double): formatFloat(double, verb: verb, value: value)
        case .string(let string): formatString(string, verb: verb, value: value)
        case .bytes(let bytes): formatBytes(bytes, verb: verb, depth: depth)
        case .time(let time):
            // time.Time is a fmt.Stringer: string verbs print `String()`.
            switch verb {
            case "v" where sharpV: padString("time.Date(\(time))")
            case "v", "s", "q", "x", "X": formatString(time.description, verb: verb, value: value)
            default: badVerb(verb, value)
            }
        case .list(let list):
            if sharpV {
                buffer.append(contentsOf: "[]interface {}{".utf8)
                for (index, element) in list.enumerated() {
                    if index > 0 { buffer.append(contentsOf: ", ".utf8) }
                    printArgument(element, verb: verb, depth: depth + 1)
                }
                buffer.append(UInt8(ascii: "}"))
                return
            }
            buffer.append(UInt8(ascii: "["))
            for (index, element) in list.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: " ")) }
                printArgument(element, verb: verb, depth: depth + 1)
            }
            buffer.append(UInt8(ascii: "]"))
        case .map(let map):
            buffer.append(contentsOf: (sharpV ? "map[string]interface {}{" : "map[").utf8)
            for (index, key) in map.keys.sorted(by: GoString.less).enumerated() {
                if index > 0 { buffer.append(contentsOf: (sharpV ? ", " : " ").utf8) }
                printArgument(.string(key), verb: verb, depth: depth + 1)
                buffer.append(UInt8(ascii: ":"))
                printArgument(map[key] ?? .nil_, verb: verb, depth: depth + 1)
            }
            buffer.append(UInt8(ascii: sharpV ? "}" : "]"))
        case .structure(let structure):
            if sharpV { buffer.append(contentsOf: structure.typeName.utf8) }
            buffer.append(UInt8(ascii: "{"))
            for (index, field) in structure.fields.enumerated() {
                if index > 0 { buffer.append(contentsOf: (sharpV ? ", " : " ").utf8) }
                if plusV || sharpV {
                    buffer.append(contentsOf: field.name.utf8)
                    buffer.append(UInt8(ascii: ":"))
                }
                printArgument(field.value, verb: verb, depth: depth + 1)
            }
            buffer.append(UInt8(ascii: "}"))
        case .function:
            // A func prints as its address in Go; there is none to show.
            if verb == "v" || verb == "p" { padString("0x0") } else { badVerb(verb, value) }
        }
    }

    private mutating func badVerb(_ verb: Unicode.Scalar, _ value: TemplateValue) {
        appendBadVerbHeader(verb)
        if case .nil_ = value {
            buffer.append(contentsOf: "<nil>".utf8)
        } else {
            buffer.append(contentsOf: value.goTypeName.utf8)
            buffer.append(UInt8(ascii: "="))
            printArgument(value, verb: "v")
        }
        buffer.append(UInt8(ascii: ")"))
    }

    // MARK: - Padding

    private mutating func writePadding(_ count: Int) {
        guard count > 0 else { return }
        buffer.append(contentsOf: repeatElement(zero ? UInt8(ascii: "0") : UInt8(ascii: " "), count: count))
    }

    mutating func pad(_ bytes: [UInt8]) {
        guard widthPresent && width != 0 else {
            buffer.append(contentsOf: bytes)
            return
        }
        let padding = width - GoString.runeCount(bytes)
        if minus {
            buffer.append(contentsOf: bytes)
            writePadding(padding)
        } else {
            writePadding(padding)
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func padString(_ string: String) {
        pad(Array(string.utf8))
    }

    // MARK: - Integers

    private mutating func formatInteger(_ value: Int64, verb: Unicode.Scalar, value original: TemplateValue) {
        switch verb {
        case "v", "d": appendInteger(value, base: 10, verb: verb, upper: false)
        case "b": appendInteger(value, base: 2, verb: verb, upper: false)
        case "o", "O": appendInteger(value, base: 8, verb: verb, upper: false)
        case "x": appendInteger(value, base: 16, verb: verb, upper: false)
        case "X": appendInteger(value, base: 16, verb: verb, upper: true)
        case "c": pad(Array(String(Self.scalar(value)).utf8))
        case "q":
            var out: [UInt8] = []
            GoQuote.appendQuotedRune(Self.scalar(value), asciiOnly: plus, into: &out)
            pad(out)
        case "U": appendUnicode(value)
        default: badVerb(verb, original)
        }
    }

    private static func scalar(_ value: Int64) -> Unicode.Scalar {
        guard value >= 0, value <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(value)) else { return "\u{FFFD}" }
        return scalar
    }

    private mutating func appendInteger(_ value: Int64, base: UInt64, verb: Unicode.Scalar, upper: Bool) {
        if precisionPresent && precision == 0 && value == 0 {
            let savedZero = zero
            zero = false
            writePadding(width)
            zero = savedZero
            return
        }
        let negative = value < 0
        var magnitude = value.magnitude
        var minimumDigits = 0
        if precisionPresent {
            minimumDigits = precision
        } else if zero && widthPresent && !minus {
            minimumDigits = width
            if negative || plus || space { minimumDigits -= 1 }
        }
        let digitSet = Array((upper ? "0123456789ABCDEFX" : "0123456789abcdefx").utf8)
        var digits: [UInt8] = []
        repeat {
            digits.append(digitSet[Int(magnitude % base)])
            magnitude /= base
        } while magnitude > 0
        while digits.count < minimumDigits { digits.append(UInt8(ascii: "0")) }
        if sharp {
            switch base {
            case 2: digits.append(contentsOf: [UInt8(ascii: "b"), UInt8(ascii: "0")])
            case 8: if digits.last != UInt8(ascii: "0") { digits.append(UInt8(ascii: "0")) }
            case 16: digits.append(contentsOf: [digitSet[16], UInt8(ascii: "0")])
            default: break
            }
        }
        if verb == "O" { digits.append(contentsOf: [UInt8(ascii: "o"), UInt8(ascii: "0")]) }
        if negative {
            digits.append(UInt8(ascii: "-"))
        } else if plus {
            digits.append(UInt8(ascii: "+"))
        } else if space {
            digits.append(UInt8(ascii: " "))
        }
        // Zero padding was turned into digits above; the rest pads with spaces.
        let savedZero = zero
        zero = false
        pad(digits.reversed())
        zero = savedZero
    }

    private mutating func appendUnicode(_ value: Int64) {
        var hex = Array(String(UInt64(bitPattern: value), radix: 16, uppercase: true).utf8)
        let minimum = precisionPresent && precision > 4 ? precision : 4
        while hex.count < minimum { hex.insert(UInt8(ascii: "0"), at: 0) }
        var out = Array("U+".utf8) + hex
        if sharp, value >= 0, value <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(value)), GoQuote.isPrint(scalar) {
            out.append(contentsOf: " '".utf8)
            out.append(contentsOf: String(scalar).utf8)
            out.append(UInt8(ascii: "'"))
        }
        let savedZero = zero
        zero = false
        pad(out)
        zero = savedZero
    }

    // MARK: - Floats

    private mutating func formatFloat(_ value: Double, verb: Unicode.Scalar, value original: TemplateValue) {
        switch verb {
        case "v": appendFloat(value, format: UInt8(ascii: "g"), precision: -1, verb: "g")
        case "b", "g", "G", "x", "X":
            let format = UInt8(ascii: String(verb).unicodeScalars.first!)
            appendFloat(value, format: format, precision: precisionPresent ? precision : -1, verb: verb)
        case "f", "F":
            appendFloat(value, format: UInt8(ascii: "f"), precision: precisionPresent ? precision : 6, verb: verb)
        case "e", "E":
            let format = UInt8(ascii: String(verb).unicodeScalars.first!)
            appendFloat(value, format: format, precision: precisionPresent ? precision : 6, verb: verb)
        default: badVerb(verb, original)
        }
    }

    private mutating func appendFloat(_ value: Double, format: UInt8, precision: Int, verb: Unicode.Scalar) {
        let formatted = Array(GoFloat.format(value, format, precision: precision).utf8)
        var number: [UInt8]
        if formatted.first == UInt8(ascii: "-") || formatted.first == UInt8(ascii: "+") {
            number = formatted
        } else {
            number = [UInt8(ascii: "+")] + formatted
        }
        if space && number[0] == UInt8(ascii: "+") && !plus { number[0] = UInt8(ascii: " ") }
        if number[1] == UInt8(ascii: "I") || number[1] == UInt8(ascii: "N") {
            let savedZero = zero
            zero = false
            if number[1] == UInt8(ascii: "N") && !space && !plus { number.removeFirst() }
            pad(number)
            zero = savedZero
            return
        }
        if sharp && format != UInt8(ascii: "b") {
            var digits = 0
            switch verb {
            case "v", "g", "G", "x":
                digits = precision
                if digits == -1 { digits = 6 }
            default: break
            }
            var tail: [UInt8] = []
            var hasDecimalPoint = false
            var sawNonzeroDigit = false
            var index = 1
            scan: while index < number.count {
                switch number[index] {
                case UInt8(ascii: "."):
                    hasDecimalPoint = true
                case UInt8(ascii: "p"), UInt8(ascii: "P"):
                    tail = Array(number[index...])
                    number.removeSubrange(index...)
                    break scan
                case UInt8(ascii: "e") where verb != "x" && verb != "X",
                    UInt8(ascii: "E") where verb != "x" && verb != "X":
                    tail = Array(number[index...])
                    number.removeSubrange(index...)
                    break scan
                default:
                    if number[index] != UInt8(ascii: "0") { sawNonzeroDigit = true }
                    if sawNonzeroDigit { digits -= 1 }
                }
                index += 1
            }
            if !hasDecimalPoint {
                if number.count == 2 && number[1] == UInt8(ascii: "0") { digits -= 1 }
                number.append(UInt8(ascii: "."))
            }
            while digits > 0 {
                number.append(UInt8(ascii: "0"))
                digits -= 1
            }
            number.append(contentsOf: tail)
        }
        if plus || number[0] != UInt8(ascii: "+") {
            if zero && widthPresent && width > number.count {
                buffer.append(number[0])
                width -= 1
                pad(Array(number[1...]))
                width += 1
                return
            }
            pad(number)
            return
        }
        pad(Array(number[1...]))
    }

    // MARK: - Strings and bytes

    private mutating func formatString(_ string: String, verb: Unicode.Scalar, value: TemplateValue) {
        switch verb {
        case "v":
            if sharpV { appendQuoted(Array(string.utf8)) } else { appendTruncated(Array(string.utf8)) }
        case "s": appendTruncated(Array(string.utf8))
        case "x": appendHex(Array(string.utf8), upper: false)
        case "X": appendHex(Array(string.utf8), upper: true)
        case "q": appendQuoted(Array(string.utf8))
        default: badVerb(verb, value)
        }
    }

    private mutating func formatBytes(_ bytes: [UInt8], verb: Unicode.Scalar, depth: Int) {
        switch verb {
        case "v", "d":
            if sharpV {
                buffer.append(contentsOf: "[]byte{".utf8)
                for (index, byte) in bytes.enumerated() {
                    if index > 0 { buffer.append(contentsOf: ", ".utf8) }
                    buffer.append(contentsOf: ("0x" + String(byte, radix: 16)).utf8)
                }
                buffer.append(UInt8(ascii: "}"))
                return
            }
            buffer.append(UInt8(ascii: "["))
            for (index, byte) in bytes.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: " ")) }
                appendInteger(Int64(byte), base: 10, verb: verb, upper: false)
            }
            buffer.append(UInt8(ascii: "]"))
        case "s": appendTruncated(bytes)
        case "x": appendHex(bytes, upper: false)
        case "X": appendHex(bytes, upper: true)
        case "q": appendQuoted(bytes)
        default:
            buffer.append(UInt8(ascii: "["))
            for (index, byte) in bytes.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: " ")) }
                printArgument(.int(Int(byte)), verb: verb, depth: depth + 1)
            }
            buffer.append(UInt8(ascii: "]"))
        }
    }

    /// The string cut to `precision` runes when one is given.
    private func truncated(_ bytes: [UInt8]) -> [UInt8] {
        guard precisionPresent else { return bytes }
        var remaining = precision
        var index = 0
        while index < bytes.count {
            if remaining == 0 { return Array(bytes[0..<index]) }
            remaining -= 1
            index += GoString.runeLength(bytes, at: index)
        }
        return bytes
    }

    private mutating func appendTruncated(_ bytes: [UInt8]) {
        pad(truncated(bytes))
    }

    private mutating func appendQuoted(_ bytes: [UInt8]) {
        let cut = truncated(bytes)
        let string = String(decoding: cut, as: UTF8.self)
        var out: [UInt8] = []
        if sharp && GoQuote.canBackquote(string) {
            out.append(UInt8(ascii: "`"))
            out.append(contentsOf: cut)
            out.append(UInt8(ascii: "`"))
        } else {
            GoQuote.appendQuoted(string, quote: UInt8(ascii: "\""), asciiOnly: plus, into: &out)
        }
        pad(out)
    }

    private mutating func appendHex(_ bytes: [UInt8], upper: Bool) {
        let digits = Array((upper ? "0123456789ABCDEFX" : "0123456789abcdefx").utf8)
        var length = bytes.count
        if precisionPresent && precision < length { length = precision }
        var encodedWidth = 2 * length
        if encodedWidth > 0 {
            if space {
                if sharp { encodedWidth *= 2 }
                encodedWidth += length - 1
            } else if sharp {
                encodedWidth += 2
            }
        } else {
            if widthPresent { writePadding(width) }
            return
        }
        if widthPresent && width > encodedWidth && !minus { writePadding(width - encodedWidth) }
        if sharp { buffer.append(contentsOf: [UInt8(ascii: "0"), digits[16]]) }
        for index in 0..<length {
            if space && index > 0 {
                buffer.append(UInt8(ascii: " "))
                if sharp { buffer.append(contentsOf: [UInt8(ascii: "0"), digits[16]]) }
            }
            buffer.append(digits[Int(bytes[index] >> 4)])
            buffer.append(digits[Int(bytes[index] & 0xF)])
        }
        if widthPresent && width > encodedWidth && minus { writePadding(width - encodedWidth) }
    }
}
