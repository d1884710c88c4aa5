enum CaseTemplate {
    static let text = """
    {{<layout}}
    {{$title}}{{case.customer}} {{case.id}}{{/title}}
    {{$main}}
    <h1>{{#case.customer}}{{case.customer}} · {{/case.customer}}<span class="mono">{{case.id}}</span></h1>
    {{#error}}<div class="error" role="alert" id="refusal"><strong>{{t.refused}}:</strong> {{error}}</div>{{/error}}
    <dl class="header" id="case-header">
    <div><dt>{{t.workflow}}</dt><dd><a href="/workflows/{{case.workflow}}?version={{case.version_number}}">{{case.workflow_title}}</a> v{{case.version_number}}</dd></div>
    <div><dt>{{t.stage}}</dt><dd id="case-stage" data-stage="{{case.stage}}">{{case.stage_title}}</dd></div>
    <div><dt>{{t.status}}</dt><dd id="case-status">{{case.status}}</dd></div>
    <div><dt>{{t.assignee}}</dt><dd id="case-assignee">{{case.assignee}}</dd></div>
    {{#case.outcome}}<div><dt>{{t.outcome}}</dt><dd id="case-outcome">{{case.outcome}}</dd></div>{{/case.outcome}}
    <div><dt>{{t.opened}}</dt><dd>{{case.opened}} · {{case.opened_by}}</dd></div>
    </dl>
    <div class="columns">
    <section class="card" aria-labelledby="actions-h" id="actions">
    <h2 id="actions-h">{{t.actions}}</h2>
    {{#readonly}}<p class="empty" id="read-only">{{t.no_actions}}</p>{{/readonly}}
    {{#instructions}}<details open class="instructions"><summary>{{t.instructions}}</summary>{{{instructions}}}</details>{{/instructions}}
    {{#complete}}
    <form method="post" action="/cases/{{case.id}}/complete" id="complete-form">
    {{> guard}}
    <fieldset><legend>{{t.complete}}</legend>
    {{#fields}}{{> field}}{{/fields}}
    {{#has_more}}<details><summary>{{t.optional_fields}}</summary>{{#more}}{{> field}}{{/more}}</details>{{/has_more}}
    <button type="submit" id="complete">{{t.complete}}</button>
    </fieldset>
    </form>
    {{/complete}}
    {{#has_tasks}}
    <h3>{{t.tasks}}</h3>
    <ul class="tasks">
    {{#tasks}}
    <li>{{id}} ({{role}}){{#taker}} · {{t.assignee}}: <strong>{{taker}}</strong>{{/taker}}{{#done}} — <span class="badge good">{{t.done}}</span>{{/done}}
    {{#claimable}}<form method="post" action="/cases/{{case.id}}/claim" class="inline">{{> guard}}<input type="hidden" name="task" value="{{id}}"><button type="submit" id="claim-{{id}}">{{t.claim}}</button></form>{{/claimable}}
    {{#mine}}<form method="post" action="/cases/{{case.id}}/unassign" class="inline">{{> guard}}<input type="hidden" name="task" value="{{id}}"><button type="submit" id="unassign-{{id}}">{{t.unassign}}</button></form>{{/mine}}
    {{#may}}<form method="post" action="/cases/{{case.id}}/complete" class="inline">{{> guard}}<input type="hidden" name="task" value="{{id}}"><button type="submit" id="task-{{id}}">{{t.complete_task}}</button></form>{{/may}}
    </li>
    {{/tasks}}
    </ul>
    {{/has_tasks}}
    {{#has_votes}}<p>{{t.votes}}: {{#votes}}<span class="badge {{#approve}}good{{/approve}}{{^approve}}bad{{/approve}}">{{person}}</span> {{/votes}}</p>{{/has_votes}}
    {{#vote}}
    <form method="post" action="/cases/{{case.id}}/approve" id="approve-form">
    {{> guard}}
    <label for="comment">{{t.comment}}</label><input id="comment" name="comment" type="text">
    <button type="submit" id="approve">{{t.approve}}</button>
    </form>
    <form method="post" action="/cases/{{case.id}}/reject" id="reject-form">
    {{> guard}}
    <label for="reason">{{t.reason}}</label><input id="reason" name="reason" type="text" required>
    <button type="submit" id="reject" class="danger">{{t.reject}}</button>
    </form>
    {{/vote}}
    {{#claim}}<form method="post" action="/cases/{{case.id}}/claim" class="inline">{{> guard}}<button type="submit" id="claim">{{t.claim}}</button></form>{{/claim}}
    {{#unassign}}<form method="post" action="/cases/{{case.id}}/unassign" class="inline">{{> guard}}<button type="submit" id="unassign">{{t.unassign}}</button></form>{{/unassign}}
    {{#assign}}
    <form method="post" action="/cases/{{case.id}}/assign" id="assign-form" class="inline">
    {{> guard}}
    <label for="assign-to">{{t.assign_to}}</label>
    <select id="assign-to" name="to" required><option value="">{{t.choose}}</option>{{#people}}<option value="{{.}}">{{.}}</option>{{/people}}</select>
    <button type="submit" id="assign">{{t.assign}}</button>
    </form>
    {{/assign}}
    {{#has_edit}}
    <details><summary>{{t.change_data}}</summary>
    <form method="post" action="/cases/{{case.id}}/data" id="data-form">
    <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="version" value="{{case.version}}">
    {{#edit}}{{> field}}{{/edit}}
    <button type="submit" id="save-data">{{t.save}}</button>
    </form>
    </details>
    {{/has_edit}}
    {{#cancel}}
    <details><summary>{{t.cancel_case}}</summary>
    <form method="post" action="/cases/{{case.id}}/cancel" id="cancel-form">
    <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="version" value="{{case.version}}">
    <label for="cancel-reason">{{t.reason}}</label><input id="cancel-reason" name="reason" type="text" required>
    <button type="submit" class="danger" id="cancel">{{t.cancel_case}}</button>
    </form>
    </details>
    {{/cancel}}
    </section>
    <section class="card" aria-labelledby="data-h">
    <h2 id="data-h">{{t.data}}</h2>
    <table class="kv" id="case-data"><tbody>
    {{#data}}<tr><th scope="row">{{name}}</th><td data-field="{{name}}">{{value}}</td></tr>{{/data}}
    </tbody></table>
    <h2>{{t.sla}}</h2>
    {{^clocks}}<p class="empty">{{t.no_clock}}</p>{{/clocks}}
    {{#has_clocks}}
    <table class="kv" id="clocks"><thead><tr><th scope="col"></th><th scope="col">{{t.target}}</th><th scope="col">{{t.deadline}}</th><th scope="col">{{t.remaining}}</th><th scope="col">{{t.clock_state}}</th></tr></thead><tbody>
    {{#clocks}}<tr class="{{#overdue}}overdue{{/overdue}}"><th scope="row">{{label}}</th><td>{{target}}</td><td>{{deadline_text}}</td><td><span class="countdown" {{#deadline}}data-deadline="{{deadline}}"{{/deadline}}>{{remaining}}</span></td><td><span class="badge {{state_class}}">{{state}}</span></td></tr>{{/clocks}}
    </tbody></table>
    {{/has_clocks}}
    </section>
    </div>
    <section class="card" aria-labelledby="diagram-h">
    <h2 id="diagram-h">{{t.diagram}}</h2>
    <div class="diagram" id="diagram">{{{diagram}}}</div>
    </section>
    <section class="card" aria-labelledby="timeline-h">
    <h2 id="timeline-h">{{t.timeline}}</h2>
    <p id="verify" class="{{#verify.intact}}good{{/verify.intact}}{{^verify.intact}}bad{{/verify.intact}}">
    <strong>{{t.verify}}:</strong> {{#verify.intact}}{{t.intact}}{{/verify.intact}}{{^verify.intact}}{{t.broken}}{{/verify.intact}} — {{verify.events}} {{t.events}}.{{^verify.intact}} {{verify.message}}{{/verify.intact}}</p>
    {{#earlier}}<p><a id="earlier" href="/cases/{{case.id}}?before={{earlier}}#timeline-h">{{t.earlier}}</a></p>{{/earlier}}
    <div class="scroll">
    <table class="list" id="timeline">
    <thead><tr><th scope="col">#</th><th scope="col">{{t.when}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.what}}</th><th scope="col">{{t.why}}</th><th scope="col">{{t.release}}</th></tr></thead>
    <tbody>
    {{#timeline}}<tr><td>{{seq}}</td><td class="nowrap">{{when}}</td><td>{{actor}}{{#role}} <span class="sub">({{role}})</span>{{/role}}</td><td><code>{{type}}</code> {{what}}</td><td>{{why}}</td><td>{{release}}</td></tr>{{/timeline}}
    </tbody>
    </table>
    </div>
    {{#later}}<p><a id="later" href="/cases/{{case.id}}?after={{later}}#timeline-h">{{t.later}}</a></p>{{/later}}
    </section>
    {{/main}}
    {{/layout}}
    """
}
