import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache

/// The console's shared parts: templates, sessions, who is asking, and how a page is answered.
/// Pages call the daemon's services; who may read or do what is decided there (`Access`, the
/// engine), never here.
final class Console: Sendable {
    let daemon: CaseflowDaemon
    let sessions = ConsoleSessions()
    let library: MustacheLibrary
    /// Set when the daemon is reached over HTTPS (cookies get `Secure`).
    let publicURL: String?
    let formLimit = 64 * 1024
    let logger: Logger

    static let sessionCookie = "caseflow_session"
    static let loginCookie = "caseflow_login"

    init(daemon: CaseflowDaemon, publicURL: String?, logger: Logger) throws {
        self.daemon = daemon
        self.publicURL = publicURL
        self.logger = logger
        var library = MustacheLibrary()
        for (name, text) in [("layout", LayoutTemplate.text), ("login", LoginTemplate.text), ("error", ErrorTemplate.text),
                             ("work", WorkTemplate.text), ("case", CaseTemplate.text), ("field", FieldTemplate.field),
                             ("guard", FieldTemplate.guardFields), ("search", ListTemplates.search),
                             ("escalations", ListTemplates.escalations), ("inbox", ListTemplates.inbox),
                             ("new_case", ListTemplates.newCase), ("workflows", AdminTemplates.workflows),
                             ("workflow", AdminTemplates.workflow), ("admin", AdminTemplates.admin), ("kpis", AdminTemplates.kpis)] {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// The person signed in on this request, their session and language.
    struct Visitor: Sendable {
        var person: String
        var session: ConsoleSessions.Session
        var language: ConsoleText.Language
        var active: DefinitionRegistry.Active
        var directory: PeopleDirectory { active.engine.directory }
        var isAdmin: Bool { directory.isAdmin(person) }
        var readsOnly: Bool { Access.readsOnly(person, directory) }

        /// The zone a workflow's times are shown in (its calendar's). For what belongs to no
        /// workflow the catalog knows: the zone every workflow shares, or none (then UTC).
        func zone(of workflowID: String?) -> TimeZoneRules? {
            if let id = workflowID, let w = active.engine.catalog.workflow(id) { return w.calendar.zone }
            let zones = Set(active.engine.catalog.latest.map(\.calendar.zone.identifier))
            return zones.count == 1 ? active.engine.catalog.latest.first?.calendar.zone : nil
        }
    }

    func visitor(_ request: Request) -> Visitor? {
        guard let id = Self.cookie(request, Self.sessionCookie),
              let session = sessions.session(id, now: WallClock.now()) else { return nil }
        guard daemon.stillValid(session.credential), let active = daemon.registry.current else {
            sessions.remove(id)
            return nil
        }
        let locale = active.engine.directory.contacts[session.credential.person]?.locale
        return Visitor(person: session.credential.person, session: session,
                       language: ConsoleText.language(locale: locale, acceptLanguage: request.headers[.acceptLanguage]), active: active)
    }

    /// A page for a signed-in person; others go to the sign-in page and come back after.
    func page(_ request: Request, _ build: (Visitor) async throws -> Response) async -> Response {
        guard let visitor = visitor(request) else {
            let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            return HTMLResponse.redirect("/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        do {
            return try await build(visitor)
        } catch {
            return failure(error, visitor: visitor, language: visitor.language)
        }
    }

    /// A form post: signed in, and carrying the session's CSRF token, or refused.
    func action(_ request: Request, _ build: (Visitor, FormBody) async throws -> Response) async -> Response {
        guard let visitor = visitor(request) else { return HTMLResponse.redirect("/login") }
        do {
            let form = try await FormBody.read(request, limit: formLimit)
            guard let token = form["csrf"], ConsoleSessions.same(token, visitor.session.csrf) else {
                throw APIError.forbidden(ConsoleText.text("csrf_refused", visitor.language))
            }
            return try await build(visitor, form)
        } catch {
            return failure(error, visitor: visitor, language: visitor.language)
        }
    }

    func failure(_ error: any Error, visitor: Visitor?, language: ConsoleText.Language) -> Response {
        let api = error as? APIError ?? APIError(.internalServerError, "internal", "the page could not be made")
        if api.status == .internalServerError { logger.error("console page failed", metadata: ["error": "\(error)"]) }
        let heading: String
        switch api.status {
        case .notFound: heading = ConsoleText.text("not_found", language)
        case .forbidden, .unauthorized: heading = ConsoleText.text("forbidden", language)
        default: heading = ConsoleText.text("error", language)
        }
        var context = base(visitor, language: language)
        context["heading"] = heading
        context["message"] = api.message
        return HTMLResponse.page(render("error", context), status: api.status)
    }

    /// What every page's frame needs.
    func base(_ visitor: Visitor?, language: ConsoleText.Language, nav: String? = nil) -> [String: Any] {
        var c: [String: Any] = ["t": ConsoleText.table(language), "lang": language == .zh ? "zh-CN" : "en"]
        if let visitor {
            c["person"] = visitor.person
            c["csrf"] = visitor.session.csrf
            c["is_admin"] = visitor.isAdmin
        }
        if let nav { c["nav_\(nav)"] = true }
        return c
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    func html(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        HTMLResponse.page(render(template, context), status: status)
    }

    static func cookie(_ request: Request, _ name: String) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name { return String(kv[1]).trimmingCharacters(in: .whitespaces) }
            }
        }
        return nil
    }

    /// `Set-Cookie` for the console's cookies: HttpOnly, SameSite=Strict, Secure behind TLS.
    func setCookie(_ request: Request, name: String, value: String, path: String = "/", maxAge: Int) -> String {
        let tls = publicURL?.lowercased().hasPrefix("https://") == true || request.headers[.xForwardedProto]?.lowercased() == "https"
        return "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
