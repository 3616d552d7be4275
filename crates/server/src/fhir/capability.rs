//! The CapabilityStatement (`GET /api/fhir/metadata`): what this server answers, in FHIR's own terms.

use chrono::NaiveDate;
use fhirbolt::model::r4::resources::{
    CapabilityStatement, CapabilityStatementImplementation, CapabilityStatementRest, CapabilityStatementRestResource,
    CapabilityStatementRestResourceInteraction, CapabilityStatementRestResourceSearchParam,
    CapabilityStatementRestSecurity, CapabilityStatementSoftware,
};

use super::resources::profile;
use super::search::{parameters, TYPES};

/// The statement of this server, whose API is at `base` (`https://host/api/fhir`).
pub fn statement(today: NaiveDate, base: &str) -> CapabilityStatement {
    let resource = |resource_type: &str| {
        let mut search_param: Vec<CapabilityStatementRestResourceSearchParam> = vec![
            param("_id", "token", "The resource's id"),
            param("_count", "number", "Results per page (1 to 1000; 100 unless given)"),
            param("_offset", "number", "Results to skip: the next page's link sets it"),
        ];
        search_param.extend(parameters(resource_type).iter().map(|(name, kind, words)| param(name, kind, words)));
        CapabilityStatementRestResource {
            r#type: resource_type.into(),
            supported_profile: vec![profile(resource_type).into()],
            interaction: ["read", "search-type"]
                .into_iter()
                .map(|code| CapabilityStatementRestResourceInteraction { code: code.into(), ..Default::default() })
                .collect(),
            search_param,
            ..Default::default()
        }
    };
    CapabilityStatement {
        name: Some("PathdeskFhirReadApi".into()),
        title: Some("Pathdesk FHIR R4 read API".into()),
        status: "active".into(),
        date: today.to_string().into(),
        publisher: Some("Pathdesk".into()),
        description: Some(
            "Read-only access to the trust's outpatient records: patients, consultants, clinic sessions and slots, \
             appointments, referrals and pathways with their waiting-time clocks."
                .into(),
        ),
        kind: "instance".into(),
        software: Some(CapabilityStatementSoftware { name: "Pathdesk".into(), ..Default::default() }),
        implementation: Some(CapabilityStatementImplementation {
            description: "Pathdesk at this trust".into(),
            url: Some(base.into()),
            ..Default::default()
        }),
        fhir_version: "4.0.1".into(),
        format: vec!["json".into()],
        rest: vec![CapabilityStatementRest {
            mode: "server".into(),
            security: Some(CapabilityStatementRestSecurity {
                cors: Some(false.into()),
                description: Some(
                    "Sign in as for the app (POST /api/session with a username and password); send the session \
                     cookie with each request. A reader sees the records of their services only."
                        .into(),
                ),
                ..Default::default()
            }),
            resource: TYPES.iter().map(|t| resource(t)).collect(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn param(name: &str, kind: &str, words: &str) -> CapabilityStatementRestResourceSearchParam {
    CapabilityStatementRestResourceSearchParam {
        name: name.into(),
        r#type: kind.into(),
        documentation: Some(words.into()),
        ..Default::default()
    }
}
