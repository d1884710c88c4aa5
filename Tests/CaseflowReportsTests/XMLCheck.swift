import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a page as XML and counts its elements by name: the HTML report must be XHTML.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var elements: [String: Int] = [:]
    private(set) var error: String?

    /// Nil when the text is not well-formed XML (see `error`).
    static func parse(_ text: String) -> XMLCheck {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = check
        if !parser.parse() { check.error = parser.parserError.map { "\($0) at line \(parser.lineNumber)" } ?? "not XML" }
        return check
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[elementName, default: 0] += 1
    }
}
