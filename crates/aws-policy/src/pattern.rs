//! IAM wildcards: `*` matches any run of characters (also none), `?` exactly one.

/// Whether `value` matches `pattern`; `ignore_case` for action names.
pub fn matches(pattern: &str, value: &str, ignore_case: bool) -> bool {
    let eq = |p: char, v: char| {
        if ignore_case {
            p.eq_ignore_ascii_case(&v)
        } else {
            p == v
        }
    };
    let pattern: Vec<char> = pattern.chars().collect();
    let value: Vec<char> = value.chars().collect();
    // Iterative matching with one backtrack point: linear in practice, never exponential.
    let (mut p, mut v) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        if p < pattern.len() && (pattern[p] == '?' || eq(pattern[p], value[v])) {
            p += 1;
            v += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, v));
            p += 1;
        } else if let Some((sp, sv)) = star {
            p = sp + 1;
            v = sv + 1;
            star = Some((sp, sv + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        assert!(matches("*", "", false));
        assert!(matches("backup:*", "backup:CopyIntoBackupVault", false));
        assert!(matches(
            "backup:Copy*Vault",
            "backup:CopyIntoBackupVault",
            false
        ));
        assert!(matches(
            "BACKUP:copyintobackupvault",
            "backup:CopyIntoBackupVault",
            true
        ));
        assert!(!matches(
            "BACKUP:copyintobackupvault",
            "backup:CopyIntoBackupVault",
            false
        ));
        assert!(matches("a?c", "abc", false));
        assert!(!matches("a?c", "ac", false));
        assert!(!matches("s3:*", "backup:CopyIntoBackupVault", false));
        assert!(matches(
            "arn:aws:backup:*:222222222222:backup-vault:*",
            "arn:aws:backup:us-east-1:222222222222:backup-vault:v",
            false
        ));
        assert!(!matches("abc", "abcd", false));
        assert!(matches(&"*a".repeat(50), &"a".repeat(60), false));
        assert!(!matches(
            &format!("{}b", "*a".repeat(50)),
            &"a".repeat(200),
            false
        ));
    }
}
