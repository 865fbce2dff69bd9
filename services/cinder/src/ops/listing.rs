//! Lists as Cinder pages them: filters, `sort` (or `sort_key`/`sort_dir`), `marker`, `offset`,
//! `limit` (capped at 1000), `with_count` (3.45+) and the `next` link when a page is full.

use std::cmp::Ordering;

use serde_json::{json, Value};

use super::Call;
use crate::support::fault::Fault;
use crate::support::microversion::ApiVersion;
use crate::support::query;

/// Cinder's `osapi_max_limit`.
pub const MAX_LIMIT: usize = 1000;

/// A column value to sort and filter by. SQL sorts NULL first, as the derived order does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// NULL.
    Null,
    /// A number (sizes, times in microseconds).
    Int(i64),
    /// Text.
    Text(String),
}

impl Column {
    /// Text for filter matching.
    fn text(&self) -> String {
        match self {
            Self::Null => String::new(),
            Self::Int(n) => n.to_string(),
            Self::Text(s) => s.clone(),
        }
    }

    /// An optional text column.
    pub fn opt(text: Option<&str>) -> Self {
        text.map_or(Self::Null, |s| Self::Text(s.to_owned()))
    }
}

/// A listable record: its id and its database columns by name.
pub trait Listed {
    /// The id (the marker names it).
    fn id(&self) -> &str;
    /// The column `name`; `None` when the model has no such column.
    fn column(&self, name: &str) -> Option<Column>;
}

/// What a resource's list accepts.
pub struct Resource {
    /// Collection name in links (`backups`).
    pub collection: &'static str,
    /// Filters a non-admin may use (`resource_filters.json`).
    pub user_filters: &'static [&'static str],
    /// The 404 for a marker that names nothing.
    pub marker_missing: fn(&str) -> Fault,
    /// Maps a sort key to its column (`None`: invalid at this version).
    pub sort_column: fn(&str, ApiVersion) -> Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Asc,
    Desc,
}

/// A list request, parsed.
pub struct Request {
    limit: usize,
    marker: Option<String>,
    offset: usize,
    sort: Vec<(&'static str, Dir)>,
    with_count: bool,
    /// Whether an admin asked for every project's items.
    pub all_tenants: bool,
    filters: Vec<(String, String)>,
}

fn take(pairs: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let mut found = None;
    pairs.retain(|(k, v)| {
        if k == key {
            found = Some(v.clone());
            false
        } else {
            true
        }
    });
    found
}

fn truth(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "t" | "true" | "on" | "y" | "yes" => Some(true),
        "0" | "f" | "false" | "off" | "n" | "no" => Some(false),
        _ => None,
    }
}

fn parse_sort(
    pairs: &mut Vec<(String, String)>,
    resource: &Resource,
    version: ApiVersion,
) -> Result<Vec<(&'static str, Dir)>, Fault> {
    let sort = take(pairs, "sort");
    let key = take(pairs, "sort_key");
    let dir = take(pairs, "sort_dir");
    let requested: Vec<(String, Option<String>)> = match sort {
        Some(_) if key.is_some() || dir.is_some() => {
            return Err(Fault::bad_request(
                "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used \
                 with the 'sort' parameter.",
            ))
        }
        Some(sort) => sort
            .split(',')
            .map(|part| {
                let (k, d) = part.split_once(':').unwrap_or((part, ""));
                let d = d.trim();
                (k.trim().to_owned(), (!d.is_empty()).then(|| d.to_owned()))
            })
            .collect(),
        None => vec![(
            key.unwrap_or_else(|| "created_at".into()),
            Some(dir.unwrap_or_else(|| "desc".into())),
        )],
    };
    let parse_dir = |d: &str| match d {
        "asc" => Ok(Dir::Asc),
        "desc" => Ok(Dir::Desc),
        _ => Err(Fault::invalid_input(
            "Unknown sort direction, must be 'desc' or 'asc'.",
        )),
    };
    let first_dir = match requested.iter().find_map(|(_, d)| d.as_deref()) {
        Some(d) => parse_dir(d)?,
        None => Dir::Asc,
    };
    let mut sort = Vec::new();
    for (key, dir) in &requested {
        let column = (resource.sort_column)(key, version)
            .ok_or_else(|| Fault::invalid_input(&format!("Invalid sort key: {key}")))?;
        let dir = match dir {
            Some(d) => parse_dir(d)?,
            None => first_dir,
        };
        sort.push((column, dir));
    }
    for default in ["created_at", "id"] {
        if !sort.iter().any(|(c, _)| *c == default) {
            sort.push((default, first_dir));
        }
    }
    Ok(sort)
}

impl Request {
    /// Reads the query of `call` for `resource`.
    pub fn parse(call: &Call<'_>, resource: &Resource) -> Result<Self, Fault> {
        let mut pairs: Vec<(String, String)> = call.query.to_vec();
        let limit = match take(&mut pairs, "limit") {
            None => MAX_LIMIT,
            Some(text) => {
                let limit: i64 = text
                    .trim()
                    .parse()
                    .map_err(|_| Fault::bad_request("limit param must be an integer"))?;
                if limit < 0 {
                    return Err(Fault::bad_request("limit param must be positive"));
                }
                (limit as usize).min(MAX_LIMIT)
            }
        };
        let marker = take(&mut pairs, "marker");
        let offset = match take(&mut pairs, "offset") {
            None => 0,
            Some(text) => {
                let offset: i64 = text
                    .trim()
                    .parse()
                    .map_err(|_| Fault::invalid_input("offset must be an integer."))?;
                if offset < 0 {
                    return Err(Fault::invalid_input("offset must be >= 0."));
                }
                offset as usize
            }
        };
        let sort = parse_sort(&mut pairs, resource, call.version)?;
        let mut with_count = false;
        if call.version.at_least(ApiVersion::SUPPORT_COUNT_INFO) {
            if let Some(text) = take(&mut pairs, "with_count") {
                with_count = truth(&text).ok_or_else(|| {
                    Fault::bad_request(format!("Value '{text}' for 'with_count' is not a boolean."))
                })?;
            }
        }
        let all_tenants = match take(&mut pairs, "all_tenants") {
            Some(text) if call.is_admin() => truth(&text).ok_or_else(|| {
                Fault::invalid_input(&format!("all_tenants must be a boolean, got '{text}'."))
            })?,
            _ => false,
        };
        let filters = filters(call, resource, pairs)?;
        Ok(Self {
            limit,
            marker,
            offset,
            sort,
            with_count,
            all_tenants,
            filters,
        })
    }

    /// Filters, sorts and pages `items`, and writes the list body under `key`.
    pub fn answer<T: Listed>(
        &self,
        call: &Call<'_>,
        resource: &Resource,
        key: &str,
        detail: bool,
        mut items: Vec<T>,
        view: impl Fn(&T) -> Value,
    ) -> Result<Value, Fault> {
        items.retain(|item| self.matches(item));
        let total = items.len();
        // Each item's sort columns are read once, not at every comparison.
        let mut keyed: Vec<(Vec<Option<Column>>, T)> = items
            .drain(..)
            .map(|item| {
                let key = self.sort.iter().map(|(c, _)| item.column(c)).collect();
                (key, item)
            })
            .collect();
        keyed.sort_by(|(a, _), (b, _)| self.compare(a, b));
        let items: Vec<T> = keyed.into_iter().map(|(_, item)| item).collect();
        let start = match &self.marker {
            None => 0,
            Some(marker) => {
                items
                    .iter()
                    .position(|item| item.id() == marker)
                    .ok_or_else(|| (resource.marker_missing)(marker))?
                    + 1
            }
        };
        let page: Vec<&T> = items
            .iter()
            .skip(start + self.offset)
            .take(self.limit)
            .collect();
        let mut body = json!({ key: page.iter().map(|item| view(item)).collect::<Vec<_>>() });
        // Cinder's rule: a next link when the page holds `limit` items, or when the total
        // (with_count) reaches the limit.
        let item_count = if self.with_count && total > 0 {
            total
        } else {
            page.len()
        };
        if let Some(last) = page.last() {
            if self.limit <= item_count {
                let collection = if detail {
                    format!("{}/detail", resource.collection)
                } else {
                    resource.collection.to_owned()
                };
                // As webob's `params["marker"] = id`: replaced where it stood, else appended.
                let mut params: Vec<(String, String)> = call.query.to_vec();
                let marker = last.id().to_owned();
                match params.iter().position(|(k, _)| k == "marker") {
                    Some(at) => {
                        params[at].1 = marker;
                        let mut seen = false;
                        params
                            .retain(|(k, _)| k != "marker" || !std::mem::replace(&mut seen, true));
                    }
                    None => params.push(("marker".into(), marker)),
                }
                body[format!("{key}_links")] = json!([{
                    "rel": "next",
                    "href": format!("{}?{}", call.collection_url(&collection), query::encode(&params)),
                }]);
            }
        }
        if self.with_count {
            body["count"] = json!(total);
        }
        Ok(body)
    }

    fn matches<T: Listed>(&self, item: &T) -> bool {
        self.filters.iter().all(|(key, wanted)| {
            let (column, like) = match key.strip_suffix('~') {
                Some(column) => (column, true),
                None => (key.as_str(), false),
            };
            match item.column(column) {
                None => false,
                Some(value) if like => value.text().to_lowercase().contains(&wanted.to_lowercase()),
                Some(value) => value.text() == *wanted,
            }
        })
    }

    fn compare(&self, a: &[Option<Column>], b: &[Option<Column>]) -> Ordering {
        for ((dir, a), b) in self.sort.iter().map(|(_, d)| d).zip(a).zip(b) {
            let order = a.cmp(b);
            let order = if *dir == Dir::Desc {
                order.reverse()
            } else {
                order
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    }
}

/// The filters left in the query: at 3.31+ a non-admin may only use the resource's own
/// (others are 400); before, a non-admin's others are dropped. `name` (and `name~` at 3.34+)
/// names the `display_name` column.
fn filters(
    call: &Call<'_>,
    resource: &Resource,
    pairs: Vec<(String, String)>,
) -> Result<Vec<(String, String)>, Fault> {
    let version = call.version;
    let mut kept = Vec::new();
    let mut invalid = Vec::new();
    for (key, value) in pairs {
        let allowed = resource.user_filters.contains(&key.as_str());
        if !call.is_admin() && !allowed {
            if version.at_least(ApiVersion::RESOURCE_FILTER) {
                invalid.push(key);
            }
            continue;
        }
        let like = key.ends_with('~');
        if like && !version.at_least(ApiVersion::LIKE_FILTER) {
            // Before like-filters, `name~` is just a column that does not exist.
            kept.push((format!("{key}!"), value));
            continue;
        }
        let key = match key.as_str() {
            "name" => "display_name".to_owned(),
            "name~" => "display_name~".to_owned(),
            "description~" => "display_description~".to_owned(),
            _ => key,
        };
        kept.push((key, value));
    }
    if !invalid.is_empty() {
        return Err(Fault::bad_request(format!(
            "Invalid filters {} are found in query options.",
            invalid.join(",")
        )));
    }
    Ok(kept)
}
