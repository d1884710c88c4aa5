import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/login` and `/logout`: a bearer token (from the token file, or a JWT where configured) is
/// exchanged for a session cookie; the token itself is never stored in the browser.
struct LoginPage {
    let console: Console

    func register(on router: Router<CaseflowContext>) {
        router.get("/login") { request, _ in form(request, error: nil, status: .ok) }
        router.post("/login") { request, _ in await signIn(request) }
        router.post("/logout") { request, _ in await console.action(request) { visitor, _ in
            console.sessions.remove(visitor.session.id)
            var h = HTTPFields()
            h[.setCookie] = console.setCookie(request, name: Console.sessionCookie, value: "", maxAge: 0)
            return HTMLResponse.redirect("/login?signed_out=1", headers: h)
        } }
    }

    private func language(_ request: Request) -> ConsoleText.Language {
        ConsoleText.language(locale: nil, acceptLanguage: request.headers[.acceptLanguage])
    }

    /// The form carries a fresh token that must match a short-lived cookie (sign-in CSRF).
    private func form(_ request: Request, error: String?, status: HTTPResponse.Status) -> Response {
        let lang = language(request)
        let token = ConsoleSessions.randomToken()
        var c = console.base(nil, language: lang)
        c["login_csrf"] = token
        c["next"] = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        if let error { c["error"] = error }
        if request.uri.queryParameters["signed_out"] != nil { c["notice"] = ConsoleText.text("signed_out", lang) }
        var h = HTTPFields()
        h[.setCookie] = console.setCookie(request, name: Console.loginCookie, value: token, path: "/login", maxAge: 900)
        return HTMLResponse.page(console.render("login", c), status: status, headers: h)
    }

    private func signIn(_ request: Request) async -> Response {
        let lang = language(request)
        do {
            let form = try await FormBody.read(request, limit: console.formLimit)
            guard let sent = form["csrf"], let kept = Console.cookie(request, Console.loginCookie), ConsoleSessions.same(sent, kept) else {
                return self.form(request, error: ConsoleText.text("login_expired", lang), status: .forbidden)
            }
            let credential = try await console.daemon.authenticate(bearer: form.text("token") ?? "")
            let session = console.sessions.create(credential, now: WallClock.now())
            console.logger.info("console sign-in", metadata: ["person": "\(credential.person)"])
            var h = HTTPFields()
            h.append(HTTPField(name: .setCookie, value: console.setCookie(request, name: Console.sessionCookie, value: session.id,
                                                                         maxAge: Int(ConsoleSessions.lifetimeMillis / 1000))))
            h.append(HTTPField(name: .setCookie, value: console.setCookie(request, name: Console.loginCookie, value: "", path: "/login", maxAge: 0)))
            return HTMLResponse.redirect(Self.safeNext(form["next"]), headers: h)
        } catch let e as APIError {
            return form(request, error: ConsoleText.text("login_refused", lang) + ": " + e.message, status: .unauthorized)
        } catch {
            return form(request, error: ConsoleText.text("login_refused", lang), status: .badRequest)
        }
    }

    /// Only a path of this site: never another host (`//evil`, `https:`).
    /// Only a path of this site: browsers drop tabs, newlines and other control characters from
    /// a URL and read a backslash as a slash, so `/<TAB>/evil.example` would leave the site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " || $0.properties.isWhitespace })
        else { return "/" }
        guard !next.hasPrefix("//") else { return "/" }
        return next
    }
}
