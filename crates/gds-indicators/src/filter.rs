//! Filters: SQL boolean expressions over a dataset's declared columns.
//!
//! A filter is parsed with `sqlparser` and restricted to a portable subset (comparisons,
//! `and`/`or`/`not`, `in (...)`, `between`, `is [not] null`, literals, bare boolean columns),
//! so the same text runs on polars' SQL expressions and on SQL engines.

use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use std::collections::BTreeSet;

/// A parsed and checked filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The SQL text as written.
    pub sql: String,
    /// Columns it names.
    pub columns: BTreeSet<String>,
}

impl Filter {
    /// Whether the filter selects every row (`true`).
    pub fn is_all(&self) -> bool {
        self.sql.trim().eq_ignore_ascii_case("true")
    }
}

/// The type of a column as far as filters care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A coded column (strings from a code list).
    Code,
    /// Free text, area or term.
    Text,
    /// Integer or real number (also periods).
    Number,
    /// Boolean.
    Boolean,
}

/// What the filter checker needs to know about the dataset.
pub trait ColumnLookup {
    /// The kind of `column`, or `None` when it is not declared.
    fn kind(&self, column: &str) -> Option<ColumnKind>;
    /// For code columns: whether `code` is in the column's code list.
    fn has_code(&self, column: &str, code: &str) -> bool;
    /// Declared column names (for hints).
    fn names(&self) -> Vec<String>;
}

/// A problem in a filter, with the offending fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterProblem {
    /// What is wrong.
    pub message: String,
    /// The identifier or literal it is about, for "did you mean" hints.
    pub subject: Option<String>,
    /// Candidates for a hint.
    pub candidates: Vec<String>,
}

/// Parse and check `sql` against the dataset's columns. Returns the filter or every problem.
pub fn check_filter(sql: &str, cols: &dyn ColumnLookup) -> Result<Filter, Vec<FilterProblem>> {
    let expr = Parser::new(&GenericDialect {})
        .try_with_sql(sql)
        .and_then(|mut p| {
            let e = p.parse_expr()?;
            p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
            Ok(e)
        })
        .map_err(|e| {
            vec![FilterProblem {
                message: format!("filter {sql:?} is not a valid SQL expression: {e}"),
                subject: None,
                candidates: vec![],
            }]
        })?;
    let mut checker = Checker { cols, columns: BTreeSet::new(), problems: Vec::new() };
    checker.boolean(&expr);
    if checker.problems.is_empty() {
        Ok(Filter { sql: sql.to_string(), columns: checker.columns })
    } else {
        Err(checker.problems)
    }
}

struct Checker<'a> {
    cols: &'a dyn ColumnLookup,
    columns: BTreeSet<String>,
    problems: Vec<FilterProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Col(ColumnKind),
    Str,
    Num,
    Bool,
    Null,
    Unknown,
}

impl Checker<'_> {
    fn problem(&mut self, message: String, subject: Option<String>, candidates: Vec<String>) {
        self.problems.push(FilterProblem { message, subject, candidates });
    }

    fn unsupported(&mut self, e: &Expr) {
        self.problem(
            format!("unsupported SQL in filter: `{e}` (use comparisons, and/or/not, in, between, is null)"),
            None,
            vec![],
        );
    }

    /// Check an expression used as a condition.
    fn boolean(&mut self, e: &Expr) {
        match e {
            Expr::BinaryOp { left, op: BinaryOperator::And | BinaryOperator::Or, right } => {
                self.boolean(left);
                self.boolean(right);
            }
            Expr::UnaryOp { op: UnaryOperator::Not, expr } => self.boolean(expr),
            Expr::Nested(inner) => self.boolean(inner),
            Expr::BinaryOp { left, op, right } if is_comparison(op) => {
                let (l, r) = (self.operand(left), self.operand(right));
                self.compatible(left, l, right, r);
            }
            Expr::InList { expr, list, .. } => {
                let t = self.operand(expr);
                for item in list {
                    let it = self.operand(item);
                    self.compatible(expr, t, item, it);
                }
            }
            Expr::Between { expr, low, high, .. } => {
                let t = self.operand(expr);
                for b in [low, high] {
                    let bt = self.operand(b);
                    if !matches!(t, Ty::Col(ColumnKind::Number) | Ty::Num) || bt != Ty::Num {
                        self.problem(
                            format!("`{e}`: between needs a numeric column and numeric bounds"),
                            None,
                            vec![],
                        );
                        break;
                    }
                }
            }
            Expr::IsNull(x) | Expr::IsNotNull(x) => {
                self.operand(x);
            }
            Expr::IsTrue(x) | Expr::IsFalse(x) | Expr::IsNotTrue(x) | Expr::IsNotFalse(x) => {
                if !matches!(self.operand(x), Ty::Col(ColumnKind::Boolean) | Ty::Bool | Ty::Unknown) {
                    self.problem(format!("`{e}`: is true/false needs a boolean column"), None, vec![]);
                }
            }
            Expr::Value(v) if matches!(v.value, Value::Boolean(_)) => {}
            Expr::Identifier(_) => {
                let t = self.operand(e);
                if !matches!(t, Ty::Col(ColumnKind::Boolean) | Ty::Unknown) {
                    self.problem(
                        format!("`{e}` is not a boolean column and cannot stand alone as a condition"),
                        None,
                        vec![],
                    );
                }
            }
            _ => self.unsupported(e),
        }
    }

    fn operand(&mut self, e: &Expr) -> Ty {
        match e {
            Expr::Identifier(id) => {
                let name = id.value.clone();
                match self.cols.kind(&name) {
                    Some(k) => {
                        self.columns.insert(name);
                        Ty::Col(k)
                    }
                    None => {
                        let names = self.cols.names();
                        self.problem(
                            format!("filter names column {name:?}, which the dataset does not declare"),
                            Some(name),
                            names,
                        );
                        Ty::Unknown
                    }
                }
            }
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(_) => Ty::Str,
                Value::Number(..) => Ty::Num,
                Value::Boolean(_) => Ty::Bool,
                Value::Null => Ty::Null,
                _ => {
                    self.unsupported(e);
                    Ty::Unknown
                }
            },
            Expr::UnaryOp { op: UnaryOperator::Minus, expr } if matches!(**expr, Expr::Value(_)) => Ty::Num,
            Expr::Nested(inner) => self.operand(inner),
            _ => {
                self.unsupported(e);
                Ty::Unknown
            }
        }
    }

    fn compatible(&mut self, le: &Expr, l: Ty, re: &Expr, r: Ty) {
        use ColumnKind as K;
        let ok = match (l, r) {
            (Ty::Unknown, _) | (_, Ty::Unknown) => true,
            (Ty::Col(K::Code | K::Text), Ty::Str) | (Ty::Str, Ty::Col(K::Code | K::Text)) => true,
            (Ty::Col(K::Number), Ty::Num) | (Ty::Num, Ty::Col(K::Number)) => true,
            (Ty::Col(K::Boolean), Ty::Bool) | (Ty::Bool, Ty::Col(K::Boolean)) => true,
            (Ty::Col(a), Ty::Col(b)) => a == b,
            _ => false,
        };
        if !ok {
            self.problem(format!("`{le}` and `{re}` have incompatible types in a comparison"), None, vec![]);
            return;
        }
        // Code literals must exist in the code list.
        let pair = match (le, re) {
            (Expr::Identifier(id), Expr::Value(v)) | (Expr::Value(v), Expr::Identifier(id)) => Some((id, v)),
            _ => None,
        };
        if let Some((id, v)) = pair
            && let (Some(K::Code), Value::SingleQuotedString(code)) = (self.cols.kind(&id.value), &v.value)
            && !self.cols.has_code(&id.value, code)
        {
            self.problem(
                format!("code {code:?} is not in the code list of column {:?}", id.value),
                Some(code.clone()),
                vec![],
            );
        }
    }
}

fn is_comparison(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Cols;
    impl ColumnLookup for Cols {
        fn kind(&self, c: &str) -> Option<ColumnKind> {
            match c {
                "sex" | "labour_status" => Some(ColumnKind::Code),
                "age" => Some(ColumnKind::Number),
                "literate" => Some(ColumnKind::Boolean),
                _ => None,
            }
        }
        fn has_code(&self, c: &str, code: &str) -> bool {
            match c {
                "sex" => ["F", "M"].contains(&code),
                _ => ["employed", "unemployed"].contains(&code),
            }
        }
        fn names(&self) -> Vec<String> {
            vec!["sex".into(), "age".into(), "literate".into(), "labour_status".into()]
        }
    }

    #[test]
    fn accepts_the_portable_subset() {
        let f =
            check_filter("age >= 15 and labour_status in ('employed', 'unemployed') and not literate", &Cols)
                .unwrap();
        assert_eq!(f.columns.iter().cloned().collect::<Vec<_>>(), ["age", "labour_status", "literate"]);
        assert!(check_filter("sex = 'F' and age between 20 and 24", &Cols).is_ok());
        assert!(check_filter("true", &Cols).unwrap().is_all());
        assert!(check_filter("age is not null", &Cols).is_ok());
    }

    #[test]
    fn reports_every_problem() {
        let errs = check_filter("agee >= 15 and sex = 'X' and age = 'old'", &Cols).unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert_eq!(errs[0].subject.as_deref(), Some("agee"));
        assert!(check_filter("age >=", &Cols).is_err());
        assert!(check_filter("upper(sex) = 'F'", &Cols).is_err());
        assert!(check_filter("age", &Cols).is_err());
        assert!(check_filter("age > 1; drop table x", &Cols).is_err());
    }
}
