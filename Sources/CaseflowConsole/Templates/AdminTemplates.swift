/// Workflows, their versions and documents; admin pages; the KPI dashboard.
enum AdminTemplates {
    static let workflows = """
    {{<layout}}
    {{$title}}{{t.workflows}}{{/title}}
    {{$main}}
    <h1>{{t.workflows}}</h1>
    <ul class="cards" id="workflows">{{#workflows}}<li class="card"><a href="/workflows/{{id}}">{{title}}</a> <span class="sub">{{id}} · {{t.versions}}: {{versions}}</span></li>{{/workflows}}</ul>
    {{#has_releases}}
    <h2>{{t.releases}}</h2>
    <div class="scroll"><table class="list" id="releases"><thead><tr><th scope="col">#</th><th scope="col">{{t.when}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.workflows}}</th></tr></thead>
    <tbody>{{#releases}}<tr><td>{{number}}</td><td>{{at}}</td><td>{{by}}</td><td>{{files}}</td></tr>{{/releases}}</tbody></table></div>
    {{/has_releases}}
    {{/main}}
    {{/layout}}
    """

    static let workflow = """
    {{<layout}}
    {{$title}}{{title}}{{/title}}
    {{$main}}
    <h1>{{title}} <span class="sub">v{{version}}</span></h1>
    <nav aria-label="{{t.versions}}" class="inline">{{t.versions}}: {{#versions}}<a href="/workflows/{{id}}?version={{v}}" {{#current}}aria-current="page"{{/current}}>v{{v}}</a> {{/versions}}</nav>
    <section class="card"><h2>{{t.diagram}}</h2><div class="diagram" id="diagram">{{{diagram}}}</div></section>
    {{#has_diff}}<section class="card"><h2>{{t.diff}}</h2><pre id="diff">{{diff}}</pre></section>{{/has_diff}}
    <section class="card doc" id="document"><h2>{{t.document}}</h2>{{{document}}}</section>
    {{/main}}
    {{/layout}}
    """

    static let admin = """
    {{<layout}}
    {{$title}}{{t.admin}}{{/title}}
    {{$main}}
    <h1>{{t.admin}}</h1>
    <section class="card"><h2>{{t.reload}}</h2>
    {{#reload}}<div class="{{#ok}}good{{/ok}}{{^ok}}error{{/ok}}" role="status" id="reload-result"><strong>{{headline}}</strong><ul>{{#lines}}<li><code>{{.}}</code></li>{{/lines}}</ul></div>{{/reload}}
    <form method="post" action="/admin/reload"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="reload">{{t.reload}}</button></form>
    </section>
    <section class="card"><h2>{{t.deliveries}}</h2>
    <div class="scroll"><table class="list" id="deliveries"><thead><tr><th scope="col">#</th><th scope="col">{{t.case}}</th><th scope="col">{{t.receiver}}</th><th scope="col">{{t.state}}</th><th scope="col">{{t.attempts}}</th><th scope="col">{{t.error}}</th></tr></thead>
    <tbody>{{#deliveries}}<tr><td>{{id}}</td><td>{{#case}}<a href="/cases/{{case}}">{{case}}</a>{{/case}}</td><td>{{channel}} {{receiver}}</td><td>{{state}}</td><td>{{attempts}}</td><td>{{error}}</td></tr>{{/deliveries}}</tbody></table></div>
    </section>
    <section class="card"><h2>{{t.batches}}</h2>
    <div class="scroll"><table class="list" id="batches"><thead><tr><th scope="col">id</th><th scope="col">{{t.action}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.counts}}</th><th scope="col">{{t.created}}</th></tr></thead>
    <tbody>{{#batches}}<tr><td class="mono">{{id}}</td><td>{{action}}</td><td>{{status}}</td><td>{{by}}</td><td>{{counts}}</td><td>{{created}}</td></tr>{{/batches}}</tbody></table></div>
    </section>
    {{/main}}
    {{/layout}}
    """

    static let kpis = """
    {{<layout}}
    {{$title}}{{t.kpis}}{{/title}}
    {{$main}}
    <h1>{{t.kpis}}</h1>
    <form method="get" action="/kpis" class="filters" id="kpi-form">
    <div class="field"><label for="k-workflow">{{t.workflow}}</label>
    <select id="k-workflow" name="workflow">{{#workflows}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{title}}</option>{{/workflows}}</select></div>
    <div class="field"><label for="k-days">{{t.period}} ({{t.days}})</label>
    <input id="k-days" name="days" type="number" min="1" max="3650" value="{{days}}"></div>
    <div class="field"><label for="k-by">{{t.by_field}}</label>
    <select id="k-by" name="by"><option value="">—</option>{{#fields}}<option value="{{name}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/fields}}</select></div>
    <div class="field"><label for="k-every">{{t.trend}}</label>
    <select id="k-every" name="every"><option value="">—</option>{{#periods}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{value}}</option>{{/periods}}</select></div>
    <button type="submit">{{t.show}}</button>
    </form>
    {{#report}}
    <p class="sub">{{t.kpi_limit}} {{limit}}</p>
    <div class="report" id="report">{{{html}}}</div>
    {{/report}}
    {{/main}}
    {{/layout}}
    """
}
