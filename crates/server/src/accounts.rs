//! The first accounts: an administrator on first start (with a one-time password printed once, or
//! `PATHDESK_ADMIN_PASSWORD`), and with the demo data a demo user for each role.

use pathdesk_core::access::Role;

use crate::auth::secrets;
use crate::config::Config;
use crate::db::users::{self, NewUser};
use crate::db::Database;

/// The password of every demo user (documented in the README; demo data only).
pub const DEMO_PASSWORD: &str = "pathdesk-demo";

/// The demo users: username, name, role, and the one demo specialty they work in (`None`: every service). The
/// secretaries are those who type the demo consultants' letters (`pathdesk_core::demo`), so the demo's tasks belong
/// to people who can sign in.
pub const DEMO_USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("lead", "T. Lead (Team lead)", Role::TeamLead, None),
    ("booking", "B. Coordinator (Booking)", Role::BookingCoordinator, None),
    ("secretary", "S. Patel (Urology)", Role::MedicalSecretary, Some("spec-uro")),
    ("hughes", "R. Hughes (Urology)", Role::MedicalSecretary, Some("spec-uro")),
    ("okafor", "J. Okafor (Cardiology)", Role::MedicalSecretary, Some("spec-card")),
    ("walsh", "M. Walsh (Dermatology)", Role::MedicalSecretary, Some("spec-derm")),
    ("reception", "R. Desk (Reception)", Role::Receptionist, None),
    ("readonly", "V. Viewer (Read-only)", Role::ReadOnly, None),
];

/// Creates the administrator when there are no users yet, and the demo users when the demo data is on.
pub async fn ensure_accounts(database: &Database, config: &Config) -> sqlx::Result<()> {
    let mut connection = database.pool().acquire().await?;
    let now = crate::auth::now_rfc3339();
    if users::count(&mut connection).await? == 0 {
        let (password, one_time) = match &config.admin_password {
            Some(password) => (password.0.clone(), false),
            None => (secrets::one_time_password(), true),
        };
        let hash = hash(password.clone()).await?;
        let admin = NewUser {
            username: "admin",
            name: "Administrator",
            role: Role::Administrator,
            services: None,
            password_hash: hash,
            must_change_password: one_time,
        };
        // Two servers starting together on one database: only the one that inserted prints.
        if users::insert(&mut connection, &admin, &now).await?.is_some() && one_time {
            println!("Administrator account: admin / one-time password: {password}");
        }
    }
    if config.seed_demo_data {
        create_demo_users(&mut connection, &now).await?;
    }
    Ok(())
}

/// Adds the demo users that do not exist yet.
pub async fn create_demo_users(connection: &mut sqlx::AnyConnection, now: &str) -> sqlx::Result<()> {
    let hash = hash(DEMO_PASSWORD.to_string()).await?;
    for (username, name, role, service) in DEMO_USERS {
        if users::find_by_username(connection, username).await?.is_some() {
            continue;
        }
        let services: Vec<String> = service.iter().map(|service| service.to_string()).collect();
        let user = NewUser {
            username,
            name,
            role: *role,
            services: service.is_some().then_some(services.as_slice()),
            password_hash: hash.clone(),
            must_change_password: false,
        };
        users::insert(connection, &user, now).await?;
    }
    Ok(())
}

async fn hash(password: String) -> sqlx::Result<String> {
    tokio::task::spawn_blocking(move || secrets::hash_password(&password))
        .await
        .map_err(|error| sqlx::Error::Protocol(format!("could not hash a password: {error}")))
}
