//! People who sign in (table `users`).

use pathdesk_core::access::{Role, UserSummary};
use sqlx::{AnyConnection, Row};

/// A user as the server knows them (the password hash never leaves the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// Works in every service (present and future).
    pub all_services: bool,
    /// The specialty ids they work in, when not all.
    pub services: Vec<String>,
    pub password_hash: String,
    pub must_change_password: bool,
}

impl User {
    /// True when the user works in the service `specialty_id`.
    pub fn works_in(&self, specialty_id: &str) -> bool {
        self.all_services || self.services.iter().any(|service| service == specialty_id)
    }

    /// The user as the app sees them; `every_service` lists the services for a user who works in all.
    pub fn summary(&self, every_service: &[String]) -> UserSummary {
        UserSummary {
            id: self.id.clone(),
            username: self.username.clone(),
            name: self.name.clone(),
            role: self.role,
            services: if self.all_services { every_service.to_vec() } else { self.services.clone() },
        }
    }
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub role: Role,
    /// `None`: every service.
    pub services: Option<&'a [String]>,
    pub password_hash: String,
    pub must_change_password: bool,
}

const SELECT_USER: &str = "SELECT id, username, name, role, services, password_hash, must_change_password FROM users";

pub async fn find_by_username(connection: &mut AnyConnection, username: &str) -> sqlx::Result<Option<User>> {
    let row = sqlx::query(&format!("{SELECT_USER} WHERE username = $1"))
        .bind(username)
        .fetch_optional(&mut *connection)
        .await?;
    row.map(|row| decode(&row)).transpose()
}

pub async fn find_by_id(connection: &mut AnyConnection, id: &str) -> sqlx::Result<Option<User>> {
    let row = sqlx::query(&format!("{SELECT_USER} WHERE id = $1")).bind(id).fetch_optional(&mut *connection).await?;
    row.map(|row| decode(&row)).transpose()
}

pub async fn list(connection: &mut AnyConnection) -> sqlx::Result<Vec<User>> {
    let rows = sqlx::query(&format!("{SELECT_USER} ORDER BY username")).fetch_all(&mut *connection).await?;
    rows.iter().map(decode).collect()
}

pub async fn count(connection: &mut AnyConnection) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&mut *connection).await?.try_get::<i64, _>("n")
}

/// Creates the user unless the username is taken. Returns the new user's id, or `None` when it was taken.
pub async fn insert(connection: &mut AnyConnection, user: &NewUser<'_>, now: &str) -> sqlx::Result<Option<String>> {
    let id = uuid::Uuid::new_v4().to_string();
    let services = match user.services {
        None => "*".to_string(),
        Some(services) => serde_json::to_string(services).map_err(|error| sqlx::Error::Encode(Box::new(error)))?,
    };
    let inserted = sqlx::query(
        "INSERT INTO users (id, username, name, role, services, password_hash, must_change_password, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING",
    )
    .bind(id.as_str())
    .bind(user.username)
    .bind(user.name)
    .bind(user.role.code())
    .bind(services)
    .bind(user.password_hash.as_str())
    .bind(i64::from(user.must_change_password))
    .bind(now)
    .execute(&mut *connection)
    .await?;
    Ok((inserted.rows_affected() == 1).then_some(id))
}

pub async fn set_password(connection: &mut AnyConnection, user_id: &str, password_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

fn parse_role(name: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|role| role.code() == name)
}

fn decode(row: &sqlx::any::AnyRow) -> sqlx::Result<User> {
    let role: String = row.try_get("role")?;
    let services: String = row.try_get("services")?;
    let (all_services, services) = if services == "*" {
        (true, Vec::new())
    } else {
        (false, serde_json::from_str(&services).map_err(|error| sqlx::Error::Decode(Box::new(error)))?)
    };
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        name: row.try_get("name")?,
        role: parse_role(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
        all_services,
        services,
        password_hash: row.try_get("password_hash")?,
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_role_names_read_back() {
        for role in Role::ALL {
            assert_eq!(parse_role(role.code()), Some(role));
        }
    }
}
