import CaseflowDocs
import CaseflowEngine
import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `/workflows`: every workflow with its versions and the releases; `/workflows/{id}`: one
/// version's diagram, its changes from the version before, and its process document.
struct WorkflowPages {
    let console: Console

    func register(on router: Router<CaseflowContext>) {
        router.get("/workflows") { request, _ in await console.page(request) { v in try await list(v) } }
        router.get("/workflows/:id") { request, context in
            await console.page(request) { v in try show(request, v, id: try context.parameters.require("id")) }
        }
    }

    private func list(_ v: Console.Visitor) async throws -> Response {
        var c = console.base(v, language: v.language, nav: "workflows")
        let catalog = v.active.engine.catalog
        c["workflows"] = catalog.byID.keys.sorted().compactMap { id -> [String: Any]? in
            guard let latest = catalog.workflow(id), Access.mayRead(v.person, latest, v.directory) else { return nil }
            return ["id": id, "title": latest.definition.title ?? id,
                    "versions": (catalog.byID[id] ?? [:]).keys.sorted().map { "v\($0)" }.joined(separator: ", ")]
        }
        let releases = try await console.daemon.store.releases().suffix(20).reversed()
        c["releases"] = releases.map { r -> [String: Any] in
            ["number": r.number, "at": InstantText.format(r.activatedAt), "by": r.activatedBy,
             "files": r.files.map(\.path).joined(separator: ", ")]
        }
        c["has_releases"] = !releases.isEmpty
        return console.html("workflows", c)
    }

    private func show(_ request: Request, _ v: Console.Visitor, id: String) throws -> Response {
        let catalog = v.active.engine.catalog
        guard let versions = catalog.byID[id], let latest = catalog.workflow(id) else { throw APIError.notFound("no workflow \(id)") }
        guard Access.mayRead(v.person, latest, v.directory) else { throw APIError.forbidden("\(v.person) holds no role of workflow \(id)") }
        let number = request.uri.queryParameters["version"].flatMap { Int(String($0)) } ?? latest.version
        guard let w = versions[number] else { throw APIError.notFound("workflow \(id) has no version \(number)") }
        var c = console.base(v, language: v.language, nav: "workflows")
        c["title"] = w.definition.title ?? id
        c["version"] = number
        c["versions"] = versions.keys.sorted().map { ["id": id, "v": $0, "current": $0 == number] as [String: Any] }
        let graph = FlowGraph(workflow: w.definition, definitions: v.active.set)
        c["diagram"] = InlineSVG.embeddable(ProcessDiagram(graph: graph).svg(title: w.definition.title ?? id))
        c["document"] = MarkdownHTML.render(ProcessDocument(workflow: w.definition, definitions: v.active.set, flowchart: false).render())
        if let previous = versions.keys.filter({ $0 < number }).max().flatMap({ versions[$0] }) {
            let changes = WorkflowDiff(old: previous.definition, new: w.definition).changes
            c["diff"] = "v\(previous.version) → v\(number): \(changes.count) change\(changes.count == 1 ? "" : "s")\n"
                + changes.map { "  \($0.text)" }.joined(separator: "\n")
            c["has_diff"] = true
        }
        return console.html("workflow", c)
    }
}
