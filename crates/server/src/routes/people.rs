//! `GET /api/people`: who work can be given to, for every signed-in person (the desk keeps it for offline use).

use axum::extract::State;
use axum::Json;
use pathdesk_core::access::{Colleague, Directory};

use crate::auth::SignedIn;
use crate::db::users;
use crate::error::AppResult;
use crate::state::AppState;

pub async fn directory(State(state): State<AppState>, _: SignedIn) -> AppResult<Json<Directory>> {
    let mut connection = state.database.pool().acquire().await?;
    let mut people: Vec<Colleague> = users::list(&mut connection)
        .await?
        .into_iter()
        .filter(|user| Directory::takes_work(user.role))
        .map(|user| Colleague {
            name: user.name,
            role: user.role,
            services: if user.all_services { Vec::new() } else { user.services },
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let teams = pathdesk_core::tasks::TEAMS.iter().map(|team| team.to_string()).collect();
    Ok(Json(Directory { people, teams }))
}
