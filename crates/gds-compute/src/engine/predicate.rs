//! Filters compiled once into predicates over encoded columns.
//!
//! A filter's SQL text (already checked at catalogue load) is parsed with sqlparser into a
//! [`Pred`] tree whose leaves compare an encoded column with constants: code columns by code
//! index (a membership table), numbers as `f64`. Evaluation is columnar, a batch at a time,
//! with SQL's three-valued logic: a comparison with a missing value is unknown, `not unknown`
//! is unknown, and only rows where the filter is *true* meet it (as in a `WHERE` clause).

use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// How the engine holds a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Code index into the column's dictionary ([`NULL_ID`] when missing or unknown).
    Codes,
    /// Numbers (`NaN` when missing).
    Numbers,
    /// Booleans held as codes `false` = 0, `true` = 1.
    Booleans,
}

impl Held {
    /// How the engines hold a declared column of type `kind`.
    pub fn of(kind: gds_indicators::ColumnType) -> Held {
        use gds_indicators::ColumnType as T;
        match kind {
            T::Integer | T::Number | T::Period => Held::Numbers,
            T::Boolean => Held::Booleans,
            T::Code | T::Text | T::Area => Held::Codes,
        }
    }
}

/// Code index of a missing or unknown value.
pub const NULL_ID: u32 = u32::MAX;

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Cmp {
    fn flip(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            c => c,
        }
    }

    pub(crate) fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

/// A compiled filter. Column numbers index the engine's column list.
#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    /// A constant.
    Const(bool),
    /// Unknown for every row (`x = null`).
    Unknown,
    /// A code (or boolean) column is (`negate`: is not) one of `codes`.
    CodeIn {
        /// Column.
        col: usize,
        /// The codes as written in the filter.
        codes: Vec<String>,
        /// `<>` / `not in`.
        negate: bool,
    },
    /// A number column compared with a constant.
    Num {
        /// Column.
        col: usize,
        /// Operator.
        op: Cmp,
        /// Constant.
        value: f64,
    },
    /// A number column is (not) one of `values`.
    NumIn {
        /// Column.
        col: usize,
        /// Constants.
        values: Vec<f64>,
        /// `not in`.
        negate: bool,
    },
    /// `col [not] between lo and hi`.
    Between {
        /// Column.
        col: usize,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
        /// `not between`.
        negate: bool,
    },
    /// `col is [not] null`.
    IsNull {
        /// Column.
        col: usize,
        /// `is not null`.
        negate: bool,
    },
    /// `a and b`.
    And(Box<Pred>, Box<Pred>),
    /// `a or b`.
    Or(Box<Pred>, Box<Pred>),
    /// `not a`.
    Not(Box<Pred>),
}

/// Compile `sql` over columns named by `column(name) -> (index, how it is held)`.
pub fn compile(sql: &str, column: &mut dyn FnMut(&str) -> Option<(usize, Held)>) -> Result<Pred, String> {
    let expr = Parser::new(&GenericDialect {})
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| format!("filter {sql:?}: {e}"))?;
    Compiler { column }.boolean(&expr).map_err(|e| format!("filter {sql:?}: {e}"))
}

struct Compiler<'a> {
    column: &'a mut dyn FnMut(&str) -> Option<(usize, Held)>,
}

enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

impl Lit {
    fn text(&self) -> String {
        match self {
            Lit::Str(s) => s.clone(),
            Lit::Num(x) => format!("{x}"),
            Lit::Bool(b) => b.to_string(),
            Lit::Null => String::new(),
        }
    }
}

impl Compiler<'_> {
    fn col(&mut self, e: &Expr) -> Option<(usize, Held)> {
        match e {
            Expr::Identifier(id) => (self.column)(&id.value),
            Expr::Nested(inner) => self.col(inner),
            _ => None,
        }
    }

    fn lit(e: &Expr) -> Option<Lit> {
        match e {
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(s) => Some(Lit::Str(s.clone())),
                Value::Number(n, _) => n.parse::<f64>().ok().map(Lit::Num),
                Value::Boolean(b) => Some(Lit::Bool(*b)),
                Value::Null => Some(Lit::Null),
                _ => None,
            },
            Expr::UnaryOp { op: UnaryOperator::Minus, expr } => match Self::lit(expr)? {
                Lit::Num(x) => Some(Lit::Num(-x)),
                _ => None,
            },
            Expr::Nested(inner) => Self::lit(inner),
            _ => None,
        }
    }

    fn number(l: &Lit) -> Result<f64, String> {
        match l {
            Lit::Num(x) => Ok(*x),
            Lit::Str(s) => s.trim().parse::<f64>().map_err(|_| format!("{s:?} is not a number")),
            _ => Err("a number is needed".into()),
        }
    }

    fn compare(&mut self, (col, held): (usize, Held), op: Cmp, l: Lit) -> Result<Pred, String> {
        if matches!(l, Lit::Null) {
            // `x = null` is never true in SQL.
            return Ok(Pred::Unknown);
        }
        match held {
            Held::Numbers => Ok(Pred::Num { col, op, value: Self::number(&l)? }),
            Held::Codes | Held::Booleans => {
                let code = match (&l, held) {
                    (Lit::Bool(b), _) => b.to_string(),
                    (Lit::Num(x), Held::Booleans) => (*x != 0.0).to_string(),
                    _ => l.text(),
                };
                match op {
                    Cmp::Eq => Ok(Pred::CodeIn { col, codes: vec![code], negate: false }),
                    Cmp::Ne => Ok(Pred::CodeIn { col, codes: vec![code], negate: true }),
                    _ => Err("codes can only be compared with = or <>".into()),
                }
            }
        }
    }

    fn boolean(&mut self, e: &Expr) -> Result<Pred, String> {
        Ok(match e {
            Expr::Nested(inner) => self.boolean(inner)?,
            Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
                Pred::And(Box::new(self.boolean(left)?), Box::new(self.boolean(right)?))
            }
            Expr::BinaryOp { left, op: BinaryOperator::Or, right } => {
                Pred::Or(Box::new(self.boolean(left)?), Box::new(self.boolean(right)?))
            }
            Expr::UnaryOp { op: UnaryOperator::Not, expr } => Pred::Not(Box::new(self.boolean(expr)?)),
            Expr::BinaryOp { left, op, right } => {
                let op = match op {
                    BinaryOperator::Eq => Cmp::Eq,
                    BinaryOperator::NotEq => Cmp::Ne,
                    BinaryOperator::Lt => Cmp::Lt,
                    BinaryOperator::LtEq => Cmp::Le,
                    BinaryOperator::Gt => Cmp::Gt,
                    BinaryOperator::GtEq => Cmp::Ge,
                    other => return Err(format!("unsupported operator {other}")),
                };
                if let (Some(c), Some(l)) = (self.col(left), Self::lit(right)) {
                    self.compare(c, op, l)?
                } else if let (Some(l), Some(c)) = (Self::lit(left), self.col(right)) {
                    self.compare(c, op.flip(), l)?
                } else {
                    return Err(format!("`{e}`: a column is compared with a constant only"));
                }
            }
            Expr::InList { expr, list, negated } => {
                let (col, held) = self.col(expr).ok_or_else(|| format!("`{e}`: in needs a column"))?;
                let lits = list
                    .iter()
                    .map(|x| Self::lit(x).ok_or_else(|| format!("`{x}` is not a constant")))
                    .collect::<Result<Vec<_>, _>>()?;
                match held {
                    Held::Numbers => Pred::NumIn {
                        col,
                        values: lits.iter().map(Self::number).collect::<Result<_, _>>()?,
                        negate: *negated,
                    },
                    _ => Pred::CodeIn { col, codes: lits.iter().map(Lit::text).collect(), negate: *negated },
                }
            }
            Expr::Between { expr, negated, low, high } => {
                let (col, held) = self.col(expr).ok_or_else(|| format!("`{e}`: between needs a column"))?;
                if held != Held::Numbers {
                    return Err(format!("`{e}`: between needs a number column"));
                }
                let b = |x: &Expr| Self::lit(x).ok_or_else(|| format!("`{x}` is not a constant"));
                Pred::Between {
                    col,
                    lo: Self::number(&b(low)?)?,
                    hi: Self::number(&b(high)?)?,
                    negate: *negated,
                }
            }
            Expr::IsNull(x) | Expr::IsNotNull(x) => {
                let (col, _) = self.col(x).ok_or_else(|| format!("`{e}`: is null needs a column"))?;
                Pred::IsNull { col, negate: matches!(e, Expr::IsNotNull(_)) }
            }
            Expr::IsTrue(x) | Expr::IsFalse(x) | Expr::IsNotTrue(x) | Expr::IsNotFalse(x) => {
                let (col, held) = self.col(x).ok_or_else(|| format!("`{e}` needs a column"))?;
                let value = matches!(e, Expr::IsTrue(_) | Expr::IsNotTrue(_));
                let base = self.compare((col, held), Cmp::Eq, Lit::Bool(value))?;
                // `is [not] true` is never unknown: a missing value is not true.
                let is = Pred::And(Box::new(base), Box::new(Pred::IsNull { col, negate: true }));
                if matches!(e, Expr::IsNotTrue(_) | Expr::IsNotFalse(_)) {
                    Pred::Not(Box::new(is))
                } else {
                    is
                }
            }
            Expr::Value(v) if matches!(v.value, Value::Boolean(_)) => {
                Pred::Const(matches!(v.value, Value::Boolean(true)))
            }
            Expr::Identifier(_) => {
                let c = self.col(e).ok_or_else(|| format!("unknown column `{e}`"))?;
                self.compare(c, Cmp::Eq, Lit::Bool(true))?
            }
            other => return Err(format!("unsupported SQL `{other}`")),
        })
    }
}

/// A column of a batch as the engine holds it.
pub enum BatchColumn<'a> {
    /// Code indices.
    Codes(&'a [u32]),
    /// Numbers.
    Numbers(&'a [f64]),
}

/// Three-valued truth per row: 0 false, 1 true, 2 unknown.
pub type Truth = Vec<u8>;

/// A predicate bound to code dictionaries: code sets became membership tables.
#[derive(Debug, Clone)]
pub enum Bound {
    /// A constant.
    Const(bool),
    /// Unknown for every row.
    Unknown,
    /// Membership by code index.
    CodeIn {
        /// Column.
        col: usize,
        /// `member[id]`.
        member: Vec<bool>,
        /// Negated.
        negate: bool,
    },
    /// Number comparison.
    Num {
        /// Column.
        col: usize,
        /// Operator.
        op: Cmp,
        /// Constant.
        value: f64,
    },
    /// Number membership.
    NumIn {
        /// Column.
        col: usize,
        /// Constants.
        values: Vec<f64>,
        /// Negated.
        negate: bool,
    },
    /// Range.
    Between {
        /// Column.
        col: usize,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
        /// Negated.
        negate: bool,
    },
    /// Null test.
    IsNull {
        /// Column.
        col: usize,
        /// Negated.
        negate: bool,
    },
    /// Conjunction.
    And(Box<Bound>, Box<Bound>),
    /// Disjunction.
    Or(Box<Bound>, Box<Bound>),
    /// Negation.
    Not(Box<Bound>),
}

impl Pred {
    /// Bind code literals to indices with `id(col, code)` (which may add the code to a growing
    /// dictionary; `None`: the code cannot occur).
    pub fn bind(&self, id: &mut dyn FnMut(usize, &str) -> Option<u32>) -> Bound {
        match self {
            Pred::Const(b) => Bound::Const(*b),
            Pred::Unknown => Bound::Unknown,
            Pred::CodeIn { col, codes, negate } => {
                let ids: Vec<u32> = codes.iter().filter_map(|c| id(*col, c)).collect();
                let len = ids.iter().map(|i| *i as usize + 1).max().unwrap_or(0);
                let mut member = vec![false; len];
                for i in ids {
                    member[i as usize] = true;
                }
                Bound::CodeIn { col: *col, member, negate: *negate }
            }
            Pred::Num { col, op, value } => Bound::Num { col: *col, op: *op, value: *value },
            Pred::NumIn { col, values, negate } => {
                Bound::NumIn { col: *col, values: values.clone(), negate: *negate }
            }
            Pred::Between { col, lo, hi, negate } => {
                Bound::Between { col: *col, lo: *lo, hi: *hi, negate: *negate }
            }
            Pred::IsNull { col, negate } => Bound::IsNull { col: *col, negate: *negate },
            Pred::And(a, b) => Bound::And(Box::new(a.bind(id)), Box::new(b.bind(id))),
            Pred::Or(a, b) => Bound::Or(Box::new(a.bind(id)), Box::new(b.bind(id))),
            Pred::Not(a) => Bound::Not(Box::new(a.bind(id))),
        }
    }
}

fn codes<'a>(cols: &'a [BatchColumn<'a>], col: usize) -> &'a [u32] {
    match &cols[col] {
        BatchColumn::Codes(c) => c,
        BatchColumn::Numbers(_) => &[],
    }
}

fn numbers<'a>(cols: &'a [BatchColumn<'a>], col: usize) -> &'a [f64] {
    match &cols[col] {
        BatchColumn::Numbers(c) => c,
        BatchColumn::Codes(_) => &[],
    }
}

impl Bound {
    /// Set `bit` in `sig` for the rows where the predicate is true. Leaves write the bits
    /// directly; compound predicates go through [`Bound::eval`].
    pub fn set_bits(&self, cols: &[BatchColumn<'_>], n: usize, sig: &mut [u128], bit: u128) {
        // Monomorphised per operator, so each loop is a tight compare-and-or.
        fn fill(sig: &mut [u128], c: &[f64], bit: u128, keep: impl Fn(f64) -> bool) {
            for (s, x) in sig.iter_mut().zip(c) {
                if keep(*x) {
                    *s |= bit;
                }
            }
        }
        match self {
            Bound::Const(true) => sig.iter_mut().for_each(|s| *s |= bit),
            Bound::Const(false) | Bound::Unknown => {}
            Bound::CodeIn { col, member, negate } => {
                let c = codes(cols, *col);
                for (s, id) in sig.iter_mut().zip(c) {
                    if *id != NULL_ID && member.get(*id as usize).copied().unwrap_or(false) != *negate {
                        *s |= bit;
                    }
                }
            }
            Bound::Num { col, op, value } => {
                let c = numbers(cols, *col);
                let v = *value;
                // NaN (missing) compares false under every operator but `<>`.
                match op {
                    Cmp::Eq => fill(sig, c, bit, |x| x == v),
                    Cmp::Ne => fill(sig, c, bit, |x| !x.is_nan() && x != v),
                    Cmp::Lt => fill(sig, c, bit, |x| x < v),
                    Cmp::Le => fill(sig, c, bit, |x| x <= v),
                    Cmp::Gt => fill(sig, c, bit, |x| x > v),
                    Cmp::Ge => fill(sig, c, bit, |x| x >= v),
                }
            }
            Bound::Between { col, lo, hi, negate: false } => {
                let c = numbers(cols, *col);
                for (s, x) in sig.iter_mut().zip(c) {
                    if *x >= *lo && *x <= *hi {
                        *s |= bit;
                    }
                }
            }
            Bound::IsNull { col, negate } => match &cols[*col] {
                BatchColumn::Codes(c) => {
                    for (s, id) in sig.iter_mut().zip(*c) {
                        if (*id == NULL_ID) != *negate {
                            *s |= bit;
                        }
                    }
                }
                BatchColumn::Numbers(c) => {
                    for (s, x) in sig.iter_mut().zip(*c) {
                        if x.is_nan() != *negate {
                            *s |= bit;
                        }
                    }
                }
            },
            _ => {
                let t = self.eval(cols, n);
                for (s, v) in sig.iter_mut().zip(&t) {
                    if *v == 1 {
                        *s |= bit;
                    }
                }
            }
        }
    }

    /// Evaluate over a batch of `n` rows.
    pub fn eval(&self, cols: &[BatchColumn<'_>], n: usize) -> Truth {
        let t = |b: bool| b as u8;
        match self {
            Bound::Const(b) => vec![t(*b); n],
            Bound::Unknown => vec![2; n],
            Bound::CodeIn { col, member, negate } => codes(cols, *col)
                .iter()
                .map(|id| {
                    if *id == NULL_ID {
                        2
                    } else {
                        t(member.get(*id as usize).copied().unwrap_or(false) != *negate)
                    }
                })
                .collect(),
            Bound::Num { col, op, value } => numbers(cols, *col)
                .iter()
                .map(|x| if x.is_nan() { 2 } else { t(op.holds(*x, *value)) })
                .collect(),
            Bound::NumIn { col, values, negate } => numbers(cols, *col)
                .iter()
                .map(|x| if x.is_nan() { 2 } else { t(values.contains(x) != *negate) })
                .collect(),
            Bound::Between { col, lo, hi, negate } => numbers(cols, *col)
                .iter()
                .map(|x| if x.is_nan() { 2 } else { t((*x >= *lo && *x <= *hi) != *negate) })
                .collect(),
            Bound::IsNull { col, negate } => match &cols[*col] {
                BatchColumn::Codes(c) => c.iter().map(|id| t((*id == NULL_ID) != *negate)).collect(),
                BatchColumn::Numbers(c) => c.iter().map(|x| t(x.is_nan() != *negate)).collect(),
            },
            Bound::And(a, b) => {
                let (mut x, y) = (a.eval(cols, n), b.eval(cols, n));
                for (a, b) in x.iter_mut().zip(&y) {
                    *a = if *a == 0 || *b == 0 {
                        0
                    } else if *a == 2 || *b == 2 {
                        2
                    } else {
                        1
                    };
                }
                x
            }
            Bound::Or(a, b) => {
                let (mut x, y) = (a.eval(cols, n), b.eval(cols, n));
                for (a, b) in x.iter_mut().zip(&y) {
                    *a = if *a == 1 || *b == 1 {
                        1
                    } else if *a == 2 || *b == 2 {
                        2
                    } else {
                        0
                    };
                }
                x
            }
            Bound::Not(a) => {
                let mut x = a.eval(cols, n);
                for v in x.iter_mut() {
                    if *v < 2 {
                        *v = 1 - *v;
                    }
                }
                x
            }
        }
    }
}

/// Signatures by lookup. The predicates that read one column only (most filters: `age >= 15`,
/// `literate`, `education in (…)`) depend only on that column's value, so they are evaluated
/// once per distinct value, into a table from code index (or whole number) to the row's bits;
/// per row a column then costs one lookup and one `or`, whatever the number of predicates on
/// it. A predicate over several columns that is an `and`/`or` of one-column parts (`sex = 'F'
/// and age between 15 and 19`) is true exactly when its formula over the parts' truth is
/// (an unknown part is not true, and neither `and` nor `or` can make it true), so its parts
/// are tabled as hidden bits too and the formula is applied to them per row. Anything else
/// is evaluated column-wise ([`Bound::set_bits`]).
#[derive(Debug, Clone)]
pub struct Signer {
    /// The predicates (bit `i` of the signature for `i` below the request's count), then the
    /// one-column parts of the compound ones (bit `i` of the parts' word).
    all: Vec<Bound>,
    groups: Vec<Group>,
    rest: Vec<usize>,
    compounds: Vec<(u128, Formula)>,
    /// The compounds that are conjunctions of parts (`sex = 'F' and age between 15 and 19`):
    /// (signature bit, parts' mask), true where every part of the mask is.
    conjunctions: Vec<(u128, u128)>,
    parts: Vec<u128>,
    /// Parts' word → the compounds' signature bits.
    memo: FxHashMap<u128, u128>,
    /// How each column of a batch is held.
    held: Vec<Held>,
}

/// A compound predicate as a formula over its one-column parts.
#[derive(Debug, Clone)]
enum Formula {
    Const(bool),
    Part(u32),
    And(Box<Formula>, Box<Formula>),
    Or(Box<Formula>, Box<Formula>),
}

impl Formula {
    /// The parts' mask of a formula that is a conjunction of parts (`None` otherwise).
    fn conjunction(&self) -> Option<u128> {
        match self {
            Formula::Const(true) => Some(0),
            Formula::Part(i) => Some(1u128 << i),
            Formula::And(a, b) => Some(a.conjunction()? | b.conjunction()?),
            _ => None,
        }
    }

    fn holds(&self, parts: u128) -> bool {
        match self {
            Formula::Const(b) => *b,
            Formula::Part(i) => parts & (1u128 << i) != 0,
            Formula::And(a, b) => a.holds(parts) && b.holds(parts),
            Formula::Or(a, b) => a.holds(parts) || b.holds(parts),
        }
    }
}

/// The one-column predicates of one column and their lookup table.
#[derive(Debug, Clone)]
struct Group {
    col: usize,
    numbers: bool,
    /// (index in `Signer::all`, its bit, whether a part's bit rather than a signature bit).
    preds: Vec<(usize, u128, bool)>,
    /// Bits of a missing value: [signature, parts].
    null_bits: [u128; 2],
    /// Bits per code index or per whole number `0..SMALL`; `known` says which are filled.
    table: Vec<[u128; 2]>,
    known: Vec<bool>,
    /// Bits of other numbers, by their bit pattern, while few.
    other: FxHashMap<u64, [u128; 2]>,
    /// Too many distinct numbers for a table: evaluated column-wise.
    direct: bool,
}

/// Rows signed together, group after group.
const BLOCK: usize = 2048;
/// Distinct parts' words remembered before the memo starts again.
const MAX_MEMO: usize = 1 << 16;
/// Whole numbers below this get a direct table slot (ages, years of schooling, hours).
const SMALL: usize = 1024;
/// Distinct other numbers kept in a table before a column is evaluated column-wise.
const MAX_OTHER: usize = 4096;

use rustc_hash::FxHashMap;

impl Bound {
    /// Columns the predicate reads.
    pub fn columns(&self, out: &mut Vec<usize>) {
        match self {
            Bound::Const(_) | Bound::Unknown => {}
            Bound::CodeIn { col, .. }
            | Bound::Num { col, .. }
            | Bound::NumIn { col, .. }
            | Bound::Between { col, .. }
            | Bound::IsNull { col, .. } => {
                if !out.contains(col) {
                    out.push(*col)
                }
            }
            Bound::And(a, b) | Bound::Or(a, b) => {
                a.columns(out);
                b.columns(out);
            }
            Bound::Not(a) => a.columns(out),
        }
    }

    fn column_list(&self) -> Vec<usize> {
        let mut c = Vec::new();
        self.columns(&mut c);
        c
    }
}

/// `b` as a formula over one-column parts (appended to `parts`), if it is an `and`/`or` of
/// such parts.
fn decompose(b: &Bound, parts: &mut Vec<Bound>) -> Option<Formula> {
    let cols = b.column_list();
    if cols.is_empty() {
        return Some(Formula::Const(b.eval(&[], 1).first() == Some(&1)));
    }
    if cols.len() == 1 {
        parts.push(b.clone());
        return Some(Formula::Part(parts.len() as u32 - 1));
    }
    match b {
        Bound::And(x, y) => {
            Some(Formula::And(Box::new(decompose(x, parts)?), Box::new(decompose(y, parts)?)))
        }
        Bound::Or(x, y) => Some(Formula::Or(Box::new(decompose(x, parts)?), Box::new(decompose(y, parts)?))),
        _ => None,
    }
}

impl Signer {
    /// A signer for `bound` (bit `i` for predicate `i`); `held[c]` says how column `c` is held.
    pub fn new(bound: &[Bound], held: &[Held]) -> Signer {
        let mut all: Vec<Bound> = bound.to_vec();
        let mut one_column: Vec<(usize, usize, u128, bool)> = Vec::new();
        let mut rest = Vec::new();
        let mut compounds = Vec::new();
        let mut parts: Vec<Bound> = Vec::new();
        for (i, b) in bound.iter().enumerate() {
            match b.column_list().as_slice() {
                [c] => one_column.push((*c, i, 1u128 << i, false)),
                _ => {
                    let mut mine = Vec::new();
                    match decompose(b, &mut mine) {
                        Some(f) if parts.len() + mine.len() <= 128 => {
                            let offset = parts.len() as u32;
                            compounds.push((1u128 << i, shift(f, offset)));
                            parts.extend(mine);
                        }
                        _ => rest.push(i),
                    }
                }
            }
        }
        for (k, p) in parts.into_iter().enumerate() {
            if let [c] = p.column_list().as_slice() {
                one_column.push((*c, all.len(), 1u128 << k, true));
            }
            all.push(p);
        }
        let mut groups: Vec<Group> = Vec::new();
        for (c, i, bit, part) in one_column {
            let g = match groups.iter().position(|g| g.col == c) {
                Some(g) => g,
                None => {
                    groups.push(Group {
                        col: c,
                        numbers: held[c] == Held::Numbers,
                        preds: Vec::new(),
                        null_bits: [0; 2],
                        table: Vec::new(),
                        known: Vec::new(),
                        other: FxHashMap::default(),
                        direct: false,
                    });
                    groups.len() - 1
                }
            };
            groups[g].preds.push((i, bit, part));
        }
        for g in &mut groups {
            g.null_bits = if g.numbers {
                g.bits_of_number(&all, held, f64::NAN)
            } else {
                g.bits_of_code(&all, held, NULL_ID)
            };
        }
        let (conjunctions, compounds): (Vec<_>, Vec<_>) =
            compounds.into_iter().partition(|(_, f)| f.conjunction().is_some());
        let conjunctions =
            conjunctions.into_iter().filter_map(|(bit, f)| f.conjunction().map(|m| (bit, m))).collect();
        Signer {
            all,
            groups,
            rest,
            compounds,
            conjunctions,
            parts: Vec::new(),
            memo: FxHashMap::default(),
            held: held.to_vec(),
        }
    }

    /// Set the predicates' bits in `sig` for the `n` rows of `cols`.
    pub fn sign(&mut self, cols: &[BatchColumn<'_>], n: usize, sig: &mut [u128]) {
        let held = &self.held;
        for i in &self.rest {
            self.all[*i].set_bits(cols, n, sig, 1u128 << i);
        }
        let parts = &mut self.parts;
        if !self.compounds.is_empty() || !self.conjunctions.is_empty() {
            parts.clear();
            parts.resize(n, 0);
        }
        for g in self.groups.iter().filter(|g| g.direct) {
            g.column_wise(&self.all, cols, n, sig, parts);
        }
        // Block by block, every group over the block: the block's words stay in cache.
        let mut from = 0;
        while from < n {
            let to = (from + BLOCK).min(n);
            for g in &mut self.groups {
                if g.direct {
                    continue;
                }
                match &cols[g.col] {
                    BatchColumn::Codes(ids) => {
                        for r in from..to {
                            let id = ids[r];
                            let bits = if id == NULL_ID {
                                g.null_bits
                            } else {
                                let k = id as usize;
                                if k >= g.known.len() || !g.known[k] {
                                    let bits = g.bits_of_code(&self.all, held, id);
                                    g.set(k, bits);
                                }
                                g.table[k]
                            };
                            sig[r] |= bits[0];
                            if let Some(p) = parts.get_mut(r) {
                                *p |= bits[1];
                            }
                        }
                    }
                    BatchColumn::Numbers(xs) => {
                        for r in from..to {
                            let x = xs[r];
                            let bits = if x.is_nan() {
                                g.null_bits
                            } else if (0.0..SMALL as f64).contains(&x) && x.fract() == 0.0 {
                                let k = x as usize;
                                if k >= g.known.len() || !g.known[k] {
                                    let bits = g.bits_of_number(&self.all, held, x);
                                    g.set(k, bits);
                                }
                                g.table[k]
                            } else if let Some(b) = g.other.get(&x.to_bits()) {
                                *b
                            } else if g.other.len() < MAX_OTHER {
                                let bits = g.bits_of_number(&self.all, held, x);
                                g.other.insert(x.to_bits(), bits);
                                bits
                            } else {
                                // Many distinct fractional or large numbers: column-wise from
                                // now, over the whole batch (setting a bit twice is harmless).
                                g.direct = true;
                                g.column_wise(&self.all, cols, n, sig, parts);
                                break;
                            };
                            sig[r] |= bits[0];
                            if let Some(p) = parts.get_mut(r) {
                                *p |= bits[1];
                            }
                        }
                    }
                }
            }
            if !self.conjunctions.is_empty() {
                for (s, p) in sig[from..to].iter_mut().zip(&parts[from..to]) {
                    for (bit, mask) in &self.conjunctions {
                        if p & mask == *mask {
                            *s |= bit;
                        }
                    }
                }
            }
            if !self.compounds.is_empty() {
                // The compounds' bits depend on the parts' word only, and rows share few
                // distinct words: each is evaluated once (the memo is bounded).
                let memo = &mut self.memo;
                if memo.len() > MAX_MEMO {
                    memo.clear();
                }
                for (s, p) in sig[from..to].iter_mut().zip(&parts[from..to]) {
                    let bits = *memo.entry(*p).or_insert_with(|| {
                        self.compounds.iter().filter(|(_, f)| f.holds(*p)).fold(0, |acc, (bit, _)| acc | bit)
                    });
                    *s |= bits;
                }
            }
            from = to;
        }
    }
}

/// `f` with its parts numbered from `offset`.
fn shift(f: Formula, offset: u32) -> Formula {
    match f {
        Formula::Part(i) => Formula::Part(i + offset),
        Formula::And(a, b) => Formula::And(Box::new(shift(*a, offset)), Box::new(shift(*b, offset))),
        Formula::Or(a, b) => Formula::Or(Box::new(shift(*a, offset)), Box::new(shift(*b, offset))),
        c => c,
    }
}

impl Group {
    fn set(&mut self, k: usize, bits: [u128; 2]) {
        if k >= self.known.len() {
            self.known.resize(k + 1, false);
            self.table.resize(k + 1, [0; 2]);
        }
        self.known[k] = true;
        self.table[k] = bits;
    }

    /// This group's bits for a whole batch, column-wise (ORed into `sig` and `parts`).
    fn column_wise(
        &self,
        all: &[Bound],
        cols: &[BatchColumn<'_>],
        n: usize,
        sig: &mut [u128],
        parts: &mut [u128],
    ) {
        for (i, bit, part) in &self.preds {
            match part {
                false => all[*i].set_bits(cols, n, sig, *bit),
                true => all[*i].set_bits(cols, n, parts, *bit),
            }
        }
    }

    /// The bits of this group's predicates for the one row of `one`.
    fn bits_of(&self, all: &[Bound], one: &[BatchColumn<'_>]) -> [u128; 2] {
        let mut sig = [[0u128]; 2];
        for (i, bit, part) in &self.preds {
            all[*i].set_bits(one, 1, &mut sig[*part as usize], *bit);
        }
        [sig[0][0], sig[1][0]]
    }

    fn bits_of_code(&self, all: &[Bound], held: &[Held], id: u32) -> [u128; 2] {
        let v = [id];
        let one = one_row(held, self.col, BatchColumn::Codes(&v));
        self.bits_of(all, &one)
    }

    fn bits_of_number(&self, all: &[Bound], held: &[Held], x: f64) -> [u128; 2] {
        let v = [x];
        let one = one_row(held, self.col, BatchColumn::Numbers(&v));
        self.bits_of(all, &one)
    }
}

/// A one-row batch where only column `col` has a value.
fn one_row<'a>(held: &[Held], col: usize, value: BatchColumn<'a>) -> Vec<BatchColumn<'a>> {
    let mut value = Some(value);
    (0..held.len())
        .map(|c| {
            if c == col {
                value.take().unwrap_or(BatchColumn::Codes(&[]))
            } else if held[c] == Held::Numbers {
                BatchColumn::Numbers(&[])
            } else {
                BatchColumn::Codes(&[])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(name: &str) -> Option<(usize, Held)> {
        match name {
            "sex" => Some((0, Held::Codes)),
            "age" => Some((1, Held::Numbers)),
            "literate" => Some((2, Held::Booleans)),
            _ => None,
        }
    }

    fn run(sql: &str) -> Truth {
        let p = compile(sql, &mut cols).unwrap();
        // dictionary of sex: F = 0, M = 1; booleans: false = 0, true = 1.
        let b = p.bind(&mut |c, code| match (c, code) {
            (0, "F") => Some(0),
            (0, "M") => Some(1),
            (2, "false") => Some(0),
            (2, "true") => Some(1),
            _ => None,
        });
        let sex = [0, 1, NULL_ID, 0];
        let age = [15.0, 14.0, 30.0, f64::NAN];
        let lit = [1, 0, NULL_ID, 1];
        b.eval(&[BatchColumn::Codes(&sex), BatchColumn::Numbers(&age), BatchColumn::Codes(&lit)], 4)
    }

    #[test]
    fn sql_three_valued_logic() {
        assert_eq!(run("sex = 'F'"), vec![1, 0, 2, 1]);
        assert_eq!(run("not sex = 'F'"), vec![0, 1, 2, 0]);
        assert_eq!(run("sex <> 'F'"), vec![0, 1, 2, 0]);
        assert_eq!(run("age >= 15"), vec![1, 0, 1, 2]);
        assert_eq!(run("15 <= age"), vec![1, 0, 1, 2]);
        assert_eq!(run("sex = 'F' and age >= 15"), vec![1, 0, 2, 2]);
        assert_eq!(run("sex = 'F' or age >= 15"), vec![1, 0, 1, 1]);
        assert_eq!(run("age between 14 and 15"), vec![1, 1, 0, 2]);
        assert_eq!(run("age not between 14 and 15"), vec![0, 0, 1, 2]);
        assert_eq!(run("age in (14, 30)"), vec![0, 1, 1, 2]);
        assert_eq!(run("sex in ('F', 'X')"), vec![1, 0, 2, 1]);
        assert_eq!(run("sex not in ('F')"), vec![0, 1, 2, 0]);
        assert_eq!(run("age is null"), vec![0, 0, 0, 1]);
        assert_eq!(run("sex is not null"), vec![1, 1, 0, 1]);
        assert_eq!(run("literate"), vec![1, 0, 2, 1]);
        assert_eq!(run("not literate"), vec![0, 1, 2, 0]);
        assert_eq!(run("literate = true"), vec![1, 0, 2, 1]);
        assert_eq!(run("literate is true"), vec![1, 0, 0, 1]);
        assert_eq!(run("literate is not true"), vec![0, 1, 1, 0]);
        assert_eq!(run("true"), vec![1, 1, 1, 1]);
        assert_eq!(run("sex = null"), vec![2, 2, 2, 2]);
        assert_eq!(run("(sex = 'M') or (age is null)"), vec![0, 1, 2, 1]);
    }

    #[test]
    fn direct_bits_agree_with_three_valued_evaluation() {
        for sql in [
            "sex = 'F'",
            "sex <> 'F'",
            "age >= 15",
            "age <> 15",
            "age between 14 and 15",
            "age is null",
            "sex is not null",
            "literate",
            "true",
            "sex = null",
            "sex = 'F' and age >= 15",
            "age not between 14 and 15",
            "sex in ('F', 'X')",
        ] {
            let p = compile(sql, &mut cols).unwrap();
            let b = p.bind(&mut |c, code| match (c, code) {
                (0, "F") => Some(0),
                (0, "M") => Some(1),
                (2, "false") => Some(0),
                (2, "true") => Some(1),
                _ => None,
            });
            let sex = [0, 1, NULL_ID, 0];
            let age = [15.0, 14.0, 30.0, f64::NAN];
            let lit = [1, 0, NULL_ID, 1];
            let cols = [BatchColumn::Codes(&sex), BatchColumn::Numbers(&age), BatchColumn::Codes(&lit)];
            let mut sig = [0u128; 4];
            b.set_bits(&cols, 4, &mut sig, 1 << 3);
            let want: Vec<u128> = b.eval(&cols, 4).iter().map(|t| if *t == 1 { 1 << 3 } else { 0 }).collect();
            assert_eq!(sig.to_vec(), want, "{sql}");
        }
    }

    proptest::proptest! {
        /// The lookup tables of a [`Signer`] give the bits column-wise evaluation gives, for
        /// whole and fractional numbers, large ones, missing values and unknown codes.
        #[test]
        fn signer_equals_column_wise_bits(
            rows in proptest::collection::vec((0u32..4, -3i32..2000, 0u32..3, proptest::bool::ANY), 1..300),
            fractional in proptest::bool::ANY,
        ) {
            let sqls = [
                "sex = 'F'", "age >= 15", "age between 15 and 49", "age < 18.5", "literate",
                "literate is null", "sex = 'F' and age between 10 and 14", "not (age > 60)",
                "age in (15, 20, 1500)", "sex <> 'M'", "age is not null", "literate or age > 64",
                "not (sex = 'F' and age < 15)", "(sex = 'M' or literate) and not (age between 5 and 9)",
                "true and age > 3", "false or sex = 'F'",
            ];
            let bound: Vec<Bound> = sqls
                .iter()
                .map(|sql| {
                    compile(sql, &mut cols).unwrap().bind(&mut |c, code| match (c, code) {
                        (0, "F") => Some(0),
                        (0, "M") => Some(1),
                        (2, "false") => Some(0),
                        (2, "true") => Some(1),
                        _ => None,
                    })
                })
                .collect();
            let held = [Held::Codes, Held::Numbers, Held::Booleans];
            let mut signer = Signer::new(&bound, &held);
            // Two batches through one signer: the tables filled by the first serve the second.
            for half in [&rows[..rows.len() / 2], &rows[rows.len() / 2..]] {
                let sex: Vec<u32> = half.iter().map(|r| if r.0 == 3 { NULL_ID } else { r.0 }).collect();
                let age: Vec<f64> = half
                    .iter()
                    .map(|r| match r.1 {
                        -3 => f64::NAN,
                        a if fractional && a % 3 == 0 => a as f64 + 0.5,
                        a => a as f64,
                    })
                    .collect();
                let lit: Vec<u32> = half.iter().map(|r| if r.2 == 2 { NULL_ID } else { r.2 }).collect();
                let c = [BatchColumn::Codes(&sex), BatchColumn::Numbers(&age), BatchColumn::Codes(&lit)];
                let n = half.len();
                let mut want = vec![0u128; n];
                for (i, b) in bound.iter().enumerate() {
                    b.set_bits(&c, n, &mut want, 1 << i);
                }
                let mut got = vec![0u128; n];
                signer.sign(&c, n, &mut got);
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn signer_with_many_distinct_numbers_falls_back_to_column_wise() {
        let p = compile("age between 15.25 and 49.75", &mut cols).unwrap();
        let b = vec![p.bind(&mut |_, _| None)];
        let held = [Held::Codes, Held::Numbers, Held::Booleans];
        let mut signer = Signer::new(&b, &held);
        for round in 0..3 {
            let age: Vec<f64> = (0..6000).map(|i| (i as f64) * 0.0137 + round as f64).collect();
            let c = [BatchColumn::Codes(&[]), BatchColumn::Numbers(&age), BatchColumn::Codes(&[])];
            let mut want = vec![0u128; age.len()];
            b[0].set_bits(&c, age.len(), &mut want, 1);
            let mut got = vec![0u128; age.len()];
            signer.sign(&c, age.len(), &mut got);
            assert_eq!(got, want, "round {round}");
        }
    }

    #[test]
    fn unsupported_sql_is_an_error() {
        assert!(compile("sex > 'F'", &mut cols).is_err());
        assert!(compile("upper(sex) = 'F'", &mut cols).is_err());
        assert!(compile("nosuch = 1", &mut cols).is_err());
    }
}
