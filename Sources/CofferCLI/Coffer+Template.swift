#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import ArgumentParser
import CofferCore
import CofferTemplate
import CofferYAML

extension Coffer {
    /// `coffer template`: one Go template outside a blueprint.
    struct TemplateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "Debug Go templates the way blueprints render them.",
            subcommands: [Render.self])
    }
}

extension Coffer.TemplateCommand {
    /// `coffer template render [--data FILE] (--file T | 'TEMPLATE')`.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render one template with Kanister's engine: Go text/template, Sprig, missingkey=error.")

        @Option(help: "A YAML or JSON file whose content is the template's data (`.`).", completion: .file())
        var data: String?

        @Option(name: .shortAndLong, help: "Read the template from this file instead of the argument.", completion: .file())
        var file: String?

        @Option(help: "The time `now` returns, RFC 3339; default: now.")
        var time: String?

        @Argument(help: "The template text, when --file is not given.")
        var template: String?

        func validate() throws {
            if (file == nil) == (template == nil) {
                throw ValidationError("give the template either as an argument or with --file")
            }
        }

        func run() async throws {
            let name = file ?? "<argument>"
            let text = try file.map { path throws(CommandFailure) in try FileInput.text(of: path) } ?? template ?? ""
            let value = try data.map(loadData) ?? .nil_
            var context = FunctionContext()
            if let time {
                do {
                    let fixed = try GoTime.parse(layout: GoTime.rfc3339NanoLayout, time)
                    context.now = { fixed }
                } catch {
                    throw CommandFailure.usage("--time must be RFC 3339 (2026-01-02T03:04:05Z): \(error.message)")
                }
            }
            do {
                let output = try Template.parse(text, name: name).render(value, context: context)
                print(output, terminator: "")
                if !output.hasSuffix("\n") && isatty(1) != 0 { print() }
            } catch {
                let at = error.context.map { "executing at <\($0)>: " } ?? ""
                throw CommandFailure.invalidInput("\(name):\(error.line):\(error.column): \(at)\(error.message)")
            }
        }

        private func loadData(_ path: String) throws(CommandFailure) -> TemplateValue {
            do {
                let document = try YAMLLoader.loadSingle(try FileInput.bytes(of: path), file: path)
                return TemplateValue(document.value)
            } catch let error as CommandFailure {
                throw error
            } catch {
                throw .invalidInput("\(error)")
            }
        }
    }
}
