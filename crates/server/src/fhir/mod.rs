//! A FHIR R4 read API over the trust's records (`/api/fhir`), for the trust's other systems: read a resource by id,
//! search a type, and the CapabilityStatement (`/api/fhir/metadata`). Behind the same sign-in as the app, and a
//! reader sees only the records of their services, as a desk does.

pub mod capability;
pub mod resources;
pub mod search;

use std::collections::HashMap;

use chrono::NaiveDate;
use fhirbolt::model::r4::resources::{Bundle, BundleEntry, BundleEntrySearch, BundleLink};
use fhirbolt::model::r4::Resource;
use pathdesk_core::model::{Appointment, ClinicList, ClinicSession, Consultant, Pathway, Patient, Specialty};
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::record::{Record, RecordKey, RecordKind, RecordOf};
use sqlx::AnyConnection;

use crate::db::records::{self, Narrowed, Visibility};
use search::{PatientIs, Search};

/// What a search or read found: the resources, and how many matched in all (before the page was cut).
pub struct Found {
    pub resources: Vec<Resource>,
    pub total: usize,
}

/// The resources of `resource_type` that `search` asks for, as this reader may see them, on `as_of` (the clocks'
/// day), one page of them.
pub async fn find(
    connection: &mut AnyConnection,
    resource_type: &str,
    search: &Search,
    visibility: Visibility<'_>,
    as_of: NaiveDate,
) -> sqlx::Result<Found> {
    // A search about a patient first finds who they are (by id or number), then only their records.
    let patients: Option<Vec<Patient>> = match &search.patient {
        None => None,
        Some(who) => Some(patients_matching(connection, who, search.id.as_deref(), visibility).await?),
    };
    let patient_ids: Option<Vec<String>> = patients.as_ref().map(|found| found.iter().map(|p| p.id.clone()).collect());
    let mut matched: Vec<Resource> = Vec::new();
    match resource_type {
        "Patient" => {
            let found = match patients {
                Some(found) => found,
                None => typed(records::visible(connection, RecordKind::Patient, id_only(search), visibility).await?),
            };
            matched.extend(
                found
                    .iter()
                    .filter(|p| search.dates.contains(p.date_of_birth))
                    .map(|p| Resource::Patient(Box::new(resources::patient(p)))),
            );
        }
        "Practitioner" => {
            let found: Vec<Consultant> =
                typed(records::visible(connection, RecordKind::Consultant, id_only(search), visibility).await?);
            matched.extend(
                found
                    .iter()
                    .filter(|c| search.name.as_ref().is_none_or(|name| c.name.to_lowercase().contains(name)))
                    .map(|c| Resource::Practitioner(Box::new(resources::practitioner(c)))),
            );
        }
        "Schedule" => {
            let sessions = sessions(connection, search, visibility).await?;
            let consultants = consultants(connection, visibility).await?;
            matched.extend(sessions.iter().map(|session| {
                Resource::Schedule(Box::new(resources::schedule(session, consultants.get(&session.consultant_id))))
            }));
        }
        "Slot" => {
            // A slot is found through its clinic session, which holds it.
            let holding = search.id.as_ref().map(|id| format!("\"id\":\"{id}\""));
            let narrowed = Narrowed { id: search.of.as_deref(), holding: holding.as_deref(), ..Narrowed::default() };
            let found: Vec<ClinicSession> =
                typed(records::visible(connection, RecordKind::ClinicSession, narrowed, visibility).await?);
            let keys: Vec<RecordKey> =
                found.iter().map(|s| RecordKey { kind: RecordKind::ClinicList, id: s.id.clone() }).collect();
            let lists: HashMap<String, ClinicList> = typed_map(records::load(connection, &keys).await?);
            for session in found.iter().filter(|s| search.dates.contains(s.date)) {
                for slot in resources::slots(session, lists.get(&session.id)) {
                    let wanted =
                        search.id.as_ref().is_none_or(|id| slot.id.as_ref().and_then(|i| i.value.as_ref()) == Some(id))
                            && search.status.as_ref().is_none_or(|status| slot.status.value.as_ref() == Some(status));
                    if wanted {
                        matched.push(Resource::Slot(Box::new(slot)));
                    }
                }
            }
        }
        "Appointment" => {
            let found: Vec<Appointment> =
                of_patients(connection, RecordKind::Appointment, search, &patient_ids, visibility).await?;
            let found: Vec<Appointment> = found.into_iter().filter(|a| search.dates.contains(a.date)).collect();
            let keys: Vec<RecordKey> = found
                .iter()
                .map(|a| RecordKey { kind: RecordKind::ClinicSession, id: a.session_id.clone() })
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let sessions: HashMap<String, ClinicSession> = typed_map(records::load(connection, &keys).await?);
            for appointment in &found {
                let session = sessions.get(&appointment.session_id);
                if search.of.as_ref().is_some_and(|of| session.is_none_or(|s| &s.consultant_id != of)) {
                    continue;
                }
                let resource = resources::appointment(appointment, session);
                if search.status.as_ref().is_none_or(|status| resource.status.value.as_ref() == Some(status)) {
                    matched.push(Resource::Appointment(Box::new(resource)));
                }
            }
        }
        "ServiceRequest" => {
            let found: Vec<Pathway> =
                of_patients(connection, RecordKind::Pathway, search, &patient_ids, visibility).await?;
            let specialties: HashMap<String, Specialty> =
                typed(records::visible(connection, RecordKind::Specialty, Narrowed::default(), visibility).await?)
                    .into_iter()
                    .map(|s: Specialty| (s.id.clone(), s))
                    .collect();
            for pathway in &found {
                if resources::referred_on(pathway).is_some_and(|on| !search.dates.contains(on)) {
                    continue;
                }
                let specialty = specialties.get(&pathway.specialty_id).map(|s| s.name.as_str());
                matched.push(Resource::ServiceRequest(Box::new(resources::service_request(pathway, as_of, specialty))));
            }
        }
        "EpisodeOfCare" => {
            let found: Vec<Pathway> =
                of_patients(connection, RecordKind::Pathway, search, &patient_ids, visibility).await?;
            for pathway in &found {
                let episode = resources::episode_of_care(pathway, as_of);
                if episode_span(pathway, as_of).is_some_and(|(first, last)| !search.dates.meets(first, last)) {
                    continue;
                }
                if search.status.as_ref().is_some_and(|status| episode.status.value.as_ref() != Some(status)) {
                    continue;
                }
                matched.push(Resource::EpisodeOfCare(Box::new(episode)));
            }
        }
        _ => {}
    }
    let total = matched.len();
    let resources = matched.into_iter().skip(search.offset).take(search.count).collect();
    Ok(Found { resources, total })
}

/// An episode's first day and (once every clock has stopped) its last.
fn episode_span(pathway: &Pathway, as_of: NaiveDate) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, as_of);
    let first = clocks.rtt.start().or_else(|| resources::referred_on(pathway))?;
    let running = clocks.rtt.running() || clocks.cancer_clocks().any(|clock| !clock.ended());
    let last = (!running)
        .then(|| clocks.rtt.stopped_on().into_iter().chain(clocks.cancer_clocks().filter_map(|c| c.end)).max())
        .flatten();
    Some((first, if running { None } else { last.or(Some(first)) }))
}

fn id_only(search: &Search) -> Narrowed<'_> {
    Narrowed { id: search.id.as_deref(), ..Narrowed::default() }
}

/// The records of `kind` of the patients found (every visible one when the search names no patient).
async fn of_patients<T: RecordOf>(
    connection: &mut AnyConnection,
    kind: RecordKind,
    search: &Search,
    patient_ids: &Option<Vec<String>>,
    visibility: Visibility<'_>,
) -> sqlx::Result<Vec<T>> {
    match patient_ids {
        None => Ok(typed(records::visible(connection, kind, id_only(search), visibility).await?)),
        Some(ids) => {
            let mut found = Vec::new();
            for id in ids {
                let narrowed = Narrowed { id: search.id.as_deref(), patient_id: Some(id), ..Narrowed::default() };
                found.extend(typed(records::visible(connection, kind, narrowed, visibility).await?));
            }
            Ok(found)
        }
    }
}

async fn patients_matching(
    connection: &mut AnyConnection,
    who: &PatientIs,
    id: Option<&str>,
    visibility: Visibility<'_>,
) -> sqlx::Result<Vec<Patient>> {
    let (narrowed, holding) = match who {
        PatientIs::Id(patient) => (Narrowed { id: Some(patient), ..Narrowed::default() }, None),
        PatientIs::NhsNumber(number) => (Narrowed::default(), Some(format!("\"nhs_number\":\"{number}\""))),
        PatientIs::HospitalNumber(number) => {
            let json = serde_json::to_string(number).unwrap_or_default();
            (Narrowed::default(), Some(format!("\"hospital_number\":{json}")))
        }
    };
    let narrowed = Narrowed { holding: holding.as_deref(), ..narrowed };
    let found: Vec<Patient> = typed(records::visible(connection, RecordKind::Patient, narrowed, visibility).await?);
    // The stored text only sieved them: each is checked on its fields.
    Ok(found
        .into_iter()
        .filter(|p| match who {
            PatientIs::Id(patient) => &p.id == patient,
            PatientIs::NhsNumber(number) => &p.nhs_number == number,
            PatientIs::HospitalNumber(number) => &p.hospital_number == number,
        })
        .filter(|p| id.is_none_or(|id| p.id == id))
        .collect())
}

async fn sessions(
    connection: &mut AnyConnection,
    search: &Search,
    visibility: Visibility<'_>,
) -> sqlx::Result<Vec<ClinicSession>> {
    let narrowed = Narrowed { id: search.id.as_deref(), ..Narrowed::default() };
    let found: Vec<ClinicSession> =
        typed(records::visible(connection, RecordKind::ClinicSession, narrowed, visibility).await?);
    Ok(found
        .into_iter()
        .filter(|s| search.dates.contains(s.date) && search.of.as_ref().is_none_or(|of| &s.consultant_id == of))
        .collect())
}

async fn consultants(
    connection: &mut AnyConnection,
    visibility: Visibility<'_>,
) -> sqlx::Result<HashMap<String, Consultant>> {
    let found: Vec<Consultant> =
        typed(records::visible(connection, RecordKind::Consultant, Narrowed::default(), visibility).await?);
    Ok(found.into_iter().map(|c| (c.id.clone(), c)).collect())
}

fn typed<T: RecordOf>(found: Vec<Record>) -> Vec<T> {
    found.into_iter().filter_map(T::from_record).collect()
}

fn typed_map<T: RecordOf + HasId>(found: HashMap<RecordKey, Record>) -> HashMap<String, T> {
    found.into_values().filter_map(T::from_record).map(|t| (t.id().to_string(), t)).collect()
}

/// A record's id, for the maps above.
trait HasId {
    fn id(&self) -> &str;
}

impl HasId for ClinicSession {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for ClinicList {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The search's answer: a `searchset` Bundle with the total, this page's resources, and links to this page and the
/// next (when there is one). `base` is the API's address (`https://host/api/fhir`), `query` the search's pairs.
pub fn bundle(base: &str, resource_type: &str, found: Found, search: &Search, query: &[(String, String)]) -> Bundle {
    let page = |offset: usize| {
        let mut pairs: Vec<String> = query
            .iter()
            .filter(|(key, _)| key != "_offset")
            .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
            .collect();
        if offset > 0 {
            pairs.push(format!("_offset={offset}"));
        }
        let query = if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) };
        format!("{base}/{resource_type}{query}")
    };
    let mut link = vec![BundleLink { relation: "self".into(), url: page(search.offset).into(), ..Default::default() }];
    if search.offset + search.count < found.total {
        link.push(BundleLink {
            relation: "next".into(),
            url: page(search.offset + search.count).into(),
            ..Default::default()
        });
    }
    let entry = found
        .resources
        .into_iter()
        .map(|resource| {
            let id = resource_id(&resource);
            BundleEntry {
                full_url: Some(format!("{base}/{}/{id}", resource_type_of(&resource)).into()),
                resource: Some(resource),
                search: Some(BundleEntrySearch { mode: Some("match".into()), ..Default::default() }),
                ..Default::default()
            }
        })
        .collect();
    Bundle { r#type: "searchset".into(), total: Some((found.total as u32).into()), link, entry, ..Default::default() }
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn resource_id(resource: &Resource) -> String {
    let id = match resource {
        Resource::Patient(r) => r.id.as_ref(),
        Resource::Practitioner(r) => r.id.as_ref(),
        Resource::Schedule(r) => r.id.as_ref(),
        Resource::Slot(r) => r.id.as_ref(),
        Resource::Appointment(r) => r.id.as_ref(),
        Resource::ServiceRequest(r) => r.id.as_ref(),
        Resource::EpisodeOfCare(r) => r.id.as_ref(),
        _ => None,
    };
    id.and_then(|id| id.value.clone()).unwrap_or_default()
}

fn resource_type_of(resource: &Resource) -> &'static str {
    match resource {
        Resource::Patient(_) => "Patient",
        Resource::Practitioner(_) => "Practitioner",
        Resource::Schedule(_) => "Schedule",
        Resource::Slot(_) => "Slot",
        Resource::Appointment(_) => "Appointment",
        Resource::ServiceRequest(_) => "ServiceRequest",
        Resource::EpisodeOfCare(_) => "EpisodeOfCare",
        _ => "Resource",
    }
}
