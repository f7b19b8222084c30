//! Sources: the project file, the readers, the mapping of a file's columns and codes onto the
//! catalogue's datasets, and the checks (`gds validate`, the gate) — the top of the hourglass,
//! from files to typed, validated sources.

pub mod footer;
pub mod forms;
pub mod layout;
pub mod mapping;
pub mod project;
pub mod read;
pub mod screen;
pub mod screened_store;
pub mod validate;
