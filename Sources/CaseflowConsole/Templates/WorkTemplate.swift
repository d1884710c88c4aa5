enum WorkTemplate {
    static let text = """
    {{<layout}}
    {{$title}}{{t.my_work}}{{/title}}
    {{$main}}
    <div class="heading-row">
    <h1>{{t.my_work}}</h1>
    {{#may_open}}<a class="button" href="/cases/new" id="open-case">{{t.open_case}}</a>{{/may_open}}
    </div>
    <form method="get" action="/" class="inline">
    <label for="role">{{t.team_view}}</label>
    <select id="role" name="role">
    <option value="">{{t.all_my_roles}}</option>
    {{#roles}}<option value="{{name}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/roles}}
    </select>
    <button type="submit">{{t.show}}</button>
    </form>
    {{^items}}<p class="empty">{{t.nothing_to_do}}</p>{{/items}}
    {{#has_items}}
    <div class="scroll">
    <table class="list stack" id="work">
    <thead><tr><th scope="col">{{t.customer}}</th><th scope="col">{{t.stage}}</th><th scope="col">{{t.kind}}</th>
    <th scope="col">{{t.role}}</th><th scope="col">{{t.assignee}}</th><th scope="col">{{t.deadline}}</th><th scope="col">{{t.remaining}}</th></tr></thead>
    <tbody>
    {{#items}}
    <tr class="{{#overdue}}overdue{{/overdue}}">
    <td data-label="{{t.customer}}"><a href="/cases/{{case}}">{{customer}}</a><div class="sub">{{case}}</div></td>
    <td data-label="{{t.stage}}">{{stage_title}}</td>
    <td data-label="{{t.kind}}">{{kind_text}}</td>
    <td data-label="{{t.role}}">{{role}}</td>
    <td data-label="{{t.assignee}}">{{assignee}}</td>
    <td data-label="{{t.deadline}}">{{deadline_text}}</td>
    <td data-label="{{t.remaining}}"><span class="countdown" {{#deadline}}data-deadline="{{deadline}}"{{/deadline}}>{{remaining}}</span>{{#overdue}} <span class="badge bad">{{t.overdue}}</span>{{/overdue}}</td>
    </tr>
    {{/items}}
    </tbody>
    </table>
    </div>
    {{/has_items}}
    {{#next}}<p><a href="/?{{next}}" rel="next">{{t.next_page}}</a></p>{{/next}}
    {{/main}}
    {{/layout}}
    """
}
