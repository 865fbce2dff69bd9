//! The page's files, compiled into the binary as static bytes (nothing is copied to the heap
//! to serve them) and served as they are committed in `ui/`: plain ES modules and CSS, no
//! build step, nothing fetched from anywhere else.

use std::sync::OnceLock;

/// One file of the page.
pub(crate) struct Asset {
    /// The name under `/_floci/ui/`.
    pub name: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes, in the binary.
    pub bytes: &'static [u8],
    etag: OnceLock<String>,
}

impl Asset {
    const fn new(name: &'static str, content_type: &'static str, bytes: &'static [u8]) -> Self {
        Self {
            name,
            content_type,
            bytes,
            etag: OnceLock::new(),
        }
    }

    /// A strong validator of the bytes, computed the first time the file is served.
    pub fn etag(&self) -> &str {
        self.etag.get_or_init(|| etag_of(self.bytes))
    }
}

/// The validator of a body: its 128-bit xxHash3, quoted as an entity tag.
pub(crate) fn etag_of(bytes: &[u8]) -> String {
    format!("\"{:032x}\"", twox_hash::XxHash3_128::oneshot(bytes))
}

const JS: &str = "text/javascript; charset=utf-8";

/// Every file of the page.
pub(crate) static ASSETS: [Asset; 8] = [
    Asset::new(
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("ui/index.html"),
    ),
    Asset::new(
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("ui/style.css"),
    ),
    Asset::new("app.js", JS, include_bytes!("ui/app.js")),
    Asset::new("api.js", JS, include_bytes!("ui/api.js")),
    Asset::new("tables.js", JS, include_bytes!("ui/tables.js")),
    Asset::new("timeline.js", JS, include_bytes!("ui/timeline.js")),
    Asset::new("clock.js", JS, include_bytes!("ui/clock.js")),
    Asset::new("format.js", JS, include_bytes!("ui/format.js")),
];

/// The size budget of all files together (docs/ui.md): the page stays small enough to read
/// in a review and costs the binary little.
#[cfg(test)]
pub(crate) const BUDGET_BYTES: usize = 150 * 1024;

/// The file named `name`, if the page has one.
pub(crate) fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_together_fits_the_budget() {
        let total: usize = ASSETS.iter().map(|asset| asset.bytes.len()).sum();
        assert!(
            total <= BUDGET_BYTES,
            "the dashboard's files take {total} bytes, over the {BUDGET_BYTES}-byte budget"
        );
    }

    #[test]
    fn nothing_is_loaded_from_elsewhere() {
        for asset in &ASSETS {
            let text = std::str::from_utf8(asset.bytes).expect("text files");
            for outside in ["http://", "https://", "//cdn", "@import", "url(http"] {
                // The SVG namespace is an identifier, not a fetch.
                let found = text
                    .match_indices(outside)
                    .any(|(at, _)| !text[at..].starts_with("http://www.w3.org/2000/svg"));
                assert!(!found, "{} refers to {outside}", asset.name);
            }
        }
    }

    #[test]
    fn every_module_the_page_imports_is_served() {
        for asset in &ASSETS {
            let text = std::str::from_utf8(asset.bytes).expect("text files");
            for line in text.lines() {
                let Some(from) = line
                    .trim()
                    .strip_prefix("import ")
                    .and_then(|l| l.split("from \"./").nth(1))
                else {
                    continue;
                };
                let name = from.split('"').next().unwrap_or_default();
                assert!(
                    find(name).is_some(),
                    "{} imports {name}, which is not served",
                    asset.name
                );
            }
        }
        let index = std::str::from_utf8(find("index.html").unwrap().bytes).unwrap();
        for referenced in ["style.css", "app.js"] {
            assert!(index.contains(referenced));
        }
    }

    #[test]
    fn entity_tags_differ_with_the_bytes() {
        assert_ne!(etag_of(b"a"), etag_of(b"b"));
        assert_eq!(etag_of(b"a"), etag_of(b"a"));
        assert!(find("index.html").unwrap().etag().starts_with('"'));
        assert!(find("../secret").is_none());
    }
}
