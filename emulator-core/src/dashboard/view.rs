//! The read-only picture a service gives of its state: plain data, built only when the
//! dashboard asks ([`crate::Service::view`]), never on the request path.
//!
//! A service describes each kind of resource it holds (vaults, jobs, servers...) as a table:
//! columns, rows, which column is the state, links from a row to rows of other kinds, and the
//! CLI command that describes a row. Time-driven services add a timeline: what happened
//! (jobs created, started, completed) and what the clock will do next (scheduled runs,
//! lifecycle steps). The dashboard renders any service from these types alone.

use serde::ser::Serializer;
use serde::Serialize;

use crate::dto::Timestamp;

/// Which accounts and regions a view is asked for. `None` admits every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewFilter {
    /// Only this account.
    pub account_id: Option<String>,
    /// Only this region.
    pub region: Option<String>,
}

impl ViewFilter {
    /// Whether the tables and timeline of `account_id` in `region` are wanted.
    pub fn admits(&self, account_id: &str, region: &str) -> bool {
        self.account_id.as_deref().is_none_or(|a| a == account_id)
            && self.region.as_deref().is_none_or(|r| r == region)
    }
}

/// A service's view: one entry per account and region it holds state in.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ServiceView {
    /// Every account and region with state, the ones the filter admits filled in.
    pub scopes: Vec<ScopeView>,
}

/// One account and region of a service.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeView {
    /// The account id.
    pub account_id: String,
    /// The region.
    pub region: String,
    /// A table per resource kind (empty when the filter does not admit this scope).
    pub tables: Vec<Table>,
    /// What happened and what comes next (empty when the filter does not admit this scope).
    pub timeline: Timeline,
}

impl ScopeView {
    /// A scope listed without its contents (the filter does not admit it).
    pub fn listed(account_id: &str, region: &str) -> Self {
        Self {
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            ..Self::default()
        }
    }
}

/// What a column holds, so the dashboard formats, sorts and filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// A point in time.
    Time,
    /// A count or size.
    Number,
    /// The row's state (one per table at most): shown as a badge, filtered by value.
    State,
}

/// A column of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The header.
    pub name: &'static str,
    /// What its cells hold.
    pub kind: ColumnKind,
}

impl Column {
    /// A text column.
    pub const fn text(name: &'static str) -> Self {
        Self {
            name,
            kind: ColumnKind::Text,
        }
    }

    /// A time column.
    pub const fn time(name: &'static str) -> Self {
        Self {
            name,
            kind: ColumnKind::Time,
        }
    }

    /// A number column.
    pub const fn number(name: &'static str) -> Self {
        Self {
            name,
            kind: ColumnKind::Number,
        }
    }

    /// The state column.
    pub const fn state(name: &'static str) -> Self {
        Self {
            name,
            kind: ColumnKind::State,
        }
    }
}

/// One cell. Written to JSON as a plain value (`null`, a string, a number; a time as epoch
/// milliseconds), the column saying how to read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing to show.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(i64),
    /// A point in time.
    Time(Timestamp),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<Option<String>> for Cell {
    fn from(text: Option<String>) -> Self {
        text.map_or(Self::Empty, Self::Text)
    }
}

impl From<Option<&str>> for Cell {
    fn from(text: Option<&str>) -> Self {
        text.map_or(Self::Empty, Cell::from)
    }
}

impl From<Timestamp> for Cell {
    fn from(time: Timestamp) -> Self {
        Self::Time(time)
    }
}

impl From<Option<Timestamp>> for Cell {
    fn from(time: Option<Timestamp>) -> Self {
        time.map_or(Self::Empty, Self::Time)
    }
}

impl From<i64> for Cell {
    fn from(number: i64) -> Self {
        Self::Number(number)
    }
}

impl From<usize> for Cell {
    fn from(number: usize) -> Self {
        Self::Number(i64::try_from(number).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Cell {
    fn from(flag: bool) -> Self {
        Self::Text(if flag { "yes" } else { "no" }.to_owned())
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Empty => serializer.serialize_none(),
            Self::Text(text) => serializer.serialize_str(text),
            Self::Number(number) => serializer.serialize_i64(*number),
            Self::Time(time) => serializer.serialize_i64(time.epoch_millis()),
        }
    }
}

/// A link from a row to a row of another table of the same service, account and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The target table's [`Table::kind`].
    pub kind: &'static str,
    /// The target row's [`Row::id`].
    pub id: String,
    /// What the link says.
    pub label: String,
}

/// One resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Unique within its table: what [`Link`]s name.
    pub id: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// Rows of other tables this one refers to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The CLI command that describes this resource, as words (`["backup",
    /// "describe-backup-job", "--backup-job-id", "…"]`, after `aws`); the dashboard adds the
    /// endpoint, region and account.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cli: Vec<String>,
    /// For a resource no `aws` command describes (a path-route plugin's): the whole command,
    /// program first (`["openstack", "--os-auth-url", "{endpoint}/identity", …]`), shown as
    /// it is apart from [`Row::ENDPOINT`], which the dashboard replaces with the gateway's
    /// address.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
}

impl Row {
    /// A row with its cells and nothing else.
    pub fn new(id: impl Into<String>, cells: Vec<Cell>) -> Self {
        Self {
            id: id.into(),
            cells,
            links: Vec::new(),
            cli: Vec::new(),
            command: Vec::new(),
        }
    }

    /// The row linking to row `id` of table `kind`.
    pub fn link(
        mut self,
        kind: &'static str,
        id: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        self.links.push(Link {
            kind,
            id: id.into(),
            label: label.into(),
        });
        self
    }

    /// The placeholder in [`Row::command`] words for the gateway's address
    /// (`http://localhost:4566`, as the page reached it).
    pub const ENDPOINT: &'static str = "{endpoint}";

    /// The row described by the whole command `words` (see [`Row::command`]).
    pub fn command<I, W>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = W>,
        W: Into<String>,
    {
        self.command = words.into_iter().map(Into::into).collect();
        self
    }

    /// The row described by `aws <words…>`.
    pub fn cli<I, W>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = W>,
        W: Into<String>,
    {
        self.cli = words.into_iter().map(Into::into).collect();
        self
    }
}

/// The resources of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// An id unique within the service (`backup-jobs`): what [`Link`]s name.
    pub kind: &'static str,
    /// The heading (`Backup jobs`).
    pub title: &'static str,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows shown: at most [`Table::ROW_LIMIT`].
    pub rows: Vec<Row>,
    /// How many resources there are, shown or not.
    pub total: usize,
}

impl Table {
    /// The most rows a table carries: the dashboard is for looking, and a bounded answer keeps
    /// each refresh cheap however much state a load test left behind.
    pub const ROW_LIMIT: usize = 500;

    /// A table of `total` resources whose rows `rows` yields in the order to show them
    /// (newest or most relevant first); only the first [`Table::ROW_LIMIT`] are built.
    pub fn new(
        kind: &'static str,
        title: &'static str,
        columns: Vec<Column>,
        total: usize,
        rows: impl IntoIterator<Item = Row>,
    ) -> Self {
        Self {
            kind,
            title,
            columns,
            rows: rows.into_iter().take(Self::ROW_LIMIT).collect(),
            total,
        }
    }
}

/// What happened to one resource over time: a bar from `created` through `started` to
/// `completed` (open-ended while it runs).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// The table of the resource.
    pub kind: &'static str,
    /// The row of the resource.
    pub id: String,
    /// A short label (`Backup job 1A2B…`).
    pub label: String,
    /// Its current state.
    pub state: String,
    /// When it was created.
    #[serde(serialize_with = "millis")]
    pub created: Timestamp,
    /// When it started running, if it has.
    #[serde(serialize_with = "optional_millis")]
    pub started: Option<Timestamp>,
    /// When it ended, if it has.
    #[serde(serialize_with = "optional_millis")]
    pub completed: Option<Timestamp>,
}

/// Something the clock will make happen when it reaches `at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upcoming {
    /// When.
    #[serde(serialize_with = "millis")]
    pub at: Timestamp,
    /// The table of the resource concerned.
    pub kind: &'static str,
    /// The row of the resource concerned.
    pub id: String,
    /// What happens (`Plan daily runs rule nightly`).
    pub label: String,
}

/// A scope's past and future on the clock.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timeline {
    /// Resources with a life in time (jobs), newest first.
    pub spans: Vec<Span>,
    /// What comes next, earliest first.
    pub upcoming: Vec<Upcoming>,
}

impl Timeline {
    /// The most spans and upcoming events kept, for the same reason as [`Table::ROW_LIMIT`].
    pub const LIMIT: usize = 200;

    /// Sorts (spans newest first, upcoming earliest first) and keeps at most [`Self::LIMIT`] of
    /// each.
    pub fn finish(mut self) -> Self {
        self.spans
            .sort_by_key(|span| std::cmp::Reverse(span.created.epoch_millis()));
        self.spans.truncate(Self::LIMIT);
        self.upcoming.sort_by_key(|u| u.at.epoch_millis());
        self.upcoming.truncate(Self::LIMIT);
        self
    }
}

fn millis<S: Serializer>(time: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(time.epoch_millis())
}

fn optional_millis<S: Serializer>(
    time: &Option<Timestamp>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => serializer.serialize_i64(time.epoch_millis()),
        None => serializer.serialize_none(),
    }
}
