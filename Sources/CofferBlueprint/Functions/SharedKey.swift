/// Argument keys many Kanister functions share, spelled once (Kanister's `PodOverrideArg`, ...).
enum SharedKey {
    /// Pod spec fields merged into the pod a function creates.
    static let podOverride = "podOverride"
    /// Labels for the pod a function creates.
    static let podLabels = "podLabels"
    /// Annotations for the pod a function creates.
    static let podAnnotations = "podAnnotations"
    /// Skip TLS verification when talking to the object store.
    static let insecureTLS = "insecureTLS"
    /// Where the RDS functions find AWS credentials (`profile` or `secret`).
    static let credentialsSource = "credentialsSource"
    /// The secret holding AWS credentials when `credentialsSource` is `secret`.
    static let credentialsSecret = "credentialsSecret"
    /// The AWS region, overriding the profile's.
    static let region = "region"
    /// Picks one user of a Kopia repository server.
    static let repositoryServerUserHostname = "repositoryServerUserHostname"
}
