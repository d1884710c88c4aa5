import CaseflowModel
import CaseflowStore
import Foundation
import Logging
import ServiceLifecycle

/// Fires what is due — SLA warnings, breaches, escalation levels, `wait` stages — through the
/// same command path as the API. On start it first fires what fell due while the daemon was
/// down, earliest first; each fired timer is an event, so it fires once.
public struct TimerService: Service {
    let cases: CaseService
    let store: any CaseStore
    let interval: Duration
    let logger: Logger
    /// Cases advanced at once (their writes are committed together).
    let parallelism = 32

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let fired = try await sweep()
                    if fired < 500 { try await Task.sleep(for: interval) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("timer sweep failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Advances every case due now, in due order; returns how many.
    @discardableResult
    public func sweep() async throws -> Int {
        let due = try await store.dueCases(before: cases.clock(), limit: 500)
        guard !due.isEmpty else { return 0 }
        var index = 0
        while index < due.count {
            let chunk = due[index..<min(index + parallelism, due.count)]
            await withTaskGroup(of: Void.self) { group in
                for item in chunk {
                    group.addTask {
                        do {
                            try await cases.advance(item.caseID)
                        } catch {
                            logger.error("timer failed", metadata: ["case": "\(item.caseID)", "error": "\(error)"])
                        }
                    }
                }
            }
            index += parallelism
        }
        return due.count
    }
}
