// The `fmt`-based functions Go's text/template predefines: print, printf, println, and the escapers
// html, js and urlquery, which take one string as it is or else `fmt.Sprint` of all their arguments.

extension Sprig {
    static let printing: [TemplateFunction] = [
        function("print", [], variadic: .any) { .string(GoFormat.sprint($0)) },
        function("printf", [.string], variadic: .any) {
            .string(GoFormat.sprintf(string($0[0]), Array($0.dropFirst())))
        },
        function("println", [], variadic: .any) { .string(GoFormat.sprintln($0)) },
        function("html", [], variadic: .any) { .string(htmlEscape(escaperText($0))) },
        function("js", [], variadic: .any) { .string(jsEscape(escaperText($0))) },
        function("urlquery", [], variadic: .any) { .string(queryEscape(escaperText($0))) },
    ]

    /// text/template's `evalArgs`: a single string argument as it is, otherwise `fmt.Sprint` of them all.
    private static func escaperText(_ arguments: [TemplateValue]) -> String {
        if arguments.count == 1, case .string(let string) = arguments[0] { return string }
        return GoFormat.sprint(arguments)
    }

    /// `template.HTMLEscapeString`.
    static func htmlEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `template.JSEscapeString`: quotes, backslash and `<>&=` escaped; control and unprintable runes as `\uXXXX`.
    static func jsEscape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
                } else if scalar.value >= 0x80 && !GoQuote.isPrint(scalar) {
                    var digits = String(scalar.value, radix: 16, uppercase: true)
                    while digits.count < 4 { digits = "0" + digits }
                    out += "\\u" + digits
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `url.QueryEscape`: unreserved bytes kept, space as `+`, everything else `%XX`.
    static func queryEscape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
