//! The integration tests of the core crate, in one test binary: the real `rackledger` command
//! line run against a temporary database (no mocks), and the schema through the library.

mod cli_actions;
mod cli_assets;
mod cli_audit;
mod cli_backup;
mod cli_concurrency;
mod cli_demo;
mod cli_environment;
mod cli_faults;
mod cli_inspection;
mod cli_labels;
mod cli_lang;
mod cli_lifecycle;
mod cli_migrations;
mod cli_ports;
mod cli_power;
mod cli_racks;
mod cli_repairs;
mod cli_requests;
mod cli_search;
mod cli_usage;
mod common;
mod crash;
mod excel_cables;
mod excel_export;
mod excel_forms;
mod excel_import;
mod excel_libreoffice;
mod excel_print;
mod excel_records;
mod excel_robust;
mod placement;
mod record_lists;
mod room_views;
mod schema;
mod upgrade;
