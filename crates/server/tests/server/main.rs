//! The server's integration tests, in one binary (one link instead of one per file): each module drives the
//! real router, database and binary as a desk would.

#[macro_use]
mod common;
mod cross_process;

mod access_rules;
mod audit;
mod backup_restore;
mod bad_requests;
mod binary;
mod booking_conflicts;
mod clinics_ahead;
mod every_route;
mod fhir;
mod health;
mod imports;
mod kill_fault;
mod leave_on_consultants;
mod limits_sweep;
mod seeding;
mod sign_in;
mod slow_clients;
mod static_files;
mod sync_concurrent;
mod sync_pull;
mod sync_push;
mod trust_settings;
mod validation_tasks;
