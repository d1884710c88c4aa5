/// One data field as a form control, built from the workflow's type, enum and range; and the
/// hidden fields that bind an action form to the session and to the case's stage and version.
enum FieldTemplate {
    static let field = """
    <div class="field">
    <label for="{{id}}">{{name}}{{#required}} <span class="req">({{t.required}})</span>{{/required}}</label>
    {{#is_select}}<select id="{{id}}" name="{{input}}" {{#required}}required{{/required}}><option value="">{{t.choose}}</option>{{#options}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{value}}</option>{{/options}}</select>{{/is_select}}
    {{#is_textarea}}<textarea id="{{id}}" name="{{input}}" rows="3" aria-describedby="{{id}}-type">{{value}}</textarea>{{/is_textarea}}
    {{#is_input}}<input id="{{id}}" name="{{input}}" type="{{input_type}}" value="{{value}}" {{#step}}step="{{step}}"{{/step}} {{#min}}min="{{min}}"{{/min}} {{#max}}max="{{max}}"{{/max}} {{#required}}required{{/required}} aria-describedby="{{id}}-type">{{/is_input}}
    <span class="help" id="{{id}}-type">{{type_text}}</span>
    </div>
    """

    static let guardFields = """
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="stage" value="{{case.stage}}">
    <input type="hidden" name="version" value="{{case.version}}">
    """
}
