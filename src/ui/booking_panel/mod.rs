//! The booking panel: the slot type the pathway needs, the next free slot and a few more, the notice the offer
//! gives, and the actions Book and "Patient declined this date". Shared by the waiting list and the
//! needs-rebooking problem.

pub mod model;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::booking::{offers_in_current_period, review_declined_offers, without_leave, Leave};
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::Command;
use pathdesk_core::command::{BookAppointment, Escalate, RecordOfferDeclined};
use pathdesk_core::model::{Appointment, ClinicList, ClinicSession, Pathway, PathwayOffers, SlotType};
use pathdesk_core::pathway::{Deadline, PathwayClocks};
use pathdesk_core::record::RecordKind;
use pathdesk_core::settings::TrustSettings;

use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::booking_panel::model::{free_slots, next_slot_type, notice_for, with_room_for, SlotChoice};
use crate::ui::form::{date_input, DateLayout};
use crate::ui::loaded;
use crate::ui::loaded::load;

/// Further free slots listed after the next one.
const MORE_SLOTS: usize = 5;

#[derive(Clone)]
struct PanelData {
    pathway: Pathway,
    sessions: Vec<ClinicSession>,
    appointments: Vec<Appointment>,
    offers: Option<PathwayOffers>,
    leave: Vec<Leave>,
    /// For a patient on the admitted list: the procedure lists' bookings, to offer only lists with the minutes.
    lists: Vec<ClinicList>,
    /// The trust's settings, read with the rest: the slots are never searched with the defaults.
    trust: TrustSettings,
}

impl PanelData {
    /// Where the search starts: the date the person chose, else where the pathway's priority allows (urgent
    /// suspected cancer: today; others: the trust's reasonable notice).
    fn search_from(&self, memory: &PanelMemory) -> NaiveDate {
        if memory.from_chosen.get() {
            memory.search_from.get()
        } else {
            self.trust.booking.search_from(self.pathway.priority, clock::today())
        }
    }

    /// The running clocks' deadlines today, earliest first.
    fn deadlines(&self) -> Vec<Deadline> {
        PathwayClocks::compute(&self.pathway.events, self.pathway.cancer, clock::today()).deadlines()
    }
}

/// What the panel holds while the screen around it is drawn again (after a sync or a change on this device), so
/// the chosen slot, the ticked box, the search date and the messages are not lost. Made by the screen.
#[derive(Clone, Copy)]
pub struct PanelMemory {
    search_from: RwSignal<NaiveDate>,
    from_text: RwSignal<String>,
    /// The search date was given by the screen or chosen by the person: the trust's notice does not move it.
    from_chosen: RwSignal<bool>,
    chosen: RwSignal<Option<SlotChoice>>,
    accepted: RwSignal<bool>,
    /// Why a date after a cancer deadline is booked ("" until chosen).
    past_deadline_reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    status: RwSignal<String>,
}

impl PanelMemory {
    /// A fresh panel searching from `from` (default: the date the pathway's priority allows, once it is read).
    pub fn new(from: Option<NaiveDate>) -> PanelMemory {
        let memory = PanelMemory {
            search_from: RwSignal::new(NaiveDate::default()),
            from_text: RwSignal::new(String::new()),
            from_chosen: RwSignal::new(false),
            chosen: RwSignal::new(None),
            accepted: RwSignal::new(false),
            past_deadline_reason: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            status: RwSignal::new(String::new()),
        };
        memory.reset(from);
        memory
    }

    /// Start again for another patient.
    pub fn reset(&self, from: Option<NaiveDate>) {
        self.from_chosen.set(from.is_some());
        self.search_from_date(from.unwrap_or_else(clock::today));
        self.chosen.set(None);
        self.accepted.set(false);
        self.past_deadline_reason.set(String::new());
        self.error.set(None);
        self.status.set(String::new());
    }
}

impl PanelMemory {
    fn search_from_date(&self, from: NaiveDate) {
        self.search_from.set(from);
        self.from_text.set(pathdesk_core::calendar::uk_numeric_date(from));
    }
}

/// What to do once booked, given the new appointment's id. A plain closure, not a reactive callback: the screen
/// may be drawn again (and this panel with it) while the booking is being saved.
pub type OnBooked = std::sync::Arc<dyn Fn(String) + Send + Sync>;

/// The booking panel for `pathway_id`; `on_booked` gets the new appointment's id.
#[component]
pub fn BookingPanel(pathway_id: String, memory: PanelMemory, on_booked: OnBooked) -> impl IntoView {
    let PanelMemory { search_from, from_text, from_chosen, chosen, accepted, past_deadline_reason, error, status } =
        memory;
    let id = pathway_id.clone();
    let data = load(move |store| {
        let id = id.clone();
        async move {
            let pathway: Option<Pathway> = records::one(&store, RecordKind::Pathway, &id).await?;
            let pathway = pathway.ok_or_else(|| {
                crate::desk::store::StoreError::Data(format!(
                    "Pathway {id} is not on this device yet: sync, then try again."
                ))
            })?;
            Ok(PanelData {
                sessions: records::all(&store, RecordKind::ClinicSession).await?,
                appointments: records::all(&store, RecordKind::Appointment).await?,
                offers: records::one(&store, RecordKind::PathwayOffers, &id).await?,
                leave: records::all(&store, RecordKind::Leave).await?,
                lists: if pathway.listed.is_some() {
                    records::all(&store, RecordKind::ClinicList).await?
                } else {
                    Vec::new()
                },
                trust: crate::desk::queries::trust_settings(&store).await?,
                pathway,
            })
        }
    });
    // The trust's settings once read (the defaults until then: only the notice and target wording use these, after a
    // slot is chosen from the loaded data).
    let settings = move || data.get().and_then(Result::ok).map(|panel: PanelData| panel.trust).unwrap_or_default();
    let policy = move || settings().booking;
    // The search date box shows where the search starts until the person types their own.
    Effect::new(move |_| {
        if let Some(from) = data.get().and_then(Result::ok).map(|panel: PanelData| panel.search_from(&memory)) {
            // A date the person has started typing is theirs: the text differs from the one last set here.
            let typed = from_text.with_untracked(|text| {
                !text.is_empty() && *text != pathdesk_core::calendar::uk_numeric_date(search_from.get_untracked())
            });
            if !from_chosen.get_untracked() && !typed {
                memory.search_from_date(from);
            }
        }
    });
    let busy = RwSignal::new(false);
    let state = Desk::get();

    let from_problem = RwSignal::new(None::<String>);
    let find = move |_| match pathdesk_core::calendar::read_typed_date(
        &from_text.get_untracked(),
        "The date to search from",
    ) {
        Ok(date) => {
            error.set(None);
            from_problem.set(None);
            chosen.set(None);
            from_chosen.set(true);
            search_from.set(date);
        }
        Err(message) => from_problem.set(Some(message)),
    };

    let pathway_for_book = pathway_id.clone();
    let book = move |_| {
        let on_booked = on_booked.clone();
        let Some(choice) = chosen.get_untracked() else {
            error.set(Some("Choose a slot first: press “Find next free slot”.".into()));
            return;
        };
        let appointment_id = uuid::Uuid::new_v4().to_string();
        let panel = data.get_untracked().and_then(Result::ok);
        let missed = panel.as_ref().and_then(|panel| Deadline::first_cancer_missed(&panel.deadlines(), choice.date));
        let reason = Some(past_deadline_reason.get_untracked()).filter(|r| !r.trim().is_empty());
        if missed.is_some() && reason.is_none() {
            error.set(Some("Choose why this date is after the deadline, or choose an earlier slot.".into()));
            return;
        }
        // A date past a cancer deadline goes to the team leads as an escalation, with the reason.
        let escalation = missed.zip(panel.as_ref()).map(|(deadline, panel)| {
            Command::from(Escalate {
                pathway_id: panel.pathway.id.clone(),
                patient_id: panel.pathway.patient_id.clone(),
                standard: deadline.standard,
                deadline: deadline.date,
                reason: format!(
                    "Booked for {}, after the deadline: {}",
                    uk_date(choice.date),
                    reason.clone().unwrap_or_default()
                ),
                offered: Some(choice.date),
            })
        });
        let command = Command::BookAppointment(BookAppointment {
            appointment_id: appointment_id.clone(),
            pathway_id: pathway_for_book.clone(),
            session_id: choice.session_id.clone(),
            slot_id: choice.slot_id.clone(),
            offered_on: clock::today(),
            patient_accepted_earlier_date: accepted.get_untracked(),
            past_deadline_reason: reason,
            consultant_id: Some(choice.consultant_id.clone()),
        });
        busy.set(true);
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    if let Some(escalation) = escalation {
                        if let Err(e) = state.run_command(escalation).await {
                            error.try_set(Some(format!("Booked, but the escalation was not saved: {e}. Escalate it from the clinic or tell a team lead.")));
                        }
                    }
                    error.try_set(None);
                    status.try_set(format!(
                        "Booked: {} {} at {}.",
                        choice.clinic,
                        uk_date(choice.date),
                        hhmm(choice.start)
                    ));
                    on_booked(appointment_id);
                }
                Err(LocalError::Rejected(rejection)) => {
                    error.try_set(Some(rejection.message));
                }
                Err(LocalError::Store(e)) => {
                    error.try_set(Some(format!("Not saved on this device: {e}. Try again.")));
                }
            }
            busy.try_set(false);
        });
    };

    let pathway_for_decline = pathway_id.clone();
    let declined = move |_| {
        let Some(choice) = chosen.get_untracked() else {
            error.set(Some("Choose the slot the patient declined first.".into()));
            return;
        };
        // The pathway's consultant: a clinical review these declines call for goes to their named secretary.
        let consultant_id = data.get_untracked().and_then(Result::ok).map(|panel| panel.pathway.consultant_id.clone());
        let command = Command::RecordOfferDeclined(RecordOfferDeclined {
            pathway_id: pathway_for_decline.clone(),
            offer_id: uuid::Uuid::new_v4().to_string(),
            offered_on: clock::today(),
            appointment_date: choice.date,
            consultant_id,
        });
        busy.set(true);
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    error.try_set(None);
                    status.try_set(format!("Recorded: the patient declined {}.", uk_date(choice.date)));
                    // The panel stays open for the next offer: the focus goes to what was recorded.
                    crate::ui::form::focus_element("booking-panel-said");
                }
                Err(LocalError::Rejected(rejection)) => {
                    error.try_set(Some(rejection.message));
                }
                Err(LocalError::Store(e)) => {
                    error.try_set(Some(format!("Not saved on this device: {e}. Try again.")));
                }
            }
            busy.try_set(false);
        });
    };

    let render = move |panel: PanelData| {
        let slot_type = next_slot_type(&panel.pathway);
        // Never a clinic in its consultant's recorded leave.
        let open = with_room_for(without_leave(&panel.sessions, &panel.leave), &panel.lists, &panel.pathway);
        let from = panel.search_from(&memory);
        let found = free_slots(&open, &panel.appointments, &panel.pathway, slot_type, from, MORE_SLOTS + 1);
        let deadlines = panel.deadlines();
        let next = deadlines.first().copied();
        let first_due = panel.trust.first_appointment.first_appointment_due(&panel.pathway);
        if chosen.get_untracked().is_none_or(|c| !found.contains(&c)) {
            chosen.set(found.first().cloned());
        }
        // Counted as the core counts them for the review task: this waiting period's offers only.
        let current_offers =
            panel.offers.as_ref().map(|o| offers_in_current_period(&o.offers, &panel.pathway.events, clock::today()));
        let review = current_offers.as_ref().map(|offers| review_declined_offers(&panel.trust.booking, offers));
        let review_needed = review.as_ref().is_some_and(|r| r.clinical_review_needed);
        let review_message = review.filter(|r| !r.declined_reasonable.is_empty()).map(|r| r.message);
        view! {
            <p data-testid="next-deadline" class=if next.is_some_and(|d| d.standard.is_cancer()) { "tag tag--warning" } else { "hint" }>
                {match next {
                    Some(deadline) => format!("Next deadline: {}", deadline.describe(clock::today())),
                    None => "No waiting-time clock is running.".to_string(),
                }}
            </p>
            <p>"Slot type: " <strong data-testid="slot-type">{slot_type.label()}</strong>
                {match slot_type {
                    SlotType::New => " (first appointment)",
                    SlotType::Procedure => " (day case or procedure list: the clinic decided to treat)",
                    SlotType::FollowUp => "",
                }}</p>
            {first_due.map(|due| view! {
                <p class="hint" data-testid="first-appointment-target">{format!(
                    "Trust target: a first appointment by {} ({} days from referral for {} referrals).",
                    uk_date(due),
                    panel.trust.first_appointment.days(panel.pathway.priority),
                    panel.pathway.priority.label().to_lowercase()
                )}</p>
            })}
            {review_needed.then(|| view! { <p class="tag tag--warning" data-testid="clinical-review">"Clinical review needed"</p> })}
            {review_message.map(|m| view! { <p class="hint">{m}</p> })}
            {if found.is_empty() {
                view! { <p class="error-message">{format!("No free {} slot in this specialty from {}. Search from another date, or ask the booking team lead about an extra clinic.", slot_type.label(), uk_date(from))}</p> }.into_any()
            } else {
                view! {
                    <fieldset class="booking-panel__slots">
                        <legend>"Free slots"</legend>
                        {found
                            .into_iter()
                            .enumerate()
                            .map(|(i, choice)| {
                                let late = next.is_some_and(|d| d.missed_by(choice.date));
                                let after_target = first_due.is_some_and(|due| choice.date > due);
                                let label = format!(
                                    "{} {} – {}, {} ({} free){}{}{}",
                                    uk_day(choice.date),
                                    hhmm(choice.start),
                                    choice.clinic,
                                    choice.location,
                                    choice.free_places,
                                    if i == 0 { " – next free slot" } else { "" },
                                    if late { " – after the deadline" } else { "" },
                                    if after_target { " – after the trust's first-appointment target" } else { "" }
                                );
                                let mine = choice.clone();
                                let is_chosen = {
                                    let c = choice.clone();
                                    move || chosen.with(|x| x.as_ref() == Some(&c))
                                };
                                view! {
                                    <label class="booking-panel__slot" data-slot-id=choice.slot_id.clone()>
                                        <input type="radio" name="slot" prop:checked=is_chosen
                                            on:change=move |_| { accepted.set(false); chosen.set(Some(mine.clone())) }/>
                                        " " {label}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                }
                    .into_any()
            }}
        }
    };

    let notice = move || {
        chosen.get().and_then(|c| notice_for(&policy(), clock::today(), c.date, accepted.get())).map(|a| {
            let short =
                !notice_for(&policy(), clock::today(), a_date(&chosen), false).is_some_and(|x| x.is_reasonable());
            view! {
                <p data-testid="notice" class=if a.is_reasonable() { "hint" } else { "error-message" }>
                    {format!("Notice: {} days. ", a.notice_days)} {a.message.clone()}
                </p>
                {short.then(|| view! {
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || accepted.get()
                            on:change=move |ev| accepted.set(event_target_checked(&ev))/>
                        " Patient accepts this earlier date"
                    </label>
                })}
            }
        })
    };

    // The chosen date against the trust's first-appointment target, in words (a local target: booking is allowed).
    let target_warning = move || {
        let choice = chosen.get()?;
        let panel = data.get().and_then(Result::ok)?;
        let targets = settings().first_appointment;
        let due = targets.first_appointment_due(&panel.pathway).filter(|due| choice.date > *due)?;
        Some(view! {
            <p class="hint" data-testid="first-appointment-warning">{format!(
                "{} is {} after the trust's target for a first appointment ({}, {} days from referral). Offer an earlier date if there is one; if not, the booking is still allowed.",
                uk_date(choice.date),
                pathdesk_core::text::count((choice.date - due).num_days() as usize, "day", "days"),
                uk_date(due),
                targets.days(panel.pathway.priority)
            )}</p>
        })
    };

    // The chosen date against the pathway's deadlines: said in words, and after a cancer deadline the reason is asked.
    let deadline_warning = move || {
        let choice = chosen.get()?;
        let panel = data.get().and_then(Result::ok)?;
        let deadlines = panel.deadlines();
        let passed = deadlines.iter().find(|d| d.missed_by(choice.date)).copied()?;
        let cancer = Deadline::first_cancer_missed(&deadlines, choice.date);
        Some(view! {
            <div class="warning-text" data-testid="deadline-warning">
                <p class="error-message">{format!(
                    "{} is after the {} deadline ({}): the standard will be missed. Offer an earlier date if there is one.",
                    uk_date(choice.date), passed.standard.label(), uk_date(passed.date)
                )}</p>
                {cancer.map(|_| view! {
                    <label class="label" for="past-deadline-reason">"Why this date (needed to book it; the team leads are told)"</label>
                    <select id="past-deadline-reason" class="input"
                        on:change=move |ev| past_deadline_reason.set(event_target_value(&ev))>
                        <option value="" selected=move || past_deadline_reason.get().is_empty()>"Choose a reason"</option>
                        <option value="The patient's choice">"The patient's choice"</option>
                        <option value="A clinical decision">"A clinical decision"</option>
                    </select>
                })}
            </div>
        })
    };

    view! {
        <section class="booking-panel card" aria-label="Booking">
            <div class="booking-panel__search">
                {date_input("booking-from", "Search from", "", from_text, from_problem.into(), DateLayout::Inline)}
                <button type="button" class="button button--secondary" on:click=find>"Find next free slot"</button>
            </div>
            {loaded::show(data, render)}
            {notice}
            {target_warning}
            {deadline_warning}
            {move || error.get().map(|m| view! { <p class="error-message" role="alert" data-testid="booking-error">{m}</p> })}
            <div class="booking-panel__actions">
                <button type="button" class="button" on:click=book disabled=move || busy.get()>"Book"</button>
                <button type="button" class="button button--secondary" on:click=declined disabled=move || busy.get()>
                    "Patient declined this date"
                </button>
            </div>
            <p class="save-status" role="status" id="booking-panel-said" tabindex="-1">{move || status.get()}</p>
        </section>
    }
}

fn a_date(chosen: &RwSignal<Option<SlotChoice>>) -> NaiveDate {
    chosen.with(|c| c.as_ref().map(|c| c.date).unwrap_or_default())
}
