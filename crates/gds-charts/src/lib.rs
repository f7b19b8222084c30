//! gds-charts
