//! [`Rare`]: a record's members that most records of its kind leave empty, kept behind one
//! pointer so that a common record pays 8 bytes for all of them.
//!
//! A million recovery points with their jobs are held in memory (issue 20: at most 1 KB each);
//! status messages, copy sources, composite membership, deletion dates and the like are set on
//! few of them, and inline they weighed more than the members every record has.

use std::fmt;
use std::ops::{Deref, DerefMut};

/// A group of members that most records leave empty, with the empty group every record without
/// them reads. Implemented by the groups (`RarePointMembers`, `RareJobMembers`).
pub trait RareMembers: Default + PartialEq + 'static {
    /// The empty group, which a record without any of the members reads.
    fn none() -> &'static Self;
}

/// The members of group `T`, allocated only once one of them is set. It reads as `T` (the empty
/// group when none is set); writing through it (`point.rare.status_message = …`) allocates the
/// group on first write. Two values compare by what they read, so a group that was allocated
/// and emptied again equals one that never was.
#[derive(Clone)]
pub struct Rare<T>(Option<Box<T>>);

impl<T> Default for Rare<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: RareMembers> Rare<T> {
    /// `members`, allocated only when one of them is set.
    pub fn new(members: T) -> Self {
        if members == T::default() {
            Self(None)
        } else {
            Self(Some(Box::new(members)))
        }
    }

    /// Whether no member is set.
    pub fn is_empty(&self) -> bool {
        self.0
            .as_deref()
            .is_none_or(|members| *members == T::default())
    }
}

impl<T: RareMembers> Deref for Rare<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or_else(|| T::none())
    }
}

impl<T: RareMembers> DerefMut for Rare<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T: RareMembers> PartialEq for Rare<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: RareMembers + fmt::Debug> fmt::Debug for Rare<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Notes {
        message: Option<String>,
    }

    static NO_NOTES: Notes = Notes { message: None };

    impl RareMembers for Notes {
        fn none() -> &'static Self {
            &NO_NOTES
        }
    }

    #[test]
    fn reads_as_empty_until_written_and_compares_by_content() {
        let mut rare: Rare<Notes> = Rare::default();
        assert!(rare.is_empty() && rare.message.is_none() && rare.0.is_none());
        rare.message = Some("m".to_owned());
        assert_eq!(rare.message.as_deref(), Some("m"));
        assert_ne!(rare, Rare::default());
        rare.message = None;
        assert!(rare.is_empty());
        assert_eq!(rare, Rare::default(), "an emptied group equals no group");
        assert!(Rare::new(Notes::default()).0.is_none());
        assert_eq!(std::mem::size_of::<Rare<Notes>>(), 8);
    }
}
