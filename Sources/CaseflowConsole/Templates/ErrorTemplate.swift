enum ErrorTemplate {
    static let text = """
    {{<layout}}
    {{$title}}{{heading}}{{/title}}
    {{$main}}
    <h1>{{heading}}</h1>
    <p class="error" role="alert">{{message}}</p>
    <p><a href="/">{{t.go_home}}</a></p>
    {{/main}}
    {{/layout}}
    """
}
