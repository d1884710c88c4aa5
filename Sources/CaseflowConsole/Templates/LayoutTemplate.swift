/// The frame of every page: skip link, navigation, who is signed in, sign-out form.
enum LayoutTemplate {
    static let text = """
    <!doctype html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}{{/title}} · {{t.product}}</title>
    <link rel="stylesheet" href="/assets/console.css">
    <script src="/assets/console.js" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">{{t.skip}}</a>
    <header class="top">
    <a class="brand" href="/">{{t.product}}</a>
    {{#person}}
    <nav aria-label="{{t.nav}}">
    <ul>
    <li><a href="/" {{#nav_work}}aria-current="page"{{/nav_work}}>{{t.my_work}}</a></li>
    <li><a href="/cases" {{#nav_cases}}aria-current="page"{{/nav_cases}}>{{t.cases}}</a></li>
    <li><a href="/escalations" {{#nav_escalations}}aria-current="page"{{/nav_escalations}}>{{t.escalations}}</a></li>
    <li><a href="/inbox" {{#nav_inbox}}aria-current="page"{{/nav_inbox}}>{{t.inbox}}</a></li>
    <li><a href="/kpis" {{#nav_kpis}}aria-current="page"{{/nav_kpis}}>{{t.kpis}}</a></li>
    <li><a href="/workflows" {{#nav_workflows}}aria-current="page"{{/nav_workflows}}>{{t.workflows}}</a></li>
    {{#is_admin}}<li><a href="/admin" {{#nav_admin}}aria-current="page"{{/nav_admin}}>{{t.admin}}</a></li>{{/is_admin}}
    </ul>
    </nav>
    <form class="signout" method="post" action="/logout">
    <span>{{t.signed_in_as}} <strong id="who">{{person}}</strong></span>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit">{{t.sign_out}}</button>
    </form>
    {{/person}}
    </header>
    <main id="main" tabindex="-1">
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{$main}}{{/main}}
    </main>
    </body>
    </html>
    """
}
