/// A workflow whose titles and conditions hold every character the diagram syntaxes treat specially.
enum EscapingFixture {
    static let workflow = #"""
    kind: workflow
    id: escaping
    version: 1
    title: 'Quotes "and" <angles> & amps \ #1'
    roles: [clerk]
    data:
      note:   { type: string, title: 'A | pipe, *stars* and _under_' }
      amount: { type: number }
    sla: { due: 2w, escalation: [ { at: breach + 1d, goto: gave_up } ] }
    start: check
    stages:
      check:
        title: 'Check "it" <now> & then'
        role: clerk
        next:
          - when: 'note == "a<b> & \"c\"" || amount >= 10.0'
            to: done
          - when: 'note.contains("|") && note != "#x;`"'
            to: gave_up
          - to: done
      done:    { end: done }
      gave_up: { end: gave_up }
    """#

    static let firstCondition = #"note == "a<b> & \"c\"" || amount >= 10.0"#
}
