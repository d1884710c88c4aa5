/// Running totals for one stage while cases are added.
struct StageTally {
    var cases = 0
    var visits = 0
    var durations: [Int64] = []
    var sla = SLATally()
    var approvals = 0
    var rejections = 0
    var passed = 0
    var rejected = 0
    // The funnel: cases, each counted once per stage.
    var forward = 0
    var back = 0
    var left: [String: Int] = [:]
    var cancelled = 0
    var openNow = 0
}
