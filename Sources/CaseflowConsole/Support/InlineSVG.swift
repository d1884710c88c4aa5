/// An SVG document placed inside a page: without its XML prolog, and without its own `<style>`
/// element (the page's CSP allows only the console's stylesheet, which styles the same classes).
enum InlineSVG {
    static func embeddable(_ svg: String) -> String {
        var text = svg
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") { text = String(text[end.upperBound...]) }
        while let open = text.range(of: "<style"), let close = text.range(of: "</style>", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return text
    }
}
