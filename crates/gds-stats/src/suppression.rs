//! Small-number reliability rules based on the unweighted sample size (methods.md §5.4).

use serde::{Deserialize, Serialize};

/// Reliability class of an estimate based on its unweighted number of cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reliability {
    /// Enough cases: publish normally.
    Ok,
    /// Few cases: publish with a flag (DHS shows such estimates in parentheses).
    LowN,
    /// Too few cases: do not publish the estimate.
    Suppressed,
}

/// A two-threshold rule on the unweighted n: `n < suppress_below` → suppressed,
/// `suppress_below <= n < flag_below` → flagged, otherwise OK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SmallNumberRule {
    /// Estimates based on fewer than this many cases are suppressed.
    pub suppress_below: u64,
    /// Estimates based on fewer than this many cases (but not suppressed) are flagged.
    pub flag_below: u64,
}

/// The DHS convention: unweighted n < 25 suppressed, 25–49 shown in parentheses
/// (DHSProgram/DHS-Indicators-R Readme; methods.md §5.4).
pub const DHS_RULE: SmallNumberRule = SmallNumberRule { suppress_below: 25, flag_below: 50 };

impl SmallNumberRule {
    /// Classifies an estimate based on `n` unweighted cases.
    ///
    /// ```
    /// use gds_stats::suppression::{DHS_RULE, Reliability};
    /// assert_eq!(DHS_RULE.classify(24), Reliability::Suppressed);
    /// assert_eq!(DHS_RULE.classify(25), Reliability::LowN);
    /// assert_eq!(DHS_RULE.classify(50), Reliability::Ok);
    /// ```
    pub fn classify(&self, n: u64) -> Reliability {
        if n < self.suppress_below {
            Reliability::Suppressed
        } else if n < self.flag_below {
            Reliability::LowN
        } else {
            Reliability::Ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dhs_bounds() {
        assert_eq!(DHS_RULE.classify(0), Reliability::Suppressed);
        assert_eq!(DHS_RULE.classify(24), Reliability::Suppressed);
        assert_eq!(DHS_RULE.classify(25), Reliability::LowN);
        assert_eq!(DHS_RULE.classify(49), Reliability::LowN);
        assert_eq!(DHS_RULE.classify(50), Reliability::Ok);
        assert_eq!(DHS_RULE.classify(u64::MAX), Reliability::Ok);
    }

    #[test]
    fn serde_kebab_case() {
        let json = serde_json::to_string(&DHS_RULE).unwrap();
        assert_eq!(json, r#"{"suppress-below":25,"flag-below":50}"#);
        let back: SmallNumberRule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, DHS_RULE);
        assert_eq!(serde_json::to_string(&Reliability::LowN).unwrap(), r#""low-n""#);
    }
}
