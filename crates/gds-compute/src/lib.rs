//! gds-compute
