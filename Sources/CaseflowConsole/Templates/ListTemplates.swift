/// Case search, the escalations board and the inbox.
enum ListTemplates {
    static let search = """
    {{<layout}}
    {{$title}}{{t.cases}}{{/title}}
    {{$main}}
    <h1>{{t.search_cases}}</h1>
    {{#error}}<p class="error" role="alert" id="search-error">{{error}}</p>{{/error}}
    <form method="get" action="/cases" class="filters" id="search-form">
    <div class="field"><label for="f-workflow">{{t.workflow}}</label><select id="f-workflow" name="workflow"><option value="">{{t.any}}</option>{{#workflows}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{title}}</option>{{/workflows}}</select></div>
    <div class="field"><label for="f-stage">{{t.stage}}</label><input id="f-stage" name="stage" value="{{f.stage}}"></div>
    <div class="field"><label for="f-status">{{t.status}}</label><select id="f-status" name="status"><option value="">{{t.any}}</option>{{#statuses}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{value}}</option>{{/statuses}}</select></div>
    <div class="field"><label for="f-assignee">{{t.assignee}}</label><input id="f-assignee" name="assignee" value="{{f.assignee}}"></div>
    <div class="field"><label for="f-breached">{{t.breached}}</label><select id="f-breached" name="breached"><option value="">{{t.any}}</option><option value="true" {{#f.breached_true}}selected{{/f.breached_true}}>{{t.yes}}</option><option value="false" {{#f.breached_false}}selected{{/f.breached_false}}>{{t.no}}</option></select></div>
    <div class="field wide"><label for="f-where">{{t.where}}</label><input id="f-where" name="where" value="{{f.where}}" placeholder="data.potential == &quot;high&quot;"></div>
    <button type="submit" id="search">{{t.search}}</button>
    </form>
    {{#searched}}
    {{^rows}}<p class="empty">{{t.no_cases}}</p>{{/rows}}
    {{#has_rows}}
    <div class="scroll"><table class="list stack" id="results">
    <thead><tr><th scope="col">{{t.customer}}</th><th scope="col">{{t.workflow}}</th><th scope="col">{{t.stage}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.assignee}}</th><th scope="col">{{t.opened}}</th></tr></thead>
    <tbody>{{#rows}}<tr><td data-label="{{t.customer}}"><a href="/cases/{{id}}">{{customer}}</a><div class="sub">{{id}}</div></td><td data-label="{{t.workflow}}">{{workflow}} v{{version}}</td><td data-label="{{t.stage}}">{{stage}}</td><td data-label="{{t.status}}">{{status}}{{#outcome}} ({{outcome}}){{/outcome}}</td><td data-label="{{t.assignee}}">{{assignee}}</td><td data-label="{{t.opened}}">{{opened}}</td></tr>{{/rows}}</tbody>
    </table></div>
    {{/has_rows}}
    <p class="sub">{{scanned}} {{t.scanned}}</p>
    {{#next}}<p><a href="/cases?{{next}}" rel="next" id="next-page">{{t.next_page}}</a></p>{{/next}}
    {{/searched}}
    {{/main}}
    {{/layout}}
    """

    static let escalations = """
    {{<layout}}
    {{$title}}{{t.escalations}}{{/title}}
    {{$main}}
    <h1>{{t.escalations}}</h1>
    {{^levels}}<p class="empty">{{t.no_escalations}}</p>{{/levels}}
    {{#levels}}
    <section class="card"><h2>{{t.level}} {{level}} <span class="badge">{{count}}</span></h2>
    <div class="scroll"><table class="list escalations">
    <thead><tr><th scope="col">{{t.case}}</th><th scope="col">{{t.stage}}</th><th scope="col">{{t.moment}}</th><th scope="col">{{t.late}}</th><th scope="col">{{t.notified}}</th></tr></thead>
    <tbody>{{#items}}<tr><td><a href="/cases/{{case}}">{{case}}</a></td><td>{{stage}}</td><td>{{at}}</td><td>{{late}}</td><td>{{notified}}</td></tr>{{/items}}</tbody>
    </table></div></section>
    {{/levels}}
    {{#next}}<p><a href="/escalations?after={{next}}" rel="next">{{t.next_page}}</a></p>{{/next}}
    {{/main}}
    {{/layout}}
    """

    static let inbox = """
    {{<layout}}
    {{$title}}{{t.inbox}}{{/title}}
    {{$main}}
    <h1>{{t.inbox}}</h1>
    <form method="get" action="/inbox" class="inline"><label><input type="checkbox" name="unread" value="true" {{#unread}}checked{{/unread}}> {{t.unread_only}}</label> <button type="submit">{{t.show}}</button></form>
    {{^items}}<p class="empty">{{t.no_notifications}}</p>{{/items}}
    <ul class="inbox" id="inbox">
    {{#items}}
    <li class="card {{^read}}unread{{/read}}"><div><strong>{{title}}</strong> · <a href="/cases/{{case}}">{{case}}</a> <span class="sub">{{created}}</span></div>
    {{#asked}}<div class="asked">{{asked}}{{#late}} ({{t.late}} {{late}}){{/late}}</div>{{/asked}}
    {{^read}}<form method="post" action="/inbox/{{id}}/read" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.mark_read}}</button></form>{{/read}}
    </li>
    {{/items}}
    </ul>
    {{#next}}<p><a href="/inbox?before={{next}}{{#unread}}&amp;unread=true{{/unread}}" rel="next">{{t.next_page}}</a></p>{{/next}}
    {{/main}}
    {{/layout}}
    """

    static let newCase = """
    {{<layout}}
    {{$title}}{{t.open_case}}{{/title}}
    {{$main}}
    <h1>{{t.open_case}}</h1>
    {{#error}}<div class="error" role="alert" id="refusal"><strong>{{t.refused}}:</strong> {{error}}</div>{{/error}}
    <form method="get" action="/cases/new" class="inline">
    <label for="wf">{{t.workflow}}</label>
    <select id="wf" name="workflow">{{#workflows}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{title}}</option>{{/workflows}}</select>
    <button type="submit">{{t.show}}</button>
    </form>
    {{#workflow}}
    <form method="post" action="/cases" id="open-form" class="card">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="workflow" value="{{workflow}}">
    {{#fields}}{{> field}}{{/fields}}
    {{#has_more}}<details><summary>{{t.optional_fields}}</summary>{{#more}}{{> field}}{{/more}}</details>{{/has_more}}
    <button type="submit" id="open">{{t.open}}</button>
    </form>
    {{/workflow}}
    {{/main}}
    {{/layout}}
    """
}
