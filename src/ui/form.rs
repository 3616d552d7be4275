//! The NHS form patterns shared by the forms that register patients and add referrals: the error summary at the
//! top (each problem linked to its field, focused when it appears), a text field with its error, and the date
//! input (day, month and year boxes, read by core, never the browser's locale).

use leptos::prelude::*;

/// What is wrong with a form: (field id, message), in the order the fields come.
pub type Problems = RwSignal<Vec<(String, String)>>;

/// The message for `field`, if it has one.
pub fn error_for(problems: Problems, field: impl Into<String>) -> Signal<Option<String>> {
    let field = field.into();
    Signal::derive(move || problems.with(|all| all.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone())))
}

/// Shows `problems`: the summary is drawn, focused and read out; each field shows its own message.
pub fn show_problems(problems: Problems, found: Vec<(String, String)>) {
    let any = !found.is_empty();
    problems.set(found);
    if any {
        focus_summary();
    }
}

/// Moves focus to the error summary once it is drawn, so a screen reader reads it and the person sees it.
pub fn focus_summary() {
    focus_element("error-summary");
}

/// Moves focus (and so the view) to the element `id` once it is drawn: a message, a confirmation.
pub fn focus_element(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

/// A row an action will redraw (a keyed row is drawn afresh when what it shows changes), marked before the action
/// starts: once it has been drawn again, [`RedrawnRow::focus`] puts the focus on the first of its controls, so the
/// person carries on from the same row rather than from the top of the page.
pub struct RedrawnRow {
    selector: String,
    before: Option<web_sys::Element>,
}

impl RedrawnRow {
    /// The row matching `selector`, as it is now.
    pub fn mark(selector: String) -> RedrawnRow {
        let before = document().query_selector(&selector).ok().flatten();
        RedrawnRow { selector, before }
    }

    /// Once the row has been drawn afresh, focus its first element matching `control` (or its first link). Gives up
    /// after about two seconds (the action changed nothing the row shows).
    pub fn focus(self, control: &'static str) {
        fn attempt(row: RedrawnRow, control: &'static str, frames_left: u32) {
            request_animation_frame(move || match document().query_selector(&row.selector).ok().flatten() {
                Some(now) if Some(&now) != row.before.as_ref() => {
                    let target =
                        now.query_selector(control).ok().flatten().or_else(|| now.query_selector("a").ok().flatten());
                    if let Some(target) = target {
                        use wasm_bindgen::JsCast;
                        if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
                            let _ = target.focus();
                        }
                    }
                }
                _ if frames_left > 0 => attempt(row, control, frames_left - 1),
                _ => {}
            });
        }
        attempt(self, control, 120);
    }
}

/// A page's status line for actions whose row is drawn afresh (a region drawn afresh is not read out, so the row
/// cannot say it itself): rows find it with [`Announce::find`] when they are made, and [`Announce::say`] what was done.
#[derive(Clone, Copy)]
pub struct Announce(RwSignal<String>);

impl Announce {
    /// Give the page its status line (visually hidden, read by screen readers): call it in the page's component.
    pub fn line() -> impl IntoView {
        let said = RwSignal::new(String::new());
        provide_context(Announce(said));
        view! { <p class="visually-hidden" role="status" data-testid="announced">{move || said.get()}</p> }
    }

    /// The page's status line, if it has one.
    pub fn find() -> Option<Announce> {
        use_context::<Announce>()
    }

    pub fn say(&self, text: String) {
        self.0.try_set(text);
    }
}

/// What was just saved, said where the person is: a green box that takes the focus each time a message appears
/// (so it is seen, and a screen reader reads it), with `id` as its id and test id. Nothing while `message` is `None`.
#[component]
pub fn Confirmation(#[prop(into)] message: Signal<Option<String>>, #[prop(into)] id: String) -> impl IntoView {
    let focus_id = id.clone();
    Effect::new(move |_| {
        if message.with(Option::is_some) {
            focus_element(focus_id.clone());
        }
    });
    move || {
        message.get().map(|text| {
            view! {
                <div class="notification-banner notification-banner--success confirmation" role="status"
                    tabindex="-1" id=id.clone() data-testid=id.clone()><p>{text}</p></div>
            }
        })
    }
}

/// What an action did, as a [`Confirmation`] (`id`), or why it could not be done, as an alert (`error_id`).
pub fn outcome_line(
    message: RwSignal<Option<Result<String, String>>>,
    id: &'static str,
    error_id: &'static str,
) -> impl IntoView {
    let done = Signal::derive(move || message.get().and_then(Result::ok));
    view! {
        <Confirmation message=done id=id/>
        {move || {
            message.get().and_then(Result::err).map(|text| {
                view! { <p class="error-message" role="alert" data-testid=error_id>{text}</p> }
            })
        }}
    }
}

/// A `String` message (empty when there is none) as a [`Confirmation`]'s message.
pub fn said(message: RwSignal<String>) -> Signal<Option<String>> {
    Signal::derive(move || message.with(|m| (!m.is_empty()).then(|| m.clone())))
}

/// "There is a problem", with a link to each field that has one.
#[component]
pub fn ErrorSummary(
    problems: Problems,
    /// The heading, when "There is a problem" says less than the form can ("This event was not saved").
    #[prop(optional)]
    title: Option<&'static str>,
) -> impl IntoView {
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-testid="error-summary">
                    <h2 class="error-summary__title" id="error-summary-title">{title.unwrap_or("There is a problem")}</h2>
                    <ul class="error-summary__list">
                        {list.into_iter().map(|(field, message)| view! { <li><a href=format!("#{field}")>{message}</a></li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The class of a field's group: with the red bar when it has an error.
pub fn group_class(error: Signal<Option<String>>) -> impl Fn() -> &'static str {
    move || if error.with(Option::is_some) { "form-group form-group--error" } else { "form-group" }
}

/// A field's error message ("Error: " for screen readers), with the id `{id}-error` its input is described by.
pub fn error_line(id: impl Into<String>, error: Signal<Option<String>>) -> impl IntoView {
    let id = id.into();
    move || {
        error.get().map(|message| {
            view! { <p class="error-message" id=format!("{id}-error")><span class="visually-hidden">"Error: "</span>{message}</p> }
        })
    }
}

/// How a text box looks and what it takes: `kind` "password" or "tel" (text otherwise), `inputmode` "numeric"
/// for numbers, `width` a class ("input--wide", "input--width-5") or none.
#[derive(Clone, Copy, Default)]
pub struct BoxStyle {
    pub kind: &'static str,
    pub inputmode: &'static str,
    pub autocomplete: &'static str,
    pub width: &'static str,
}

/// A labelled text box with its hint and, when the form found one, its error: the one text box of every form.
/// `value` reads what it shows, `set` takes what is typed (a signal, or a field of a form's draft).
pub fn text_box(
    id: impl Into<String>,
    label: &'static str,
    hint: &'static str,
    value: Signal<String>,
    set: Callback<String>,
    error: Signal<Option<String>>,
    style: BoxStyle,
) -> AnyView {
    let id: String = id.into();
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let class = if style.width.is_empty() { "input".to_string() } else { format!("input {}", style.width) };
    view! {
        <div class=group_class(error)>
            <label class="label" for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {error_line(id.clone(), error)}
            <input
                id=id.clone()
                name=id
                class=class
                type=if style.kind.is_empty() { "text" } else { style.kind }
                autocomplete=(!style.autocomplete.is_empty()).then_some(style.autocomplete)
                inputmode=(!style.inputmode.is_empty()).then_some(style.inputmode)
                aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))
            />
        </div>
    }
    .into_any()
}

/// A labelled text input over a signal, with its hint and, when the form found one, its error.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    value: RwSignal<String>,
    problems: Problems,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] wide: bool,
    /// "password" for a password; text otherwise.
    #[prop(optional)]
    kind: &'static str,
) -> impl IntoView {
    let style = BoxStyle { kind, inputmode, autocomplete, width: if wide { "input--wide" } else { "" } };
    text_box(
        id,
        label,
        hint,
        value.into(),
        Callback::new(move |typed| value.set(typed)),
        error_for(problems, id),
        style,
    )
}

/// A date as typed into a date input's day, month and year boxes, held as one text ("7/12/2026"; see
/// `calendar::with_typed_date_part`), read by core whatever the browser's locale.
#[derive(Clone, Copy)]
pub struct TypedDate {
    pub text: RwSignal<String>,
}

impl TypedDate {
    pub fn new() -> TypedDate {
        TypedDate { text: RwSignal::new(String::new()) }
    }

    /// The boxes filled with `date` (a form prefilled with today, or with what is on record).
    pub fn set(&self, date: chrono::NaiveDate) {
        self.text.set(format!(
            "{}/{}/{}",
            chrono::Datelike::day(&date),
            chrono::Datelike::month(&date),
            chrono::Datelike::year(&date)
        ));
    }

    /// The date, or the NHS pattern's message for what is wrong (`what`: "Date of birth").
    pub fn read(&self, what: &str) -> Result<chrono::NaiveDate, String> {
        pathdesk_core::calendar::read_typed_date(&self.text.get_untracked(), what)
    }
}

impl Default for TypedDate {
    fn default() -> Self {
        TypedDate::new()
    }
}

/// The first and last days typed into two date inputs (ids `ids`, described as `words` in messages), or what is
/// wrong with each, keyed by its box for the error summary.
pub fn typed_range(
    from: RwSignal<String>,
    to: RwSignal<String>,
    ids: [&str; 2],
    words: [&str; 2],
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), Vec<(String, String)>> {
    use pathdesk_core::calendar::read_typed_date;
    let first = read_typed_date(&from.get_untracked(), words[0]);
    let last = read_typed_date(&to.get_untracked(), words[1]);
    match (first, last) {
        (Ok(first), Ok(last)) => Ok((first, last)),
        (first, last) => Err([(ids[0], first.err()), (ids[1], last.err())]
            .into_iter()
            .filter_map(|(id, problem)| problem.map(|message| (id.to_string(), message)))
            .collect()),
    }
}

/// Where a date input sits: alone in a form, in a row of fields (a filter bar), or in a table cell whose column
/// heading says what the date is (its legend and hint are then for screen readers only).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DateLayout {
    Form,
    Inline,
    InTable,
}

/// The NHS date input: a legend, a hint, its error, and day, month and year boxes over one text value (prefilled
/// with `uk_numeric_date`, read with `calendar::read_typed_date`). The day box has the id `id`, so the error
/// summary's link lands on it. One function, not a component: every date input in the app is this one piece.
pub fn date_input(
    id: impl Into<String>,
    legend: impl Into<String>,
    hint: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    layout: DateLayout,
) -> AnyView {
    use pathdesk_core::calendar::{typed_date_parts, with_typed_date_part};
    let (id, legend) = (id.into(), legend.into());
    let hint = if hint.is_empty() { "For example, 27 3 2027" } else { hint };
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if error.with(Option::is_some) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    let in_table = layout == DateLayout::InTable;
    let base = if layout == DateLayout::Form { "form-group" } else { "form-group form-group--date-inline" };
    let class =
        move || if error.with(Option::is_some) { format!("{base} form-group--error") } else { base.to_string() };
    let birthday = id == "date-of-birth";
    let part = |which: usize, label: &'static str, width: &'static str, autocomplete: &'static str| {
        let input_id = if which == 0 { id.clone() } else { format!("{id}-{}", label.to_lowercase()) };
        view! {
            <div class="date-input__item">
                <label class="label date-input__label" for=input_id.clone()>{label}</label>
                <input id=input_id.clone() name=input_id class=format!("input date-input__input {width}") type="text"
                    inputmode="numeric" autocomplete=birthday.then_some(autocomplete)
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || typed_date_parts(&value.get())[which].clone()
                    on:input=move |ev| value.set(with_typed_date_part(&value.get_untracked(), which, &event_target_value(&ev)))/>
            </div>
        }
    };
    let boxes = [
        part(0, "Day", "input--width-2", "bday-day"),
        part(1, "Month", "input--width-2", "bday-month"),
        part(2, "Year", "input--width-4", "bday-year"),
    ];
    view! {
        <div class=class>
            <fieldset class="fieldset" role="group" aria-describedby=described>
                <legend class=if in_table { "label visually-hidden" } else { "label" }>{legend}</legend>
                <p class=if in_table { "hint visually-hidden" } else { "hint" } id=hint_id>{hint}</p>
                {move || error.get().map(|message| view! {
                    <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                <div class="date-input">{boxes}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

/// A labelled choice from `options` (value, words), with its error.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    problems: Problems,
) -> impl IntoView {
    let error = error_for(problems, id);
    view! {
        <div class=group_class(error)>
            <label class="label" for=id>{label}</label>
            {error_line(id, error)}
            <select
                id=id
                name=id
                class="input"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || options.get().into_iter().map(|(code, words)| {
                    let selected = value.get_untracked() == code;
                    view! { <option value=code selected=selected>{words}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One field of a form, as data: a form of many fields is drawn by one piece of code (each kind of field's view
/// compiled once), which keeps the app small.
#[derive(Clone)]
pub enum Field {
    Text {
        id: &'static str,
        label: &'static str,
        hint: &'static str,
        value: RwSignal<String>,
        inputmode: &'static str,
        wide: bool,
    },
    Lines {
        id: &'static str,
        label: &'static str,
        hint: &'static str,
        value: RwSignal<String>,
    },
    Select {
        id: &'static str,
        label: &'static str,
        value: RwSignal<String>,
        options: Signal<Vec<(String, String)>>,
    },
    Date {
        id: &'static str,
        legend: &'static str,
        hint: &'static str,
        date: TypedDate,
    },
}

impl Field {
    pub fn text(id: &'static str, label: &'static str, hint: &'static str, value: RwSignal<String>) -> Field {
        Field::Text { id, label, hint, value, inputmode: "", wide: false }
    }

    pub fn wide(id: &'static str, label: &'static str, hint: &'static str, value: RwSignal<String>) -> Field {
        Field::Text { id, label, hint, value, inputmode: "", wide: true }
    }

    pub fn numeric(id: &'static str, label: &'static str, hint: &'static str, value: RwSignal<String>) -> Field {
        Field::Text { id, label, hint, value, inputmode: "numeric", wide: false }
    }

    pub fn select(
        id: &'static str,
        label: &'static str,
        value: RwSignal<String>,
        options: impl Into<Signal<Vec<(String, String)>>>,
    ) -> Field {
        Field::Select { id, label, value, options: options.into() }
    }

    fn view(self, problems: Problems) -> AnyView {
        match self {
            Field::Text { id, label, hint, value, inputmode, wide } => {
                view! { <TextField id=id label=label hint=hint value=value problems=problems inputmode=inputmode wide=wide/> }.into_any()
            }
            Field::Lines { id, label, hint, value } => {
                let error = error_for(problems, id);
                view! {
                    <div class=group_class(error)>
                        <label class="label" for=id>{label}</label>
                        <p class="hint" id=format!("{id}-hint")>{hint}</p>
                        {error_line(id, error)}
                        <textarea id=id class="textarea" rows="3" aria-invalid=move || error.with(Option::is_some).then_some("true") aria-describedby=move || if error.with(Option::is_some) { format!("{id}-hint {id}-error") } else { format!("{id}-hint") } prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                    </div>
                }
                .into_any()
            }
            Field::Select { id, label, value, options } => {
                view! { <SelectField id=id label=label value=value options=options problems=problems/> }.into_any()
            }
            Field::Date { id, legend, hint, date } => {
                date_input(id, legend, hint, date.text, error_for(problems, id), DateLayout::Form)
            }
        }
    }
}

/// Draws `fields` in order; a field with a condition only while it holds (the UBRN only for an e-Referral).
#[component]
pub fn Fields(fields: Vec<(Field, Option<Signal<bool>>)>, problems: Problems) -> impl IntoView {
    fields
        .into_iter()
        .map(|(field, when)| match when {
            None => field.view(problems),
            Some(when) => (move || when.get().then(|| field.clone().view(problems))).into_any(),
        })
        .collect_view()
}
