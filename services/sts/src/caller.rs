//! Who is calling STS: a long-term key (the account's root, as the emulator treats every
//! long-term key) or a session STS issued.

use emulator_core::RequestContext;

use crate::sessions::Session;
use crate::store::Store;

/// The principal a request was signed as.
pub enum Caller {
    /// A long-term access key (or an unsigned call): the root of `ctx.account_id`.
    LongTerm,
    /// A temporary key from one of our sessions.
    Session(Box<Session>),
}

impl Caller {
    /// The caller of `ctx`.
    pub fn of(ctx: &RequestContext, store: &Store) -> Self {
        match ctx
            .temporary_access_key_id
            .as_deref()
            .and_then(|key| store.get(key))
        {
            Some(session) => Self::Session(Box::new(session)),
            None => Self::LongTerm,
        }
    }

    /// The caller's ARN: `arn:aws:iam::ACCOUNT:root` for long-term keys.
    pub fn arn(&self, ctx: &RequestContext) -> String {
        match self {
            Self::LongTerm => format!(
                "arn:{}:iam::{}:root",
                aws_arn::partition_for_region(&ctx.region),
                ctx.account_id
            ),
            Self::Session(session) => session.credential.principal_arn.clone(),
        }
    }

    /// The caller's unique id (`aws:userid`): the account id for the root.
    pub fn user_id(&self, ctx: &RequestContext) -> String {
        match self {
            Self::LongTerm => ctx.account_id.clone(),
            Self::Session(session) => session.credential.user_id.clone(),
        }
    }

    /// The session, for temporary callers.
    pub fn session(&self) -> Option<&Session> {
        match self {
            Self::LongTerm => None,
            Self::Session(session) => Some(session),
        }
    }
}
