import CofferCore

/// Coffer's extensions to the Kanister format, read from `metadata.annotations`.
///
/// Kanister has no timeouts or retries. Coffer's settings for them live in annotations because that is
/// the one place a Blueprint can carry extra data that Kanister ignores *and* the API server keeps:
/// Kanister's Blueprint CRD (`pkg/customresource/blueprint.yaml`) is a structural schema without
/// `x-kubernetes-preserve-unknown-fields` on actions or phases, so an unknown phase key such as
/// `x-coffer:` is rejected by `kubectl apply` (strict field validation, the default) and pruned when
/// stored, and an unknown key in `args` fails Kanister's own argument check. Annotations are plain
/// strings, so each setting is one key:
///
/// ```yaml
/// metadata:
///   annotations:
///     coffer.dev/timeout.backup: 1h                        # the whole `backup` action
///     coffer.dev/timeout.backup.dumpToStore: 5m            # one phase (deferPhase: by its name)
///     coffer.dev/retry.backup.dumpToStore: attempts=3,backoff=10s
/// ```
///
/// Durations use Go's syntax (``GoDuration``). `attempts` counts every run, the first included.
struct CofferAnnotations {
    static let prefix = "coffer.dev/"
    static let timeoutPrefix = "coffer.dev/timeout."
    static let retryPrefix = "coffer.dev/retry."

    /// One parsed setting and where its annotation value is.
    struct Setting<T> {
        var value: T
        var path: ValuePath
    }

    /// A `coffer.dev/` annotation that could not be read.
    struct Problem {
        var message: String
        var path: ValuePath
    }

    /// Timeouts keyed by `action` or `action.phase`.
    var timeouts: [String: Setting<Duration>] = [:]
    /// Retry policies keyed by `action.phase`.
    var retries: [String: Setting<RetryPolicy>] = [:]
    /// Every `coffer.dev/` key, for reporting the ones that name no action or phase.
    var keys: [(key: String, path: ValuePath)] = []
    var problems: [Problem] = []

    /// Reads the `coffer.dev/` annotations of a blueprint document; other annotations are ignored.
    init(document value: Value) {
        let annotationsPath = ValuePath.root.appending("metadata").appending("annotations")
        guard let annotations = value[path: annotationsPath]?.objectValue else { return }
        for (key, annotation) in annotations where key.hasPrefix(Self.prefix) {
            let path = annotationsPath.appending(key)
            keys.append((key, path))
            guard let text = annotation.stringValue else {
                problems.append(Problem(message: "annotation \"\(key)\" must be a string", path: path))
                continue
            }
            if key.hasPrefix(Self.timeoutPrefix) {
                let target = String(key.dropFirst(Self.timeoutPrefix.count))
                guard let duration = GoDuration.parse(text), duration > .zero else {
                    problems.append(
                        Problem(
                            message: "\"\(text)\" is not a positive Go duration such as 90s, 5m or 1h30m", path: path))
                    continue
                }
                timeouts[target] = Setting(value: duration, path: path)
            } else if key.hasPrefix(Self.retryPrefix) {
                let target = String(key.dropFirst(Self.retryPrefix.count))
                switch Self.retryPolicy(text) {
                case .success(let policy): retries[target] = Setting(value: policy, path: path)
                case .failure(let problem): problems.append(Problem(message: problem.message, path: path))
                }
            }
        }
    }

    /// The options for phase `phase` of action `action`.
    func options(action: String, phase: String) -> PhaseOptions {
        guard !phase.isEmpty else { return PhaseOptions() }
        let target = "\(action).\(phase)"
        return PhaseOptions(timeout: timeouts[target]?.value, retry: retries[target]?.value)
    }

    private struct RetryProblem: Error { var message: String }

    /// Parses `attempts=3` or `attempts=3,backoff=10s` (the grammar the schema's pattern states).
    private static func retryPolicy(_ text: String) -> Result<RetryPolicy, RetryProblem> {
        let expected = "expected attempts=N or attempts=N,backoff=DURATION, got \"\(text)\""
        let fields = text.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        guard fields[0].hasPrefix("attempts=") else { return .failure(RetryProblem(message: expected)) }
        let count = fields[0].dropFirst("attempts=".count)
        guard let attempts = Int(count), attempts >= 1 else {
            return .failure(
                RetryProblem(message: "retry attempts must be a whole number of at least 1, got \"\(count)\""))
        }
        guard fields.count == 2 else { return .success(RetryPolicy(attempts: attempts)) }
        guard fields[1].hasPrefix("backoff=") else { return .failure(RetryProblem(message: expected)) }
        let text = String(fields[1].dropFirst("backoff=".count))
        guard let backoff = GoDuration.parse(text), backoff >= .zero else {
            return .failure(RetryProblem(message: "retry backoff \"\(text)\" is not a Go duration such as 2s or 1m"))
        }
        return .success(RetryPolicy(attempts: attempts, backoff: backoff))
    }
}
