import CofferTestSupport
import Foundation
import Testing

@testable import CofferKube

@Suite struct KubeConfigTests {
    static let first = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example:6443
            certificate-authority: certs/ca.pem
            tls-server-name: api.dev.internal
            proxy-url: http://proxy.example:3128
        - name: shared
          cluster:
            server: https://first.example
        users:
        - name: dev-user
          user:
            token: first-token
        contexts:
        - name: dev
          context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
        - name: shared
          context: {cluster: shared, user: dev-user}
        """
    static let second = """
        current-context: prod
        clusters:
        - name: shared
          cluster:
            server: https://second.example
        - name: prod-cluster
          cluster:
            server: https://prod.example/
            insecure-skip-tls-verify: true
        users:
        - name: prod-user
          user:
            client-certificate-data: Q0VSVA==
            client-key-data: S0VZ
        contexts:
        - name: prod
          context: {cluster: prod-cluster, user: prod-user}
        """

    @Test func theFirstFileInKUBECONFIGWinsForNamesAndCurrentContext() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a/config", Self.first)
        let b = try directory.write("b/config", Self.second)
        try directory.write("a/certs/ca.pem", "CA PEM")
        let environment = ["KUBECONFIG": "\(a)::\(directory.path)/missing:\(b)"]
        let config = try KubeConfig.read(kubeconfigPath: nil, environment: environment)
        #expect(config.currentContext == "dev")
        #expect(config.contextNames == ["dev", "prod", "shared"])
        #expect(try config.connection(context: "shared").server == "https://first.example")
    }

    @Test func theCurrentContextResolvesClusterUserAndNamespace() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a/config", Self.first)
        try directory.write("a/certs/ca.pem", "CA PEM")
        let connection = try KubeConfig.load(kubeconfigPath: a, context: nil, environment: [:])
        #expect(connection.server == "https://dev.example:6443")
        #expect(connection.namespace == "team-a")
        #expect(connection.contextName == "dev")
        #expect(connection.caData == Array("CA PEM".utf8))
        #expect(connection.credentials == .token("first-token"))
        #expect(connection.tlsServerName == "api.dev.internal")
        #expect(connection.proxyURL == "http://proxy.example:3128")
    }

    @Test func contextAndNamespaceFlagsOverrideTheFile() throws {
        let directory = try TemporaryDirectory()
        let b = try directory.write("config", Self.second)
        let connection = try KubeConfig.load(kubeconfigPath: b, context: "prod", namespace: "other", environment: [:])
        #expect(connection.server == "https://prod.example")
        #expect(connection.namespace == "other")
        #expect(connection.insecureSkipTLSVerify)
        #expect(connection.clientCertificateData == Array("CERT".utf8))
        #expect(connection.clientKeyData == Array("KEY".utf8))
    }

    @Test func aContextWithoutNamespaceUsesDefault() throws {
        let directory = try TemporaryDirectory()
        let b = try directory.write("config", Self.second)
        #expect(try KubeConfig.load(kubeconfigPath: b, context: nil, environment: [:]).namespace == "default")
    }

    @Test func anExplicitKubeconfigThatIsMissingIsAnError() throws {
        let error = #expect(throws: KubeError.self) {
            try KubeConfig.load(kubeconfigPath: "/nonexistent/config", context: nil, environment: [:])
        }
        #expect(error?.code == .configuration)
        #expect(error?.description == #"cannot read kubeconfig "/nonexistent/config""#)
    }

    @Test func anUnknownContextIsNamed() throws {
        let directory = try TemporaryDirectory()
        let b = try directory.write("config", Self.second)
        let error = #expect(throws: KubeError.self) {
            try KubeConfig.load(kubeconfigPath: b, context: "nope", environment: [:])
        }
        #expect(error?.description == #"context "nope" not found in "\#(b)""#)
    }

    @Test func homeConfigIsReadWhenNothingElseIsGiven() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".kube/config", Self.second)
        let connection = try KubeConfig.load(kubeconfigPath: nil, context: nil, environment: ["HOME": directory.path])
        #expect(connection.contextName == "prod")
    }

    @Test func descriptionsRedactSecrets() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a/config", Self.first)
        try directory.write("a/certs/ca.pem", "CA PEM")
        let connection = try KubeConfig.load(kubeconfigPath: a, context: nil, environment: [:])
        #expect(!connection.description.contains("first-token"))
        #expect(connection.description.contains("token <redacted>"))
    }

    @Test func execUsersBecomeExecCredentialSources() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "config",
            """
            current-context: eks
            clusters: [{name: c, cluster: {server: "https://eks.example"}}]
            contexts: [{name: eks, context: {cluster: c, user: u}}]
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/get-token
                  args: [token, -i, cluster]
                  env: [{name: AWS_PROFILE, value: prod}]
                  provideClusterInfo: true
            """)
        let connection = try KubeConfig.load(kubeconfigPath: path, context: nil, environment: [:])
        guard case .exec(let plugin) = connection.credentials else {
            Issue.record("expected an exec credential source, got \(connection.credentials)")
            return
        }
        #expect(plugin.command == "\(directory.path)/./bin/get-token")
        #expect(plugin.args == ["token", "-i", "cluster"])
        #expect(plugin.env == ["AWS_PROFILE": "prod"])
        #expect(plugin.provideClusterInfo)
    }

    @Test func inClusterConfigurationReadsTheServiceAccountMount() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "sa-token\n")
        try directory.write("ca.crt", "CA")
        try directory.write("namespace", "coffer-system")
        let connection = try InClusterConfig.connection(
            environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"],
            directory: directory.path)
        #expect(connection.server == "https://10.96.0.1:443")
        #expect(connection.credentials == .tokenFile("\(directory.path)/token"))
        #expect(connection.caData == Array("CA".utf8))
        #expect(connection.namespace == "coffer-system")
    }

    @Test func inClusterConfigurationOutsideAPodIsAnError() {
        let error = #expect(throws: KubeError.self) { try InClusterConfig.connection(environment: [:]) }
        #expect(error?.code == .configuration)
    }
}
