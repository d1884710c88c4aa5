import CaseflowTestSupport
import Foundation
import Testing

/// Chinese stage titles in a DOT graph render with a CJK font, not as empty boxes.
@Suite struct CJKGraphTests {
    static let workflow = """
        kind: workflow
        id: xiaoshou
        version: 1
        title: 客户销售流程
        roles: [sales_rep]
        start: prospecting
        stages:
          prospecting: { title: 潜在客户挖掘与筛选, role: sales_rep, next: won }
          won: { title: 成交, end: won }
        """

    static func run(_ tool: String, _ args: [String], input: String) throws -> (Int32, Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        let i = Pipe(), o = Pipe()
        p.standardInput = i
        p.standardOutput = o
        p.standardError = FileHandle.nullDevice
        try p.run()
        // The throwing write: a tool that is missing or exits early fails the test, not the run.
        try i.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try i.fileHandleForWriting.close()
        let data = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }

    @Test func chineseTitlesRenderWithACJKFont() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-cjk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.workflow.write(to: dir.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
        try "kind: directory\nid: p\npeople:\n  li: { name: 李, roles: [sales_rep] }\n"
            .write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let graph = try CLIProcess.run(["graph", "xiaoshou", "--format", "dot", "--workflows", dir.appendingPathComponent("w.yaml").path,
                                        "--policies", dir.appendingPathComponent("p.yaml").path])
        #expect(graph.status == 0, "\(graph.stderr)")
        #expect(graph.stdout.contains("fontname=\"Noto Sans CJK SC,"))
        #expect(!graph.stdout.contains("fontname=\"Helvetica\""))

        // The first font of the list covers the titles' characters on this machine (fonts-noto-cjk).
        let (_, match) = try Self.run("fc-match", ["-f", "%{family}", "Noto Sans CJK SC:charset=6f5c 5ba2 6237"], input: "")
        #expect(String(decoding: match, as: UTF8.self).contains("Noto Sans CJK"), "install fonts-noto-cjk")
        let (svgStatus, svg) = try Self.run("dot", ["-Tsvg"], input: graph.stdout)
        #expect(svgStatus == 0)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("潜在客户挖掘与筛选"))
        #expect(text.contains("font-family=\"Noto Sans CJK SC"))
        let (pngStatus, png) = try Self.run("dot", ["-Tpng"], input: graph.stdout)
        #expect(pngStatus == 0 && png.count > 1000)

        let custom = try CLIProcess.run(["graph", "xiaoshou", "--format", "dot", "--font", "Noto Serif CJK SC",
                                         "--workflows", dir.appendingPathComponent("w.yaml").path, "--policies", dir.appendingPathComponent("p.yaml").path])
        #expect(custom.stdout.contains("fontname=\"Noto Serif CJK SC\""))
    }
}
