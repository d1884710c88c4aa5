import CaseflowModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Markup made from case data stays well-formed XML whatever the data holds.
struct MarkupTextTests {
    /// A report page with an escape character in a customer's name was not well-formed XHTML:
    /// XML allows no C0 control character but tab, line feed and carriage return, not even as a
    /// character reference.
    @Test func controlCharactersAreWrittenVisiblyAndTheDocumentParses() {
        let data = "ESC\u{1B}[31mRED\u{0}\u{7}\t<b>&\"'\u{FFFE}"
        let escaped = MarkupText.escape(data)
        #expect(escaped == "ESC\\u{1B}[31mRED\\u{0}\\u{7}\t&lt;b&gt;&amp;&quot;&#39;\\u{FFFE}")
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html><h2 title=\"\(escaped)\">\(escaped)</h2></html>"
        let parser = XMLParser(data: Data(document.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        // Text without control characters is unchanged but for the five markup characters.
        #expect(MarkupText.escape("潜在客户 \u{202E}abc") == "潜在客户 \u{202E}abc")
    }
}
