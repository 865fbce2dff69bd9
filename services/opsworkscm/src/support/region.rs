//! The unit of isolation.

/// An (account id, region) pair: the unit of isolation.
pub type RegionKey = (String, String);
