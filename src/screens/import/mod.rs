//! Import from the PAS (team leads and administrators): choose what the file holds and the file, check it (the
//! counts of new, changed and unchanged rows and every row with a problem, its column and what to do; nothing is
//! written), then import its good rows. The server imports in the background, a batch at a time, and this page
//! follows it with a progress bar; it can be left, and an import that stopped is resumed from where it stopped.
//! Needs the server: an import is not something a desk does offline.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::pas_import::{problems_csv, CheckReport, ImportKind, ImportStatus, EVENT_TYPES};

use crate::desk::api;
use crate::desk::Desk;
use crate::ui::download::download;
use crate::ui::form::{error_for, show_problems, ErrorSummary, Problems};

/// Problems listed on the page (all of them are in the CSV).
const SHOWN_PROBLEMS: usize = 200;

#[component]
pub fn ImportPage() -> impl IntoView {
    let state = Desk::get();
    view! {
        <h1>"Import from the PAS"</h1>
        {move || (!state.auth.is_lead()).then(|| view! {
            <p class="error-message" role="alert">"Only team leads and administrators import PAS extracts."</p>
        })}
        <Show when=move || state.auth.is_lead()>
            <ImportScreen/>
        </Show>
    }
}

#[component]
fn ImportScreen() -> impl IntoView {
    let kind = RwSignal::new(ImportKind::Referrals.word().to_string());
    let file = RwSignal::new_local(None::<web_sys::File>);
    let problems: Problems = RwSignal::new(Vec::new());
    let report = RwSignal::new(None::<CheckReport>);
    let busy = RwSignal::new(false);
    let following = RwSignal::new(None::<ImportStatus>);
    let recent = RwSignal::new(Vec::<ImportStatus>::new());
    let refresh = move || {
        spawn_local(async move {
            if let Ok(list) = api::imports().await {
                recent.try_set(list);
            }
        })
    };
    refresh();

    let chosen = move || {
        let Some(file) = file.get_untracked() else {
            show_problems(problems, vec![("import-file".into(), "Choose the PAS extract's CSV file".into())]);
            return None;
        };
        Some(file)
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        report.set(None);
        let Some(file) = chosen() else { return };
        let kind_word = kind.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match api::import_check(&kind_word, &file).await {
                Ok(checked) => {
                    problems.set(Vec::new());
                    report.set(Some(checked));
                    crate::ui::form::focus_element("import-report");
                }
                Err(failure) => show_problems(problems, vec![("import-file".into(), failure.message())]),
            }
            busy.try_set(false);
        });
    };
    // Follows an import until it stops, once a second.
    let follow = move |id: String| {
        spawn_local(async move {
            loop {
                // A failed read (the server restarting, say) is tried again in a second.
                if let Ok(status) = api::import_status(&id).await {
                    let running = status.status == "running";
                    if following.try_set(Some(status)).is_some() {
                        return; // the page was left
                    }
                    if !running {
                        refresh();
                        return;
                    }
                }
                gloo_timers::future::TimeoutFuture::new(1_000).await;
            }
        });
    };
    let start = move |_| {
        let Some(file) = chosen() else { return };
        let kind_word = kind.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match api::import_start(&kind_word, &file).await {
                Ok(id) => {
                    report.set(None);
                    // The last import's progress goes: this one's comes with its first reading.
                    following.set(None);
                    follow(id);
                }
                Err(failure) => show_problems(problems, vec![("import-file".into(), failure.message())]),
            }
            busy.try_set(false);
        });
    };
    let resume = Callback::new(move |id: String| {
        spawn_local(async move {
            match api::import_resume(&id).await {
                Ok(_) => follow(id),
                Err(failure) => show_problems(problems, vec![("import-file".into(), failure.message())]),
            }
        });
    });
    let file_error = error_for(problems, "import-file");

    view! {
        <p class="lede">"Check a PAS extract first: Pathdesk lists what it would add and change, and every row with a problem, without changing anything. Then import its good rows. The import runs on the server: you can leave this page while it runs."</p>
        <ErrorSummary problems=problems title="The file could not be checked"/>
        <form class="form" on:submit=check novalidate data-testid="import-form">
            <div class="form-group">
                <label class="label" for="import-kind">"What the file holds"</label>
                <select id="import-kind" class="input" on:change=move |ev| { kind.set(event_target_value(&ev)); report.set(None); }>
                    {ImportKind::ALL.into_iter().map(|k| view! {
                        <option value=k.word() selected=move || kind.get() == k.word()>{k.label()}</option>
                    }).collect_view()}
                </select>
                <p class="hint">
                    <a href=move || format!("/api/imports/template?kind={}", kind.get()) download="">"Download the template for this file"</a>
                    " (its headings and two example rows; dates as dd/mm/yyyy; saved from Excel as CSV, in UTF-8 or Windows-1252)."
                </p>
            </div>
            <div class=move || if file_error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for="import-file">"The PAS extract (CSV file)"</label>
                {move || file_error.get().map(|message| view! {
                    <p class="error-message" id="import-file-error"><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                <input id="import-file" class="input" type="file" accept=".csv,text/csv"
                    aria-describedby=move || file_error.get().map(|_| "import-file-error")
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        file.set(input.files().and_then(|files| files.get(0)));
                        report.set(None);
                    }/>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>"Check the file"</button>
        </form>
        {move || report.get().map(|checked| {
            let importable = checked.new + checked.changed;
            let bad_rows = {
                let mut rows: Vec<usize> = checked.problems.iter().map(|p| p.row).collect();
                rows.dedup();
                rows.len()
            };
            let all = checked.problems.clone();
            let export = move |_| {
                let _ = download("pas-import-problems.csv", &problems_csv(&all));
            };
            view! {
                <section class="card" aria-labelledby="import-report" data-testid="import-report">
                    <h2 id="import-report" tabindex="-1">"What the file would do"</h2>
                    <p data-testid="import-counts">{format!(
                        "{} rows: {} new, {} changed, {} unchanged, {} with a problem.",
                        checked.rows, checked.new, checked.changed, checked.unchanged, bad_rows
                    )}</p>
                    {(!checked.problems.is_empty()).then(|| view! {
                        <table class="table" data-testid="import-problems">
                            <caption>"Rows with a problem (left out of the import)"</caption>
                            <thead><tr><th scope="col">"Row"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                            <tbody>
                                {checked.problems.iter().take(SHOWN_PROBLEMS).map(|p| view! {
                                    <tr data-testid="import-problem" data-row=p.row.to_string()>
                                        <td>{p.row}</td><td>{p.column.clone()}</td><td>{p.message.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p>
                            {(checked.problems.len() > SHOWN_PROBLEMS).then(|| format!("The first {SHOWN_PROBLEMS} of {} problems. ", checked.problems.len()))}
                            <button type="button" class="button button--secondary" on:click=export>"Download the problems as CSV"</button>
                        </p>
                    })}
                    {if importable == 0 {
                        view! { <p data-testid="import-nothing">"Nothing to import: every good row is already in Pathdesk as it is."</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button" on:click=start disabled=move || busy.get()>
                                {format!("Import {importable} rows")}
                                {(bad_rows > 0).then(|| format!(" (leaving out the {bad_rows} with a problem)"))}
                            </button>
                        }.into_any()
                    }}
                </section>
            }
        })}
        {move || following.get().map(|status| view! { <Progress status=status resume=resume/> })}
        <h2>"Recent imports"</h2>
        {move || {
            let list = recent.get();
            if list.is_empty() {
                return view! { <p>"No imports yet."</p> }.into_any();
            }
            view! {
                <table class="table" data-testid="import-list">
                    <caption class="visually-hidden">"Recent imports"</caption>
                    <thead><tr>
                        <th scope="col">"File"</th><th scope="col">"Holds"</th><th scope="col">"Started"</th>
                        <th scope="col">"Progress"</th><th scope="col">"State"</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|job| {
                            let id = job.id.clone();
                            view! {
                                <tr data-testid="import-row" data-status=job.status.clone()>
                                    <td>{job.file_name.clone()}</td>
                                    <td>{ImportKind::from_word(&job.kind).map_or(job.kind.clone(), |k| k.label().to_string())}</td>
                                    <td>{job.created_at.get(..16).unwrap_or("").replace('T', " ")}</td>
                                    <td>{format!("{} of {} rows", job.done_rows, job.total_rows)}</td>
                                    <td>
                                        {state_words(&job.status)}
                                        {(job.status == "failed").then(|| view! {
                                            " "
                                            <button type="button" class="button button--secondary"
                                                aria-label=format!("Resume the import of {}", job.file_name)
                                                on:click=move |_| resume.run(id.clone())>"Resume"</button>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <details class="card">
            <summary>"The events a pathway events file may hold"</summary>
            <ul>{EVENT_TYPES.iter().map(|(code, words)| view! { <li>{format!("{words} ({code})")}</li> }).collect_view()}</ul>
        </details>
    }
}

fn state_words(status: &str) -> &'static str {
    match status {
        "running" => "Importing",
        "done" => "Done",
        _ => "Stopped",
    }
}

/// An import under way: the bar, the rows done, and when it stops, what happened.
#[component]
fn Progress(status: ImportStatus, resume: Callback<String>) -> impl IntoView {
    let id = status.id.clone();
    let refused = status.problems.clone();
    view! {
        <section class="card" aria-labelledby="import-progress" data-testid="import-progress" data-status=status.status.clone()>
            <h2 id="import-progress">{format!("Importing {}", status.file_name)}</h2>
            <progress max=status.total_rows.max(1).to_string() value=status.done_rows.to_string() aria-labelledby="import-progress"/>
            <p role="status" data-testid="import-progress-words">{match status.status.as_str() {
                "running" => format!("{} of {} rows done.", status.done_rows, status.total_rows),
                "done" => format!(
                    "Done: {} rows imported ({} new, {} changed, {} already there), {} left out.",
                    status.total_rows as usize - status.skip_rows.len(),
                    status.counts.first().copied().unwrap_or(0),
                    status.counts.get(1).copied().unwrap_or(0),
                    status.counts.get(2).copied().unwrap_or(0),
                    status.skip_rows.len()
                ),
                _ => format!("Stopped after {} of {} rows: {}", status.done_rows, status.total_rows, status.message.clone().unwrap_or_default()),
            }}</p>
            {(status.status == "failed").then(|| view! {
                <button type="button" class="button" on:click=move |_| resume.run(id.clone())>"Resume the import"</button>
            })}
            {(!refused.is_empty()).then(|| view! {
                <p class="hint">"Rows refused while importing (their records changed after the check):"</p>
                <ul>{refused.into_iter().map(|p| view! { <li>{format!("Row {}: {}", p.row, p.message)}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}
