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
pub fn focus_element(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(id) {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
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

/// A labelled text input with its hint and, when the form found one, its error.
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
    let error = error_for(problems, id);
    let described = move || {
        let mut ids = Vec::new();
        if !hint.is_empty() {
            ids.push(format!("{id}-hint"));
        }
        if error.with(Option::is_some) {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class=group_class(error)>
            <label class="label" for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
            {error_line(id, error)}
            <input
                id=id
                name=id
                class=if wide { "input input--wide" } else { "input" }
                type=if kind.is_empty() { "text" } else { kind }
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// The day, month and year typed into a date input.
#[derive(Clone, Copy)]
pub struct TypedDate {
    pub day: RwSignal<String>,
    pub month: RwSignal<String>,
    pub year: RwSignal<String>,
}

impl TypedDate {
    pub fn new() -> TypedDate {
        TypedDate {
            day: RwSignal::new(String::new()),
            month: RwSignal::new(String::new()),
            year: RwSignal::new(String::new()),
        }
    }

    /// The date, or the NHS pattern's message for what is wrong (`what`: "Date of birth").
    pub fn read(&self, what: &str) -> Result<chrono::NaiveDate, String> {
        pathdesk_core::calendar::typed_date(
            &self.day.get_untracked(),
            &self.month.get_untracked(),
            &self.year.get_untracked(),
            what,
        )
    }
}

impl Default for TypedDate {
    fn default() -> Self {
        TypedDate::new()
    }
}

/// The day, month and year boxes of an NHS date input, reading and writing the date's text through `text` and
/// `set_text` ("day/month/year" as typed; see `calendar::with_typed_date_part`). The day box has the id `id`.
fn date_boxes(
    id: String,
    text: impl Fn() -> String + Copy + Send + Sync + 'static,
    set_text: impl Fn(String) + Copy + Send + Sync + 'static,
    invalid: Signal<bool>,
    birthday: bool,
) -> impl IntoView {
    use pathdesk_core::calendar::{typed_date_parts, with_typed_date_part};
    let part = move |which: usize, label: &'static str, width: &'static str, autocomplete: &'static str| {
        let input_id = if which == 0 { id.clone() } else { format!("{id}-{}", label.to_lowercase()) };
        view! {
            <div class="date-input__item">
                <label class="label date-input__label" for=input_id.clone()>{label}</label>
                <input
                    id=input_id.clone()
                    name=input_id
                    class=format!("input date-input__input {width}")
                    type="text"
                    inputmode="numeric"
                    autocomplete=birthday.then_some(autocomplete)
                    aria-invalid=move || invalid.get().then_some("true")
                    prop:value=move || typed_date_parts(&text())[which].clone()
                    on:input=move |ev| set_text(with_typed_date_part(&text(), which, &event_target_value(&ev)))
                />
            </div>
        }
    };
    view! {
        <div class="date-input">
            {part(0, "Day", "input--width-2", "bday-day")}
            {part(1, "Month", "input--width-2", "bday-month")}
            {part(2, "Year", "input--width-4", "bday-year")}
        </div>
    }
}

/// The NHS date input: a legend, a hint, and day, month and year boxes. The day box has the field's id, so the
/// error summary's link lands on it.
#[component]
pub fn DateInput(
    id: &'static str,
    legend: &'static str,
    hint: &'static str,
    date: TypedDate,
    problems: Problems,
) -> impl IntoView {
    let error = error_for(problems, id);
    let text = move || format!("{}/{}/{}", date.day.get(), date.month.get(), date.year.get());
    let set_text = move |typed: String| {
        let [day, month, year] = pathdesk_core::calendar::typed_date_parts(&typed);
        date.day.set(day);
        date.month.set(month);
        date.year.set(year);
    };
    let invalid = Signal::derive(move || error.with(Option::is_some));
    view! {
        <div class=group_class(error)>
            <fieldset class="fieldset" role="group" aria-describedby=move || if error.with(Option::is_some) { format!("{id}-hint {id}-error") } else { format!("{id}-hint") }>
                <legend class="label">{legend}</legend>
                <p class="hint" id=format!("{id}-hint")>{hint}</p>
                {error_line(id, error)}
                {date_boxes(id.to_string(), text, set_text, invalid, id == "date-of-birth")}
            </fieldset>
        </div>
    }
}

/// An NHS date input over one text value ("day/month/year" as typed, prefilled with `uk_numeric_date`, read with
/// `calendar::read_typed_date`), for forms that keep each date as one value. `error` is the field's message.
#[component]
pub fn DateField(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(optional)] hint: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    /// Set beside other fields in a row (a filter bar): the legend sits above the boxes, no margin below.
    #[prop(optional)]
    inline: bool,
    /// In a table cell whose column heading says what the date is: the legend and hint are for screen readers.
    #[prop(optional)]
    in_table: bool,
) -> impl IntoView {
    let inline = inline || in_table;
    let said = if in_table { "label visually-hidden" } else { "label" };
    let hint_class = if in_table { "hint visually-hidden" } else { "hint" };
    let hint = if hint.is_empty() { "For example, 27 3 2027" } else { hint };
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if error.with(Option::is_some) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    let invalid = Signal::derive(move || error.with(Option::is_some));
    let class = move || {
        let base = if inline { "form-group form-group--date-inline" } else { "form-group" };
        if error.with(Option::is_some) {
            format!("{base} form-group--error")
        } else {
            base.to_string()
        }
    };
    view! {
        <div class=class>
            <fieldset class="fieldset" role="group" aria-describedby=described>
                <legend class=said>{legend}</legend>
                <p class=hint_class id=hint_id>{hint}</p>
                {move || error.get().map(|message| view! {
                    <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                {date_boxes(id, move || value.get(), move |typed| value.set(typed), invalid, false)}
            </fieldset>
        </div>
    }
}

/// A 24-hour time typed as text ("09:30"), read with `calendar::read_typed_time` on every browser and locale.
#[component]
pub fn TimeField(
    #[prop(into)] id: String,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if error.with(Option::is_some) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "form-group form-group--error" } else { "form-group" }>
            <label class="label" for=id.clone()>{label}</label>
            <p class="hint" id=hint_id>"24-hour clock, for example 09:30 or 14:00"</p>
            {move || error.get().map(|message| view! {
                <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
            })}
            <input id=id.clone() name=id class="input input--width-5" type="text" inputmode="numeric" autocomplete="off"
                aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
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
                view! { <DateInput id=id legend=legend hint=hint date=date problems=problems/> }.into_any()
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
