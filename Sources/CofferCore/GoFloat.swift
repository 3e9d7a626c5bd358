/// Go's `strconv.FormatFloat`: the digits and layouts `fmt`, `encoding/json` and Kubernetes' YAML print.
///
/// Shortest digits come from Swift's own shortest round-trip conversion (the same digits Go's Ryu
/// picks); fixed precisions round the exact binary value, half to even, as Go's `decimal` does.
package enum GoFloat {
    /// Decimal digits `0.d1d2d3... × 10^decimalPoint`; no leading or trailing zeros; empty for zero.
    package struct Digits {
        var digits: [UInt8]
        var decimalPoint: Int
    }

    // MARK: - Digits

    /// The shortest digits that read back as `value` (finite, sign ignored).
    static func shortest(_ value: Double, bitSize: Int = 64) -> Digits {
        let magnitude = abs(value)
        if magnitude == 0 { return Digits(digits: [], decimalPoint: 0) }
        // A float32's shortest digits are those of the `Float` it rounds to.
        let text = Array((bitSize == 32 ? Float(magnitude).description : magnitude.description).utf8)
        var mantissa: [UInt8] = []
        var pointIndex: Int?
        var exponent = 0
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
                break
            }
            if byte == UInt8(ascii: ".") {
                pointIndex = mantissa.count
            } else {
                mantissa.append(byte - UInt8(ascii: "0"))
            }
            index += 1
        }
        var decimalPoint = (pointIndex ?? mantissa.count) + exponent
        var start = 0
        while start < mantissa.count && mantissa[start] == 0 {
            start += 1
            decimalPoint -= 1
        }
        var end = mantissa.count
        while end > start && mantissa[end - 1] == 0 { end -= 1 }
        return Digits(digits: Array(mantissa[start..<end]), decimalPoint: decimalPoint)
    }

    /// Every digit of the exact binary value (finite, sign ignored).
    static func exact(_ value: Double) -> Digits {
        let magnitude = abs(value)
        if magnitude == 0 { return Digits(digits: [], decimalPoint: 0) }
        var significand = magnitude.significandBitPattern
        var exponent = Int(magnitude.exponentBitPattern)
        if exponent == 0 {
            exponent = 1
        } else {
            significand |= 1 << 52
        }
        exponent -= 1075
        var number = DecimalLimbs(significand)
        var decimalPoint: Int
        if exponent >= 0 {
            var remaining = exponent
            while remaining > 0 {
                let step = min(remaining, 30)
                number.multiply(by: UInt64(1) << step)
                remaining -= step
            }
            decimalPoint = 0
        } else {
            var remaining = -exponent
            while remaining > 0 {
                let step = min(remaining, 13)
                var factor: UInt64 = 1
                for _ in 0..<step { factor *= 5 }
                number.multiply(by: factor)
                remaining -= step
            }
            decimalPoint = exponent
        }
        var digits = number.decimalDigits()
        decimalPoint += digits.count
        while let last = digits.last, last == 0 { digits.removeLast() }
        return Digits(digits: digits, decimalPoint: decimalPoint)
    }

    /// `digits` rounded to `count` significant digits, half to even, trailing zeros removed.
    static func rounded(_ value: Digits, toDigits count: Int) -> Digits {
        var result = value
        guard count >= 0, count < value.digits.count else { return value }
        let next = value.digits[count]
        var roundUp = next > 5
        if next == 5 {
            if count + 1 < value.digits.count {
                roundUp = true
            } else {
                roundUp = count > 0 && value.digits[count - 1] % 2 == 1
            }
        }
        result.digits = Array(value.digits[0..<count])
        if roundUp {
            var index = count - 1
            while index >= 0 && result.digits[index] == 9 {
                result.digits[index] = 0
                index -= 1
            }
            if index < 0 {
                result.digits = [1] + result.digits
                result.decimalPoint += 1
            } else {
                result.digits[index] += 1
            }
        }
        while let last = result.digits.last, last == 0 { result.digits.removeLast() }
        if result.digits.isEmpty { result.decimalPoint = 0 }
        return result
    }

    // MARK: - FormatFloat

    /// `strconv.FormatFloat(value, format, precision, bitSize)`; `precision` -1 means shortest.
    ///
    /// `bitSize` 32 (shortest mode only) rounds to `Float` first, as Go does for float32.
    package static func format(_ value: Double, _ format: UInt8, precision: Int, bitSize: Int = 64) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite || (bitSize == 32 && Float(value).isInfinite) { return value < 0 ? "-Inf" : "+Inf" }
        let negative = value.sign == .minus
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        switch format {
        case UInt8(ascii: "b"):
            appendBinary(value, into: &out)
            return String(decoding: out, as: UTF8.self)
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            appendHex(value, format, precision: precision, into: &out)
            return String(decoding: out, as: UTF8.self)
        default:
            break
        }
        let shortestMode = precision < 0
        var digits: Digits
        var precision = precision
        if shortestMode {
            digits = shortest(value, bitSize: bitSize)
            switch format {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): precision = max(digits.digits.count - 1, 0)
            case UInt8(ascii: "f"): precision = max(digits.digits.count - digits.decimalPoint, 0)
            default: precision = digits.digits.count
            }
        } else {
            let all = exact(value)
            switch format {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): digits = rounded(all, toDigits: precision + 1)
            case UInt8(ascii: "f"): digits = rounded(all, toDigits: all.decimalPoint + precision)
            default:
                if precision == 0 { precision = 1 }
                digits = rounded(all, toDigits: precision)
            }
            if all.decimalPoint + precision < 0 && format == UInt8(ascii: "f") {
                digits = Digits(digits: [], decimalPoint: 0)
            }
        }
        switch format {
        case UInt8(ascii: "e"), UInt8(ascii: "E"):
            appendE(digits, precision: precision, format: format, into: &out)
        case UInt8(ascii: "f"):
            appendF(digits, precision: precision, into: &out)
        default:
            var exponentLimit = precision
            if exponentLimit > digits.digits.count && digits.digits.count >= digits.decimalPoint {
                exponentLimit = digits.digits.count
            }
            if shortestMode { exponentLimit = 6 }
            let exponent = digits.decimalPoint - 1
            if exponent < -4 || exponent >= exponentLimit {
                if precision > digits.digits.count { precision = digits.digits.count }
                let letter = format == UInt8(ascii: "G") ? UInt8(ascii: "E") : UInt8(ascii: "e")
                appendE(digits, precision: max(precision - 1, 0), format: letter, into: &out)
            } else {
                if precision > digits.decimalPoint { precision = digits.digits.count }
                appendF(digits, precision: max(precision - digits.decimalPoint, 0), into: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `encoding/json`'s float text: `'f'` unless the magnitude is below 1e-6 or at least 1e21.
    package static func json(_ value: Double) -> String {
        let magnitude = abs(value)
        var useExponent = false
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) { useExponent = true }
        var text = Array(format(value, useExponent ? UInt8(ascii: "e") : UInt8(ascii: "f"), precision: -1).utf8)
        if useExponent {
            let count = text.count
            if count >= 4 && text[count - 4] == UInt8(ascii: "e") && text[count - 3] == UInt8(ascii: "-")
                && text[count - 2] == UInt8(ascii: "0")
            {
                text[count - 2] = text[count - 1]
                text.removeLast()
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Layouts

    private static func appendE(_ digits: Digits, precision: Int, format: UInt8, into out: inout [UInt8]) {
        out.append(digits.digits.isEmpty ? UInt8(ascii: "0") : digits.digits[0] + UInt8(ascii: "0"))
        if precision > 0 {
            out.append(UInt8(ascii: "."))
            var index = 1
            let available = min(digits.digits.count, precision + 1)
            while index < available {
                out.append(digits.digits[index] + UInt8(ascii: "0"))
                index += 1
            }
            while index <= precision {
                out.append(UInt8(ascii: "0"))
                index += 1
            }
        }
        out.append(format)
        var exponent = digits.digits.isEmpty ? 0 : digits.decimalPoint - 1
        if exponent < 0 {
            out.append(UInt8(ascii: "-"))
            exponent = -exponent
        } else {
            out.append(UInt8(ascii: "+"))
        }
        if exponent < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(exponent).utf8)
    }

    private static func appendF(_ digits: Digits, precision: Int, into out: inout [UInt8]) {
        if digits.decimalPoint > 0 {
            let available = min(digits.digits.count, digits.decimalPoint)
            for index in 0..<available { out.append(digits.digits[index] + UInt8(ascii: "0")) }
            for _ in available..<digits.decimalPoint { out.append(UInt8(ascii: "0")) }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        if precision > 0 {
            out.append(UInt8(ascii: "."))
            for offset in 1...precision {
                let index = digits.decimalPoint + offset - 1
                let digit = index >= 0 && index < digits.digits.count ? digits.digits[index] : 0
                out.append(digit + UInt8(ascii: "0"))
            }
        }
    }

    /// `-ddddp±ddd`: the integer significand and the power of two.
    private static func appendBinary(_ value: Double, into out: inout [UInt8]) {
        let magnitude = abs(value)
        var significand = magnitude.significandBitPattern
        var exponent = Int(magnitude.exponentBitPattern)
        if exponent == 0 {
            exponent = 1
        } else {
            significand |= 1 << 52
        }
        exponent -= 1075
        out.append(contentsOf: String(significand).utf8)
        out.append(UInt8(ascii: "p"))
        if exponent >= 0 { out.append(UInt8(ascii: "+")) }
        out.append(contentsOf: String(exponent).utf8)
    }

    /// `-0x1.8p+01`: hexadecimal significand, shortest unless a precision is given.
    private static func appendHex(_ value: Double, _ format: UInt8, precision: Int, into out: inout [UInt8]) {
        let magnitude = abs(value)
        var significand = magnitude.significandBitPattern
        var exponent = Int(magnitude.exponentBitPattern)
        if exponent == 0 {
            exponent = 1
        } else {
            significand |= 1 << 52
        }
        exponent -= 1023
        if significand == 0 { exponent = 0 }
        significand <<= 8
        while significand != 0 && significand & (1 << 60) == 0 {
            significand <<= 1
            exponent -= 1
        }
        if precision >= 0 && precision < 15 {
            let shift = UInt64(precision * 4)
            let extra = (significand << shift) & ((1 << 60) - 1)
            significand >>= 60 - shift
            if extra | (significand & 1) > 1 << 59 { significand += 1 }
            significand <<= 60 - shift
            if significand & (1 << 61) != 0 {
                significand >>= 1
                exponent += 1
            }
        }
        let hex = Array((format == UInt8(ascii: "X") ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        out.append(UInt8(ascii: "0"))
        out.append(format)
        out.append(UInt8(ascii: "0") + UInt8((significand >> 60) & 1))
        significand <<= 4
        if precision < 0 && significand != 0 {
            out.append(UInt8(ascii: "."))
            while significand != 0 {
                out.append(hex[Int((significand >> 60) & 15)])
                significand <<= 4
            }
        } else if precision > 0 {
            out.append(UInt8(ascii: "."))
            for _ in 0..<precision {
                out.append(hex[Int((significand >> 60) & 15)])
                significand <<= 4
            }
        }
        out.append(format == UInt8(ascii: "X") ? UInt8(ascii: "P") : UInt8(ascii: "p"))
        if exponent < 0 {
            out.append(UInt8(ascii: "-"))
            exponent = -exponent
        } else {
            out.append(UInt8(ascii: "+"))
        }
        if exponent < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(exponent).utf8)
    }
}

/// A non-negative integer in base-10⁹ limbs, least significant first: enough bignum for exact float digits.
private struct DecimalLimbs {
    private static let base: UInt64 = 1_000_000_000
    private var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var rest = value
        repeat {
            limbs.append(rest % Self.base)
            rest /= Self.base
        } while rest > 0
    }

    /// Multiplies in place; `factor` must stay below 2³² so a limb product cannot overflow.
    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = limbs[index] * factor + carry
            limbs[index] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    func decimalDigits() -> [UInt8] {
        var digits: [UInt8] = []
        for (position, limb) in limbs.reversed().enumerated() {
            var chunk = [UInt8](repeating: 0, count: 9)
            var rest = limb
            for index in stride(from: 8, through: 0, by: -1) {
                chunk[index] = UInt8(rest % 10)
                rest /= 10
            }
            if position == 0 {
                let firstNonZero = chunk.firstIndex { $0 != 0 } ?? 8
                digits.append(contentsOf: chunk[firstNonZero...])
            } else {
                digits.append(contentsOf: chunk)
            }
        }
        return digits
    }
}
