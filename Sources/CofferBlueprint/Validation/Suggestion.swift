/// The candidate closest to `word` when it is plausibly a typo of it.
///
/// Plausible: a case-insensitive edit distance of at most a third of the word (1 to 3), or of at most
/// half of it when most of the shorter name is a shared start (`waitForReadiness` for `waitForReady`).
func closestMatch(to word: String, in candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let other = Array(candidate.lowercased())
        let distance = editDistance(target, other)
        let shared = zip(target, other).prefix { $0 == $1 }.count
        let plausible =
            distance <= max(1, min(3, target.count / 3))
            || (shared >= 4 && shared * 4 >= min(target.count, other.count) * 3 && distance * 2 <= target.count)
        if plausible, distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.candidate
}

/// Levenshtein distance between two character arrays.
private func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
    if lhs.isEmpty { return rhs.count }
    var previous = Array(0...rhs.count)
    var current = previous
    for (i, left) in lhs.enumerated() {
        current[0] = i + 1
        for (j, right) in rhs.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[rhs.count]
}
