//! gds-report
