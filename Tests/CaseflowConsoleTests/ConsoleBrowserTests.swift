import CaseflowTestSupport
import Foundation
import Testing

/// The console in a real browser against a real `caseflow serve` on the shipped sales process:
/// each person sees and does what their roles allow, refusals show the engine's reason, output
/// is escaped and forms without their CSRF token change nothing.
@Suite(.serialized, .enabled(if: ChromeDriver.isAvailable, "needs chromium and chromium-driver: apt-get install chromium chromium-driver"))
struct ConsoleBrowserTests {
    static let hostile = "<script>alert(1)</script>"

    /// A case with more events than a page: the "earlier events" link showed events 1–200 again
    /// under a last page of 10–209, and events 1–9 were never shown on their own.
    @Test func theTimelinePagesBackAndForthWithoutOverlap() async throws {
        let site = try await ConsoleSite.start()
        defer { site.stop() }
        let opened = try await site.api("POST", "/v1/cases", as: "alice",
                                        body: #"{"workflow": "service-sales", "data": {"customer": "Long", "channel": "online"}}"#)
        let id = try #require(opened.json["id"] as? String)
        for i in 0..<205 {
            let r = try await site.api("POST", "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"tags": ["t\#(i)"]}}"#)
            #expect(r.status == 200)
        }
        let last = try #require(try await site.api("GET", "/v1/cases/\(id)", as: "alice").json["version"] as? Int)
        let seqs = "return Array.from(document.querySelectorAll('#timeline tbody tr td:first-child')).map(td => td.textContent.trim()).join(',')"
        func shown(_ b: BrowserSession) async throws -> [Int] {
            try await b.executeScript(seqs).string?.split(separator: ",").compactMap { Int($0) } ?? []
        }
        try await ChromeDriver.withSession { b in try await b.keepingFailure("timeline") {
            try await b.signIn(site, as: "alice")
            try await b.open(site.url + "/cases/\(id)")
            #expect(try await shown(b) == Array((last - 199)...last))
            try await b.find("#earlier").click()
            _ = try await b.waitFor("#later")
            #expect(try await shown(b) == Array(1...(last - 200)), "the events before the last page, once each")
            #expect(try await !b.exists("#earlier"))
            try await b.find("#later").click()
            _ = try await b.waitFor("#earlier")
            #expect(try await shown(b) == Array((last - 199)...last))
            // A cursor outside the history shows the last page.
            try await b.open(site.url + "/cases/\(id)?after=99999")
            #expect(try await shown(b) == Array((last - 199)...last))
        } }
    }

    /// My work showed every deadline in the zone of the first workflow loaded (after-sales
    /// service, Europe/Berlin), so a Shanghai sales case's deadline read seven hours off.
    @Test func myWorkShowsEachDeadlineInItsOwnWorkflowsZone() async throws {
        let site = try await ConsoleSite.start()
        defer { site.stop() }
        let opened = try await site.api("POST", "/v1/cases", as: "alice",
                                        body: #"{"workflow": "service-sales", "data": {"customer": "Zone test", "channel": "online"}}"#)
        #expect(opened.status == 201, "\(opened.json)")
        try await ChromeDriver.withSession { b in try await b.keepingFailure("zone") {
            try await b.open(site.url + "/")
            try await b.signIn(site, as: "alice")
            try await b.open(site.url + "/")
            let page = try await b.find("body").text()
            #expect(page.contains("Zone test"), "\(page)")
            #expect(page.contains("+08:00") && !page.contains("+01:00"), "\(page)")
        } }
    }

    @Test func salesCaseFromOpeningToDiscountApproval() async throws {
        let site = try await ConsoleSite.start()
        defer { site.stop() }
        try await ChromeDriver.withSession { b in try await b.keepingFailure("sales") {
            // Sign-in page, then alice's (empty) work queue.
            try await b.open(site.url + "/")
            #expect(try await b.url().contains("/login"))
            try await b.screenshot(named: "console-login")
            try await b.signIn(site, as: "alice")
            let cookies = try await b.cookies()
            let session = try #require(cookies.first { $0.name == "caseflow_session" })
            #expect(session.httpOnly)
            #expect(session.sameSite == "Strict")

            // Open a case through the form, with a customer name that is markup.
            try await b.find("#open-case").click()
            try await b.find("#wf").select("service-sales")
            try await b.fill("#o-customer", Self.hostile)
            try await b.find("#open").click()
            _ = try await b.waitFor("#case-stage")
            #expect(try await b.caseStage() == "prospecting")
            // The case's own address, without the `?done=open` of the page the form led to: opened
            // again with it, that page shows its notice at once, and a wait for the notice of a later
            // action found it before the action's answer came (the next step then cut the post short).
            let caseURL = String(try await b.url().split(separator: "?").first!)
            let caseID = String(caseURL.split(separator: "/").last!)
            // Shown as text: the title and heading hold the literal markup, no script element came from it.
            #expect(try await b.title().contains(Self.hostile))
            #expect(try await b.find("h1").text().contains(Self.hostile))
            #expect(try await b.executeScript("return document.querySelectorAll('script:not([src])').length").int == 0)
            #expect(try await b.find("td[data-field=customer]").text() == Self.hostile)
            // The stage's instructions, which the administrator wrote in Markdown, open above the form.
            #expect(try await b.find("details.instructions summary").text() == "操作说明", "alice reads the console in Chinese")
            #expect(try await b.find("details.instructions").text().contains("Screen the lead before spending time on it"))
            #expect(try await b.find("details.instructions strong").text() == "channel")

            // alice opened it: she may cancel it. carl works the same stage's role but did not open
            // it: no cancel form for him (it was offered, and the engine then refused it: only the
            // person who opened a case or an admin may cancel it).
            #expect(try await b.exists("#cancel-form"))
            try await b.signIn(site, as: "carl")
            try await b.open(caseURL)
            #expect(try await b.caseStage() == "prospecting")
            #expect(try await b.exists("#complete"), "carl may work the stage")
            #expect(try await !b.exists("#cancel-form"))
            try await b.signIn(site, as: "alice")
            try await b.open(caseURL)
            // The stage's required channel is marked required in the form.
            #expect(try await b.find("#c-channel").attribute("required") != nil)
            try await b.find("#c-channel").select("referral")
            try await b.find("#complete").click()
            try await b.waitUntil("needs_survey") { try await b.caseStage() == "needs_survey" }
            try await b.fill("#c-budget", "600000")
            try await b.fill("#c-intent", "9")
            try await b.find("#complete").click()
            // The decision table classified the customer as high potential; needs analysis is next.
            try await b.waitUntil("needs_analysis") { try await b.caseStage() == "needs_analysis" }
            #expect(try await b.find("td[data-field=potential]").text() == "high")
            #expect(try await b.exists("#data-form"), "the stage's worker may change data")
            try await b.fill("#c-needs_summary", "Two offices, 40 seats, managed service")
            try await b.find("#complete").click()
            try await b.waitUntil("proposal") { try await b.caseStage() == "proposal" }

            // Completing the proposal before its tasks are done: refused with the engine's reason, case unchanged.
            let (_, before) = try await site.api("GET", "/v1/cases/\(caseID)", as: "alice")
            try await b.find("#complete").click()
            let refusal = try await b.waitFor("#refusal").text()
            #expect(refusal.contains("internal_discussion"))
            #expect(try await b.caseStage() == "proposal")
            let (_, after) = try await site.api("GET", "/v1/cases/\(caseID)", as: "alice")
            #expect(after["version"] as? Int == before["version"] as? Int)
            try await b.screenshot(named: "console-refused")

            // The proposal's tasks of other roles go through the API; alice ticks her own in the page.
            #expect(try await site.api("POST", "/v1/cases/\(caseID)/complete", as: "bob",
                                       body: #"{"stage":"proposal","task":"internal_discussion"}"#).status == 200)
            #expect(try await site.api("POST", "/v1/cases/\(caseID)/complete", as: "pat",
                                       body: #"{"stage":"proposal","task":"presentation"}"#).status == 200)
            try await b.refresh()
            try await b.clickThrough("#task-customer_review", until: ".notice")
            try await b.find("#complete").click()
            try await b.waitUntil("negotiation") { try await b.caseStage() == "negotiation" }
            try await b.fill("#c-quote_amount", "480000")
            try await b.fill("#c-discount", "0.2")
            try await b.find("#complete").click()
            try await b.waitUntil("discount_approval") { try await b.caseStage() == "discount_approval" }
            // alice worked the case: no vote is offered to her. Nor a change of data: at a gate only
            // an admin may change it (the form was offered, and the engine then refused it).
            #expect(try await !b.exists("#approve"))
            #expect(try await !b.exists("#data-form"))
            #expect(try await b.find("#diagram svg").attribute("role") == "img")
            try await b.screenshot(named: "console-case")

            // dana and fay approve in their own sessions; the case moves on to the contract.
            for approver in ["dana", "fay"] {
                try await b.signIn(site, as: approver)
                try await b.open(site.url + "/")
                #expect(try await b.find("#work").text().contains(caseID))
                try await b.open(caseURL)
                #expect(try await !b.exists("#data-form"), "\(approver) may vote here, not change data")
                try await b.fill("#comment", "within budget, \(approver)")
                try await b.clickThrough("#approve", until: ".notice")
            }
            #expect(try await b.caseStage() == "contract")
            #expect(try await b.find("#diagram [data-stage=contract]").attribute("class")?.contains("current") == true)
            #expect(try await b.find("#diagram [data-stage=discount_approval]").attribute("class")?.contains("visited") == true)
            try await b.executeScript("document.getElementById('diagram-h').scrollIntoView()")
            try await b.screenshot(named: "console-case-diagram")
            let timeline = try await b.find("#timeline").text()
            #expect(timeline.contains("vote_cast"))
            #expect(timeline.contains("gate_passed"))

            // otto the auditor: timeline and verify, no action.
            try await b.signIn(site, as: "otto")
            try await b.open(caseURL)
            #expect(try await b.exists("#read-only"))
            #expect(try await b.find("#verify").attribute("class") == "good")
            // In the reader's language only: the server's English "ok (N events)" said it again.
            let verifyLine = try await b.find("#verify").text()
            #expect(!verifyLine.contains(" events)"), "\(verifyLine)")
            #expect(try await b.findAll("#actions form").isEmpty)
            #expect(try await b.find("#timeline").text().contains("gate_passed"))
            try await b.screenshot(named: "console-case-auditor")

            // sam (support) holds no role of the sales process.
            try await b.signIn(site, as: "sam")
            try await b.open(caseURL)
            #expect(try await b.exists("h1"))
            #expect(try await !b.exists("#case-stage"))
            #expect(try await b.find(".error").text().contains("sam"))
            try await b.open(site.url + "/cases?workflow=service-sales")
            #expect(try await !b.source().contains(caseID))
        } }
    }

    /// An escalation reaches alice's inbox: the page says whose case, which stage and level, and
    /// what is asked of her (it showed only the message's id: it read keys the notification does
    /// not have).
    @Test func theInboxSaysWhatEachNotificationIsAbout() async throws {
        let callback = """
            kind: workflow
            id: callback
            version: 1
            roles: [sales_rep]
            data:
              customer: { type: string, required: true }
            start: call
            stages:
              call:
                title: Call the customer back
                role: sales_rep
                sla:
                  due: 1s
                  escalation:
                    - at: breach
                      notify: [sales_rep]
                next: done
              done: { end: done }
            """
        let site = try await ConsoleSite.start(extraWorkflows: [("callback.yaml", callback)])
        defer { site.stop() }
        let opened = try await site.api("POST", "/v1/cases", as: "alice", body: #"{"workflow": "callback", "data": {"customer": "Inbox Customer"}}"#)
        #expect(opened.status == 201 || opened.status == 200, "\(opened.json)")
        var arrived = false
        for _ in 0..<100 where !arrived {
            let (_, inbox) = try await site.api("GET", "/v1/notifications", as: "alice")
            arrived = !((inbox["notifications"] as? [Any]) ?? []).isEmpty
            if !arrived { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(arrived, "the breach reached alice's inbox")
        try await ChromeDriver.withSession { b in try await b.keepingFailure("inbox") {
            try await b.signIn(site, as: "alice")
            try await b.open(site.url + "/inbox")
            let text = try await b.find("#inbox").text()
            #expect(text.contains("Inbox Customer") && text.contains("Call the customer back") && text.contains("L1"), "\(text)")
            #expect(try await b.find("#inbox .asked").text().contains("Call the customer back"), "what is asked of alice")
        } }
    }

    @Test func formWithoutItsCSRFTokenIsRefused() async throws {
        let site = try await ConsoleSite.start()
        defer { site.stop() }
        let (status, opened) = try await site.api("POST", "/v1/cases", as: "alice",
                                                  body: #"{"workflow":"service-sales","data":{"customer":"Acme"}}"#)
        #expect(status == 201)
        let caseID = try #require(opened["id"] as? String)
        try await ChromeDriver.withSession { b in try await b.keepingFailure("csrf") {
            try await b.signIn(site, as: "alice")
            /// Fills the completion form, alters it with `script`, sends it; the error it answers with.
            func sendAltered(_ script: String) async throws -> String {
                try await b.open(site.url + "/cases/\(caseID)")
                try await b.find("#c-channel").select("online")
                try await b.executeScript(script)
                try await b.find("#complete").click()
                _ = try await b.waitFor(".error")
                return try await b.find(".error").text()
            }
            let message = try await sendAltered("document.querySelector('#complete-form input[name=csrf]').remove()")
            #expect(message.contains("security token") || message.contains("安全令牌"))
            // A wrong token is refused the same way.
            _ = try await sendAltered("document.querySelector('#complete-form input[name=csrf]').value = 'forged'")
            // A form that does not say which stage and version it was shown for moves nothing.
            let unbound = try await sendAltered(
                "document.querySelectorAll('#complete-form input[name=stage], #complete-form input[name=version]').forEach(e => e.remove())")
            #expect(!unbound.contains("security token"), "\(unbound)")
        } }
        let (_, after) = try await site.api("GET", "/v1/cases/\(caseID)", as: "alice")
        #expect(after["stage"] as? String == "prospecting")
        #expect(after["version"] as? Int == opened["version"] as? Int)
    }

    @Test func pagesCarrySecurityHeadersAndNeedASession() async throws {
        let site = try await ConsoleSite.start()
        defer { site.stop() }
        let login = try await site.get("/login")
        #expect(login.status == 200)
        let csp = login.headers["content-security-policy"] ?? ""
        #expect(csp.contains("script-src 'self'"))
        #expect(!csp.contains("unsafe-inline"))
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(login.headers["x-content-type-options"] == "nosniff")
        #expect(login.body.contains("name=\"csrf\""))
        // A forged session cookie is a visitor without a session.
        let forged = try await site.get("/cases", headers: ["Cookie": "caseflow_session=forged"])
        #expect(forged.body.contains("id=\"token\""))
        // An unknown page is an HTML page; an unknown API path stays a JSON error.
        let missing = try await site.get("/no/such/page")
        #expect(missing.status == 404 && missing.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(missing.body.contains("There is no such page."))
        let api = try await site.get("/v1/no/such/thing")
        #expect((api.status == 401 || api.status == 404) && api.headers["content-type"]?.hasPrefix("application/json") == true)
        // The API is unchanged: bearer tokens, JSON errors.
        #expect(try await site.api("GET", "/v1/tasks", as: "nobody").status == 401)
    }

    @Test func everyPageRendersForAnAdminAndOnAPhone() async throws {
        let site = try await ConsoleSite.start()
        defer { site.stop() }
        for i in 0..<3 {
            _ = try await site.api("POST", "/v1/cases", as: "alice", body: #"{"workflow":"service-sales","data":{"customer":"Firm \#(i)","channel":"online"}}"#)
        }
        try await ChromeDriver.withSession { b in
            try await b.signIn(site, as: "ada")
            for (path, marker, shot) in [("/", "h1", "console-work"), ("/cases?workflow=service-sales", "#results", "console-search"),
                                         ("/escalations", "h1", "console-escalations"), ("/inbox", "h1", "console-inbox"),
                                         ("/kpis?workflow=service-sales", "#kpi-form", "console-kpis"),
                                         ("/workflows", "#workflows", "console-workflows"),
                                         ("/workflows/service-sales", "#diagram svg", "console-workflow"), ("/admin", "#reload", "console-admin")] {
                try await b.open(site.url + path)
                _ = try await b.waitFor(marker)
                try await b.screenshot(named: shot)
            }
            try await b.open(site.url + "/kpis?workflow=service-sales&by=channel")
            #expect(try await b.find("#report").text().contains("channel = online"))
            #expect(try await !b.findAll("#report svg").isEmpty)
            // The limit's number belongs to its sentence ("… covers all. (2000)" left it dangling).
            let kpiPage = try await b.find("body").text()
            #expect(kpiPage.contains("(caseflow report covers all): ") || kpiPage.contains("（caseflow report 统计全部）："), "\(kpiPage.prefix(600))")
            // A reader of Chinese reads the report itself in Chinese too (its body was in English).
            try await b.signIn(site, as: "bob")
            try await b.open(site.url + "/kpis?workflow=service-sales")
            let zhReport = try await b.find("#report").text()
            #expect(zhReport.contains("漏斗") && zhReport.contains("个案件。") && !zhReport.contains("Funnel"), "\(zhReport.prefix(300))")
            try await b.signIn(site, as: "ada")
            try await b.open(site.url + "/workflows/service-sales")
            #expect(try await b.find("#document").text().contains("Customer sales"))
            #expect(try await b.findAll("#diagram [data-stage]").count >= 15)
            try await b.open(site.url + "/admin")
            try await b.find("#reload").click()
            #expect(try await b.waitFor("#reload-result").text().contains("Definitions loaded"))
        }
        // The team view: bob leads the sales reps (their stages escalate to the sales manager); pat does not.
        try await ChromeDriver.withSession { b in
            try await b.signIn(site, as: "bob")
            try await b.open(site.url + "/?role=sales_rep")
            #expect(try await b.find("#work").text().contains("Firm 0"))
            try await b.signIn(site, as: "pat")
            try await b.open(site.url + "/?role=sales_rep")
            #expect(try await !b.exists("#work"))
            #expect(try await b.find(".error").text().contains("pat"))
        }
        try await ChromeDriver.withSession(.phone) { b in
            try await b.signIn(site, as: "alice")
            let overflow = try await b.executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1")
            #expect(overflow.bool == true)
            try await b.screenshot(named: "console-phone")
        }
    }
}
