//! Keyset pagination for list operations, with opaque page tokens.
//!
//! A page token records the sort key of the last item returned, not an
//! offset, so a listing stays correct while items are created or deleted
//! between pages: every item that exists for the whole listing is returned
//! exactly once, and no item is ever returned twice. Tokens are
//! integrity-checked and bound to a caller-chosen scope (the operation and
//! its filter arguments) and to the sort order, so garbage, tampered or
//! foreign tokens are rejected with a typed error.
//!
//! This crate owns ordering, token encoding and page assembly. It must not
//! know HTTP, parameter names such as `NextToken`, or any specific service;
//! callers map [`PaginationError`] to their own error responses.
//!
//! ```
//! use std::collections::BTreeMap;
//! use aws_pagination::paginate_btree;
//!
//! let vaults: BTreeMap<String, u32> =
//!     [("a", 1), ("b", 2), ("c", 3)].map(|(k, v)| (k.to_owned(), v)).into();
//! let first = paginate_btree(&vaults, None, "ListBackupVaults", 2, |_| true).unwrap();
//! assert_eq!(first.items, [&1, &2]);
//! let token = first.next_token.as_deref();
//! let second = paginate_btree(&vaults, token, "ListBackupVaults", 2, |_| true).unwrap();
//! assert_eq!(second.items, [&3]);
//! assert_eq!(second.next_token, None);
//! ```

#![warn(missing_docs)]

mod btree;
mod checksum;
mod error;
mod order;
mod page;
mod sort_key;
mod sorted;
mod token;

pub use btree::{paginate_btree, paginate_btree_desc};
pub use error::PaginationError;
pub use order::Order;
pub use page::Page;
pub use sort_key::SortKey;
pub use sorted::paginate_sorted;
pub use token::PageToken;
