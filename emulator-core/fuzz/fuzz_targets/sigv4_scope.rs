//! The SigV4 credential scope parsers: any `Authorization` header value, and any presigned
//! query, gives a scope or a `ScopeError`, never a panic.

#![no_main]

use emulator_core::protocol::parse_query;
use emulator_core::sigv4;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = sigv4::from_authorization(&text);
    if let Ok(query) = parse_query(Some(&text)) {
        let _ = sigv4::from_query(&query);
    }
});
