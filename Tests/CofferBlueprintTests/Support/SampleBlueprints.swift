import CofferCore

/// Small blueprints shaped like the upstream ones, for tests to start from and break.
enum SampleBlueprints {
    /// A valid blueprint: backup (two phases and a deferPhase), restore, delete.
    static var valid: Value {
        [
            "apiVersion": "cr.kanister.io/v1alpha1",
            "kind": "Blueprint",
            "metadata": [
                "name": "postgres-bp",
                "namespace": "kanister",
            ],
            "actions": [
                "backup": [
                    "kind": "StatefulSet",
                    "outputArtifacts": [
                        "dump": [
                            "keyValue": [
                                "path": "{{ .Phases.dumpToStore.Output.path }}",
                                "size": "{{ .DeferPhase.Output.size }}",
                            ]
                        ]
                    ],
                    "phases": [
                        [
                            "func": "ScaleWorkload",
                            "name": "quiesce",
                            "args": ["replicas": 0],
                        ],
                        [
                            "func": "KubeTask",
                            "name": "dumpToStore",
                            "objects": [
                                "pgSecret": [
                                    "kind": "Secret",
                                    "name": "{{ .StatefulSet.Name }}-creds",
                                    "namespace": "{{ .StatefulSet.Namespace }}",
                                ]
                            ],
                            "args": [
                                "namespace": "{{ .StatefulSet.Namespace }}",
                                "image": "ghcr.io/kanisterio/postgres-kanister-tools:0.119.0",
                                "command": [
                                    "bash", "-c",
                                    "PGPASSWORD={{ index .Phases.dumpToStore.Secrets.pgSecret.Data \"password\" | toString }} pg_dumpall",
                                ],
                            ],
                        ],
                    ],
                    "deferPhase": [
                        "func": "ScaleWorkload",
                        "name": "resume",
                        "args": ["replicas": "{{ .Phases.quiesce.Output.originalReplicaCount }}"],
                    ],
                ],
                "restore": [
                    "kind": "StatefulSet",
                    "inputArtifactNames": ["dump"],
                    "phases": [
                        [
                            "func": "KubeTask",
                            "name": "restoreFromStore",
                            "args": [
                                "image": "ghcr.io/kanisterio/postgres-kanister-tools:0.119.0",
                                "command": ["bash", "-c", "kando location pull {{ .ArtifactsIn.dump.KeyValue.path }}"],
                            ],
                        ]
                    ],
                ],
                "delete": [
                    "kind": "Namespace",
                    "inputArtifactNames": ["dump"],
                    "phases": [
                        [
                            "func": "LocationDelete",
                            "name": "deleteDump",
                            "args": ["artifact": "{{ .ArtifactsIn.dump.KeyValue.path }}"],
                        ]
                    ],
                ],
            ],
        ]
    }
}

extension Value {
    /// A copy with the value at `path` replaced (or removed, for `nil`); the path's parents must exist.
    func setting(_ path: ValuePath, to newValue: Value?) -> Value {
        guard let first = path.components.first else { return newValue ?? .null }
        let rest = ValuePath(Array(path.components.dropFirst()))
        switch (self, first) {
        case (.object(var map), .key(let key)):
            if rest.components.isEmpty {
                map[key] = newValue
            } else {
                map[key] = (map[key] ?? [:]).setting(rest, to: newValue)
            }
            return .object(map)
        case (.array(var array), .index(let index)):
            if rest.components.isEmpty {
                if let newValue { array[index] = newValue } else { array.remove(at: index) }
            } else {
                array[index] = array[index].setting(rest, to: newValue)
            }
            return .array(array)
        default:
            return self
        }
    }
}

/// `$.a.b[0].c` written as `path("a", "b", 0, "c")`.
func path(_ components: any PathComponentConvertible...) -> ValuePath {
    ValuePath(components.map(\.pathComponent))
}

protocol PathComponentConvertible {
    var pathComponent: ValuePath.Component { get }
}

extension String: PathComponentConvertible {
    var pathComponent: ValuePath.Component { .key(self) }
}

extension Int: PathComponentConvertible {
    var pathComponent: ValuePath.Component { .index(self) }
}
