import Foundation
import Testing
@testable import CaseflowConsole

/// The UI text catalog: every word a template shows is in it, in both languages.
struct ConsoleTextTests {
    static let templates = [LayoutTemplate.text, LoginTemplate.text, ErrorTemplate.text, WorkTemplate.text, CaseTemplate.text,
                            FieldTemplate.field, FieldTemplate.guardFields, ListTemplates.search, ListTemplates.escalations,
                            ListTemplates.inbox, ListTemplates.newCase, AdminTemplates.workflows, AdminTemplates.workflow,
                            AdminTemplates.admin, AdminTemplates.kpis]

    @Test func everyTemplateKeyIsInBothLanguages() throws {
        let pattern = try NSRegularExpression(pattern: #"\{\{t\.([a-z_]+)\}\}"#)
        var keys = Set<String>()
        for text in Self.templates {
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                keys.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        #expect(keys.count > 50)
        for key in keys.sorted() {
            #expect(ConsoleText.english[key] != nil, "missing English text for \(key)")
            #expect(ConsoleText.chinese[key] != nil, "missing Chinese text for \(key)")
        }
        #expect(Set(ConsoleText.entries.map(\.key)).count == ConsoleText.entries.count, "a key is listed twice")
    }

    @Test func languageFollowsTheDirectoryThenTheBrowser() {
        #expect(ConsoleText.language(locale: "zh-CN", acceptLanguage: "en-US") == .zh)
        #expect(ConsoleText.language(locale: "de-DE", acceptLanguage: "zh-CN") == .en)
        #expect(ConsoleText.language(locale: nil, acceptLanguage: "fr-FR;q=0.9, zh-CN;q=0.8") == .zh)
        #expect(ConsoleText.language(locale: nil, acceptLanguage: nil) == .en)
    }

    @Test func signInReturnsOnlyToAPathOfThisSite() {
        #expect(LoginPage.safeNext("/cases/abc?after=3") == "/cases/abc?after=3")
        // Browsers drop tabs and newlines from a URL: `/<TAB>/evil.example` is `//evil.example`.
        for escape in ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example", "/\u{0B}/evil.example"] {
            #expect(LoginPage.safeNext(escape) == "/", "\(escape.debugDescription)")
        }
        #expect(LoginPage.safeNext("//evil.example/") == "/")
        #expect(LoginPage.safeNext("https://evil.example/") == "/")
        #expect(LoginPage.safeNext("/\\evil") == "/")
        #expect(LoginPage.safeNext(nil) == "/")
    }

    @Test func formsDecodeAndTypeTheirFields() throws {
        let form = try FormBody.parse("csrf=a%2Bb&data.intent=9&data.budget=6e5&data.note=two+words&data.tags=%5B%22x%22%5D")
        #expect(form["csrf"] == "a+b")
        #expect(form["data.note"] == "two words")
        #expect(throws: (any Error).self) { try FormBody.parse("x=%ZZ") }
    }

    @Test func markdownFromAdministratorsNeverPassesHTMLThrough() {
        let html = MarkdownHTML.render("Call the **customer** <img src=x onerror=alert(1)>")
        #expect(html.contains("<strong>customer</strong>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img"))
    }

    @Test func inlineSVGLosesItsPrologAndStyle() {
        let svg = #"<?xml version="1.0"?><svg><style>.a{fill:red}</style><g class="a"/></svg>"#
        #expect(InlineSVG.embeddable(svg) == #"<svg><g class="a"/></svg>"#)
    }
}
