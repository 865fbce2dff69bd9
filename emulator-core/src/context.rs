//! The per-request context every handler receives: who is calling, where, and under which id.

/// Identity and placement of one request, derived by the gateway from the SigV4 credential
/// scope (or configured defaults). Services key all state by `(account_id, region)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    /// 12-digit account id: the access key id when it is 12 digits, else the configured default.
    pub account_id: String,
    /// Region from the credential scope, else the configured default.
    pub region: String,
    /// The `x-amzn-RequestId` echoed on the response.
    pub request_id: String,
    /// The access key id, when the request was signed with temporary credentials a service
    /// issued ([`crate::CredentialRegistry`]); `None` for long-term keys and unsigned calls
    /// (so ordinary requests allocate nothing for it).
    pub temporary_access_key_id: Option<String>,
}

impl RequestContext {
    /// A context for tests and internal callers (the scheduler acts on behalf of an account).
    pub fn new(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
            region: region.into(),
            request_id: uuid::Uuid::new_v4().to_string(),
            temporary_access_key_id: None,
        }
    }

    /// The same context as signed with the temporary key `access_key_id`.
    pub fn with_temporary_access_key(mut self, access_key_id: impl Into<String>) -> Self {
        self.temporary_access_key_id = Some(access_key_id.into());
        self
    }
}
