#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reading the files users name on the command line, with one-line errors that say why.
enum FileInput {
    /// The bytes of `path` (`-` for standard input).
    ///
    /// - Throws: ``CommandFailure`` with exit code 1, such as `missing.yaml: cannot read: No such file or directory`.
    static func bytes(of path: String) throws(CommandFailure) -> [UInt8] {
        let file: UnsafeMutablePointer<FILE>? = path == "-" ? stdin : fopen(path, "rb")
        guard let file else { throw .invalidInput("\(path): cannot read: \(String(cString: strerror(errno)))") }
        defer { if path != "-" { fclose(file) } }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { result.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(file) != 0 { throw .invalidInput("\(path): cannot read: \(String(cString: strerror(errno)))") }
                return result
            }
        }
    }

    /// `paths` with every directory replaced by the YAML and JSON files below it, sorted, as
    /// `kubectl apply -f DIR` reads a directory; files and `-` stay as given.
    static func expandingDirectories(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return [path] }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                guard [".yaml", ".yml", ".json"].contains(where: relative.hasSuffix) else { continue }
                found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
            return found.sorted()
        }
    }

    /// The text of `path`, which must be UTF-8.
    static func text(of path: String) throws(CommandFailure) -> String {
        let data = try bytes(of: path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .invalidInput("\(path): not UTF-8 text")
        }
        return text
    }
}
