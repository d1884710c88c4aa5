enum LoginTemplate {
    static let text = """
    {{<layout}}
    {{$title}}{{t.sign_in}}{{/title}}
    {{$main}}
    <h1>{{t.sign_in_title}}</h1>
    {{#error}}<p class="error" role="alert" id="login-error">{{error}}</p>{{/error}}
    <form method="post" action="/login" class="card narrow">
    <input type="hidden" name="csrf" value="{{login_csrf}}">
    <input type="hidden" name="next" value="{{next}}">
    <label for="token">{{t.token}}</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-help">
    <p id="token-help" class="help">{{t.token_help}}</p>
    <button type="submit" id="sign-in">{{t.sign_in}}</button>
    </form>
    {{/main}}
    {{/layout}}
    """
}
