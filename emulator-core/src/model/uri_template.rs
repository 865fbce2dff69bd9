//! `requestUri` templates: `/backup-vaults/{backupVaultName}/recovery-points/{recoveryPointArn}`,
//! greedy labels (`{Key+}`) and literal query keys (`/path?delete`).

use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Label(String),
    Greedy(String),
}

/// A parsed `requestUri`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    segments: Vec<Segment>,
    /// How many path segments a request must have: exactly this many without a greedy label,
    /// at least one more than this with one. Checked before walking the segments, so that most
    /// of the operations sharing a first segment are ruled out at once.
    fixed_segments: usize,
    greedy: bool,
    /// Query parameters the template fixes: `?delete` or `?x-id=GetObject`.
    query: Vec<(String, Option<String>)>,
}

/// A request path matched against a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathMatch<'t, 'p> {
    /// `(label name, raw percent-encoded value)` in template order: the request's own segment,
    /// or for a greedy label its segments joined.
    pub labels: Vec<(&'t str, Cow<'p, str>)>,
    /// How specific the template is: literal segments and literal query keys count, so that
    /// `/plans/templates` wins over `/plans/{id}`.
    pub specificity: usize,
}

/// A `requestUri` that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError(String);

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad requestUri {}", self.0)
    }
}

/// Splits a path into its segments, ignoring one trailing slash: AWS accepts both
/// `/backup/plans/{id}` and `/backup/plans/{id}/`.
pub(crate) fn path_segments(path: &str) -> Vec<&str> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    }
}

impl UriTemplate {
    /// Parses a template.
    pub fn parse(uri: &str) -> Result<Self, TemplateError> {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let segments = path_segments(path)
            .into_iter()
            .map(
                |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(label) if label.is_empty() || label.contains(['{', '}']) => {
                        Err(TemplateError(uri.to_owned()))
                    }
                    Some(label) => Ok(match label.strip_suffix('+') {
                        Some(greedy) => Segment::Greedy(greedy.to_owned()),
                        None => Segment::Label(label.to_owned()),
                    }),
                    None if segment.contains(['{', '}']) => Err(TemplateError(uri.to_owned())),
                    None => Ok(Segment::Literal(segment.to_owned())),
                },
            )
            .collect::<Result<Vec<_>, _>>()?;
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
                None => (pair.to_owned(), None),
            })
            .collect();
        let greedy = segments.iter().any(|s| matches!(s, Segment::Greedy(_)));
        let fixed_segments = segments.len() - usize::from(greedy);
        Ok(Self {
            segments,
            fixed_segments,
            greedy,
            query,
        })
    }

    /// The names of the template's labels.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Label(name) | Segment::Greedy(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The first segment, when it is a literal.
    pub fn first_literal(&self) -> Option<&str> {
        match self.segments.first() {
            Some(Segment::Literal(literal)) => Some(literal),
            _ => None,
        }
    }

    /// Matches request path segments (still percent-encoded) and query pairs (decoded).
    pub fn matches<'p>(
        &self,
        path: &[&'p str],
        query: &[(String, String)],
    ) -> Option<PathMatch<'_, 'p>> {
        let mut labels = Vec::new();
        let specificity = self.walk(path, query, |name, taken| {
            let raw = match taken {
                [one] => Cow::Borrowed(*one),
                many => Cow::Owned(many.join("/")),
            };
            labels.push((name, raw));
        })?;
        Some(PathMatch {
            labels,
            specificity,
        })
    }

    /// The specificity [`UriTemplate::matches`] would report, without binding any label: the
    /// cheap test for picking one operation among many.
    pub fn specificity(&self, path: &[&str], query: &[(String, String)]) -> Option<usize> {
        self.walk(path, query, |_, _| {})
    }

    /// Walks the template over the request, handing each label the segments it takes.
    fn walk<'t, 'p>(
        &'t self,
        path: &[&'p str],
        query: &[(String, String)],
        mut label: impl FnMut(&'t str, &[&'p str]),
    ) -> Option<usize> {
        let fits = if self.greedy {
            path.len() > self.fixed_segments
        } else {
            path.len() == self.fixed_segments
        };
        if !fits {
            return None;
        }
        let mut specificity = 0;
        let mut rest = path;
        for (index, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Literal(literal) => {
                    let (first, tail) = rest.split_first()?;
                    if first != literal {
                        return None;
                    }
                    specificity += 1;
                    rest = tail;
                }
                Segment::Label(name) => {
                    let (first, tail) = rest.split_first()?;
                    if first.is_empty() {
                        return None;
                    }
                    label(name.as_str(), &rest[..1]);
                    rest = tail;
                }
                Segment::Greedy(name) => {
                    // A greedy label takes everything up to the literal segments that follow it.
                    let after = self.segments.len() - index - 1;
                    if rest.len() <= after {
                        return None;
                    }
                    let (taken, tail) = rest.split_at(rest.len() - after);
                    label(name.as_str(), taken);
                    rest = tail;
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        for (key, value) in &self.query {
            let present = query
                .iter()
                .any(|(k, v)| k == key && value.as_ref().is_none_or(|expected| expected == v));
            if !present {
                return None;
            }
            specificity += 1;
        }
        Some(specificity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(path: &str) -> Vec<&str> {
        path_segments(path)
    }

    #[test]
    fn literal_and_label_segments_match() {
        let t = UriTemplate::parse("/backup-vaults/{backupVaultName}").unwrap();
        let m = t.matches(&segs("/backup-vaults/my-vault"), &[]).unwrap();
        assert_eq!(
            m.labels,
            vec![("backupVaultName", Cow::Borrowed("my-vault"))]
        );
        assert_eq!(m.specificity, 1);
        assert!(t.matches(&segs("/backup-vaults/my-vault/"), &[]).is_some());
        assert!(t.matches(&segs("/backup-vaults"), &[]).is_none());
        assert!(t.matches(&segs("/backup-vaults/a/b"), &[]).is_none());
        assert!(t.matches(&segs("/backup-vaults//"), &[]).is_none());
        assert_eq!(
            t.specificity(&segs("/backup-vaults/my-vault"), &[]),
            Some(1)
        );
        assert_eq!(t.specificity(&segs("/backup-vaults/a/b"), &[]), None);
    }

    #[test]
    fn trailing_slash_in_template_is_optional() {
        let t = UriTemplate::parse("/backup/plans/{backupPlanId}/").unwrap();
        assert!(t.matches(&segs("/backup/plans/abc"), &[]).is_some());
        assert!(t.matches(&segs("/backup/plans/abc/"), &[]).is_some());
    }

    #[test]
    fn encoded_arns_stay_one_segment() {
        let t = UriTemplate::parse("/tags/{resourceArn}").unwrap();
        let m = t
            .matches(
                &segs("/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A1%3Abackup-vault%3Av"),
                &[],
            )
            .unwrap();
        assert_eq!(
            m.labels[0].1,
            "arn%3Aaws%3Abackup%3Aus-east-1%3A1%3Abackup-vault%3Av"
        );
    }

    #[test]
    fn greedy_labels_take_the_middle() {
        let t = UriTemplate::parse("/{Bucket}/{Key+}/acl").unwrap();
        let m = t.matches(&segs("/b/a/b/c/acl"), &[]).unwrap();
        assert_eq!(m.labels[1], ("Key", Cow::Owned("a/b/c".to_owned())));
        assert!(t.matches(&segs("/b/acl"), &[]).is_none());
    }

    #[test]
    fn literal_query_keys_are_required_and_add_specificity() {
        let t = UriTemplate::parse("/things/{id}?delete").unwrap();
        assert!(t.matches(&segs("/things/1"), &[]).is_none());
        let query = [("delete".to_owned(), String::new())];
        assert_eq!(
            t.matches(&segs("/things/1"), &query).unwrap().specificity,
            2
        );
        let t = UriTemplate::parse("/x?x-id=Get").unwrap();
        assert!(t
            .matches(&segs("/x"), &[("x-id".into(), "Put".into())])
            .is_none());
        assert!(t
            .matches(&segs("/x"), &[("x-id".into(), "Get".into())])
            .is_some());
    }

    #[test]
    fn malformed_templates_are_rejected() {
        assert!(UriTemplate::parse("/a/{}").is_err());
        assert!(UriTemplate::parse("/a/{b").is_err());
        assert!(UriTemplate::parse("/a/x{b}").is_err());
    }

    #[test]
    fn labels_are_listed_in_order() {
        let t = UriTemplate::parse("/a/{x}/b/{y+}").unwrap();
        assert_eq!(t.labels().collect::<Vec<_>>(), ["x", "y"]);
    }
}
