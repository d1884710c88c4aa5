import CaseflowTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The WebDriver client itself, on a static page: what the console's browser tests rely on.
@Suite(.serialized, .enabled(if: ChromeDriver.isAvailable, "needs chromium and chromium-driver: apt-get install chromium chromium-driver"))
struct WebDriverSmokeTests {
    static let pages = [
        "index.html": """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Caseflow smoke</title></head>
            <body>
              <h1 id="greeting">Hello, browser</h1>
              <form id="search" action="/results.html" method="get">
                <input id="q" name="q" value="placeholder text">
                <select id="stage" name="stage"><option value="a">A</option><option value="b">B</option></select>
                <button type="submit">Search</button>
              </form>
            </body></html>
            """,
        "results.html": """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Results</title></head><body><p id="done">done</p></body></html>
            """,
    ]

    @Test func formTextAndScreenshot() async throws {
        let site = try await StaticSite.start(Self.pages)
        defer { site.stop() }
        let driver = try await ChromeDriver.start()
        defer { driver.stop() }
        let browser = try await driver.session()

        try await browser.open(site.url("index.html"))
        #expect(try await browser.title() == "Caseflow smoke")
        #expect(try await browser.text("#greeting") == "Hello, browser")
        #expect(try await browser.find("#greeting").isDisplayed())
        #expect(try await browser.find("#q").attribute("name") == "q")
        #expect(try await browser.exists("#search"))
        #expect(try await !browser.exists("#missing"))
        #expect(try await browser.executeScript("return arguments[0] + 1", args: [41]).int == 42)

        do {
            _ = try await browser.find("#missing")
            Issue.record("find of a missing element did not throw")
        } catch let error as WebDriverError {
            #expect(error.message.contains("#missing"))
            #expect(error.message.contains(site.url("index.html")))
        }

        try await browser.executeScript("document.cookie = 'smoke=1; SameSite=Lax; path=/'")
        #expect(try await browser.cookies().map { [$0.name, $0.value, $0.sameSite ?? ""] } == [["smoke", "1", "Lax"]])
        try await browser.deleteCookies()
        #expect(try await browser.cookies().isEmpty)

        let screenshot = try await browser.screenshot(named: "webdriver-smoke")
        let png = try Data(contentsOf: screenshot)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))

        try await browser.fill("#q", "caseflow smoke")
        #expect(try await browser.find("#q").property("value") == "caseflow smoke")
        try await browser.find("#stage").select("b")
        try await browser.submit("#search")
        try await browser.waitFor("#done")
        let url = try await browser.url()
        #expect(url.contains("/results.html?q=caseflow+smoke&stage=b"), "\(url)")
        #expect(try await browser.title() == "Results")

        try await browser.close()
    }

    @Test func phoneInChinese() async throws {
        let site = try await StaticSite.start(Self.pages)
        defer { site.stop() }
        let driver = try await ChromeDriver.start()
        defer { driver.stop() }
        let browser = try await driver.session(BrowserOptions(viewport: .phone, language: "zh-CN"))

        try await browser.open(site.url("index.html"))
        let metrics = try await browser.executeScript("return [window.innerWidth, navigator.language]")
        #expect(metrics == [390, "zh-CN"])
        try await browser.close()
    }
}

/// Files served by `python3 -m http.server` from a temporary directory on a loopback port.
private struct StaticSite {
    let process: Process
    let directory: URL
    let port: Int

    static func start(_ files: [String: String]) async throws -> StaticSite {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        // A port found free can be taken by another test before python binds it (the server then
        // exits at once), and a machine busy with the rest of the suite can take seconds to start
        // python: a few attempts, each with a fresh port and room to start.
        var lastPort = 0
        for _ in 0..<3 {
            let port = LoopbackPort.free()
            lastPort = port
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", directory.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let site = StaticSite(process: process, directory: directory, port: port)
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, process.isRunning {
                var request = URLRequest(url: URL(string: site.url("index.html"))!)
                request.timeoutInterval = 2
                if let (_, response) = try? await URLSession.shared.data(for: request),
                   (response as? HTTPURLResponse)?.statusCode == 200 {
                    return site
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw WebDriverError(code: "setup", message: "python3 -m http.server did not serve (last on port \(lastPort))", command: "StaticSite")
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// SIGKILL: a child spawned from a test's thread inherits its signal mask, in which SIGTERM is blocked.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
