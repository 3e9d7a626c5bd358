/// Go's `strconv.FormatFloat` with precision -1 (the shortest digits that read back to the same value).
///
/// Kubernetes tools print numbers this way, so Coffer's JSON and YAML key text match theirs byte for byte.
/// The digits come from Swift's own shortest round-trip `description`; only the layout is Go's.
package enum GoFloatFormat {
    /// The `fmt` byte of `strconv.FormatFloat`.
    package enum Verb: Sendable {
        /// `-d.ddde±dd`.
        case e
        /// `-ddd.ddd`, never an exponent.
        case f
        /// `e` for exponents below -4 or from 6 up, `f` otherwise.
        case g
    }

    /// `strconv.FormatFloat(value, verb, -1, bitSize)`; `bitSize` 32 rounds to `Float` first.
    package static func format(_ value: Double, _ verb: Verb, bitSize: Int = 64) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if bitSize == 32 && Float(value).isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let digits = bitSize == 32 ? ShortestDigits(Float(value)) : ShortestDigits(value)
        switch verb {
        case .e: return digits.exponentForm()
        case .f: return digits.fixedForm()
        case .g:
            let exponent = digits.decimalPoint - 1
            if digits.digits.isEmpty || (exponent >= -4 && exponent < 6) { return digits.fixedForm() }
            return digits.exponentForm()
        }
    }

    /// How Go's `encoding/json` prints a float64: fixed notation unless |x| < 1e-6 or |x| ≥ 1e21, and
    /// a one-digit negative exponent loses its leading zero (`1e-7`, not `1e-07`).
    ///
    /// Go refuses NaN and infinities; callers decide what to print instead.
    package static func json(_ value: Double) -> String {
        let magnitude = value.magnitude
        guard magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 else { return format(value, .f) }
        var text = Array(format(value, .e).utf8)
        let count = text.count
        if count >= 4, text[count - 4] == UInt8(ascii: "e"), text[count - 3] == UInt8(ascii: "-"),
            text[count - 2] == UInt8(ascii: "0")
        {
            text.remove(at: count - 2)
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A finite number as its shortest round-trip decimal digits: the value is `0.d₁d₂…dₙ × 10^decimalPoint`.
struct ShortestDigits {
    var negative: Bool
    /// ASCII digits without leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    var decimalPoint: Int

    init(_ value: Double) {
        self.init(description: value.description)
    }

    init(_ value: Float) {
        self.init(description: value.description)
    }

    /// Parses Swift's `description` of a finite value: `-12.5`, `1e-07`, `1.2345e+20`.
    private init(description: String) {
        negative = false
        digits = []
        decimalPoint = 0
        var sawPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in description.utf8 {
            switch byte {
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    if digits.isEmpty && byte == UInt8(ascii: "0") {
                        // A leading zero moves the point instead of becoming a digit.
                        if sawPoint { decimalPoint -= 1 }
                        continue
                    }
                    digits.append(byte)
                    if !sawPoint { decimalPoint += 1 }
                }
            default: break
            }
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty {
            decimalPoint = 0
        } else {
            decimalPoint += exponentSign * exponent
        }
    }

    /// Go's `fmtE` with every digit kept: `d.ddde±dd`, at least two exponent digits.
    func exponentForm() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 8)
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(digits.first ?? UInt8(ascii: "0"))
        if digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[1...])
        }
        out.append(UInt8(ascii: "e"))
        var exponent = digits.isEmpty ? 0 : decimalPoint - 1
        if exponent < 0 {
            out.append(UInt8(ascii: "-"))
            exponent = -exponent
        } else {
            out.append(UInt8(ascii: "+"))
        }
        if exponent < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(exponent).utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `fmtF` with every digit kept: no exponent, no trailing fractional zeros.
    func fixedForm() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + max(decimalPoint, -decimalPoint) + 3)
        if negative { out.append(UInt8(ascii: "-")) }
        if decimalPoint > 0 {
            let whole = min(digits.count, decimalPoint)
            out.append(contentsOf: digits[..<whole])
            for _ in whole..<decimalPoint { out.append(UInt8(ascii: "0")) }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        let fractionDigits = max(digits.count - decimalPoint, 0)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            for offset in 0..<fractionDigits {
                let index = decimalPoint + offset
                out.append(index >= 0 && index < digits.count ? digits[index] : UInt8(ascii: "0"))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
