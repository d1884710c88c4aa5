import CaseflowServer
import Foundation
import Hummingbird
import Logging

/// The web console beside the server: pages at `/` for every person of the directory, signed in
/// with their bearer token, showing what their roles allow and offering what they may do.
public final class ConsoleModule: DaemonModule {
    let publicURL: String?
    let logger: Logger

    public init(publicURL: String?, logger: Logger) {
        self.publicURL = publicURL
        self.logger = logger
    }

    public func register(on router: Router<CaseflowContext>, daemon: CaseflowDaemon) {
        let console: Console
        do {
            console = try Console(daemon: daemon, publicURL: publicURL, logger: logger)
        } catch {
            // The templates are part of the program: a broken one is a bug found by every test run.
            logger.critical("console templates do not parse; the console is off", metadata: ["error": "\(error)"])
            return
        }
        router.get("/assets/console.css") { _, _ in HTMLResponse.asset(ConsoleStyle.text, type: "text/css; charset=utf-8") }
        router.get("/assets/console.js") { _, _ in HTMLResponse.asset(ConsoleScript.text, type: "text/javascript; charset=utf-8") }
        LoginPage(console: console).register(on: router)
        WorkPage(console: console).register(on: router)
        ListPages(console: console).register(on: router)
        let casePage = CasePage(console: console)
        casePage.register(on: router)
        CaseActions(console: console, page: casePage).register(on: router)
        WorkflowPages(console: console).register(on: router)
        AdminPage(console: console).register(on: router)
        KPIPage(console: console).register(on: router)
        // A page that does not exist is a page too; the API's unknown paths stay JSON.
        router.get("**") { request, _ in
            if request.uri.path.hasPrefix("/v1/") { throw APIError.notFound("no such path: \(request.uri.path)") }
            let language = console.visitor(request)?.language
                ?? ConsoleText.language(locale: nil, acceptLanguage: request.headers[.acceptLanguage])
            return console.failure(APIError.notFound(ConsoleText.text("no_page", language)), visitor: console.visitor(request), language: language)
        }
    }

    /// Where people open the console: the public URL when one is set, else the listening address.
    public static func address(publicURL: String?, host: String, port: Int) -> String {
        if let publicURL { return publicURL.hasSuffix("/") ? publicURL : publicURL + "/" }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(shown.contains(":") ? "[\(shown)]" : shown):\(port)/"
    }
}
