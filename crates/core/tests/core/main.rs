//! Core's integration tests, in one binary (one link instead of one per file): the waiting-time cases, commands
//! as desks send them, booking, the PTL and tasks, each through core's public API.

mod admitted_list;
mod booking_commands;
mod booking_impact;
mod booking_plan_props;
mod booking_slots;
mod booking_templates;
mod command_samples;
mod commands;
mod demo_generate;
mod escalations;
mod every_command_props;
mod fixtures;
mod pas_import;
mod pathway_cases;
mod pathway_properties;
mod ptl_figures;
mod ptl_list;
mod registration;
mod tasks_hlc_props;
mod tasks_merge_props;
mod tasks_turnaround;
mod tasks_worklist;
mod triage_outcomes;
mod waiting_list;
mod wire_round_trips;
