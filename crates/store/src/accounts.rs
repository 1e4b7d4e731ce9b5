//! The accounts of a shared library (`aktenscan serve`): who signs in, with which role and
//! clearance. Passwords are kept only as argon2id hashes made by `aktenscan-access`; an account
//! of the town hall's directory (LDAP) keeps none.

use crate::{now_utc, Library, Result, StoreError};
use aktenscan_model::{AuditAction, Clearance, Role};
use rusqlite::{params, OptionalExtension, Row};

/// One account.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub name: String,
    pub role: Role,
    /// The argon2id hash (PHC string); `None` for an account that signs in by the directory.
    pub password_hash: Option<String>,
    pub clearance: Clearance,
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

fn account_of(r: &Row) -> rusqlite::Result<AccountRow> {
    let conv = |e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e)
    };
    let role: String = r.get("role")?;
    let clearance: String = r.get("clearance")?;
    Ok(AccountRow {
        name: r.get("name")?,
        role: role.parse().map_err(|e| conv(Box::new(e)))?,
        password_hash: r.get("password_hash")?,
        clearance: serde_json::from_str(&clearance).map_err(|e| conv(Box::new(e)))?,
        disabled: r.get::<_, i64>("disabled")? != 0,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

thread_local! {
    static ACTING: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `name` as the actor of every audit entry it writes on this thread (a server's
/// request runs as its signed-in person, not as the operating-system user of the process).
pub fn acting_as<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let before = ACTING.with(|a| a.replace(Some(name.to_string())));
    let out = f();
    ACTING.with(|a| *a.borrow_mut() = before);
    out
}

/// The actor set by [`acting_as`] on this thread, if any.
pub(crate) fn acting() -> Option<String> {
    ACTING.with(|a| a.borrow().clone())
}

impl Library {
    /// The account of this name (names are compared as typed, trimmed and lower-cased).
    pub fn account(&self, name: &str) -> Result<Option<AccountRow>> {
        Ok(self
            .db
            .prepare_cached("SELECT * FROM accounts WHERE name = ?1")?
            .query_row(params![normal_name(name)], account_of)
            .optional()?)
    }

    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<AccountRow>> {
        let mut stmt = self.db.prepare("SELECT * FROM accounts ORDER BY name")?;
        let rows = stmt.query_map([], account_of)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Creates or changes an account, with an `account.update` audit entry (never the hash).
    /// `password_hash: None` keeps the stored hash of an existing account.
    pub fn save_account(
        &mut self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
        clearance: &Clearance,
        disabled: bool,
    ) -> Result<AccountRow> {
        let name = checked_name(name)?;
        let now = now_utc();
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO accounts (name, role, password_hash, clearance, disabled, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT (name) DO UPDATE SET role = excluded.role,
                 password_hash = COALESCE(excluded.password_hash, accounts.password_hash),
                 clearance = excluded.clearance, disabled = excluded.disabled,
                 updated_at = excluded.updated_at",
            params![
                name,
                role.code(),
                password_hash,
                serde_json::to_string(clearance)?,
                disabled as i64,
                now
            ],
        )?;
        crate::audit::append(
            &tx,
            AuditAction::AccountUpdate,
            &format!("account:{name}"),
            &serde_json::json!({
                "role": role.code(),
                "clearance": clearance,
                "disabled": disabled,
                "password_changed": password_hash.is_some(),
            }),
        )?;
        let row = tx.query_row(
            "SELECT * FROM accounts WHERE name = ?1",
            params![name],
            account_of,
        )?;
        tx.commit()?;
        Ok(row)
    }
}

/// A name an account may have, normalised; refused in German otherwise.
fn checked_name(name: &str) -> Result<String> {
    let name = normal_name(name);
    if name.is_empty()
        || name.chars().count() > 128
        || name
            .chars()
            .any(|c| c.is_control() || c == '/' || c == '\\')
    {
        return Err(StoreError::Invalid(format!(
            "Kontoname „{name}“: 1 bis 128 Zeichen, ohne Schrägstriche und Steuerzeichen"
        )));
    }
    Ok(name)
}

impl Library {
    /// Keeps a person the directory signed in as her account: created without a password, or
    /// its role and clearance set as her groups give them now, with an `account.update` entry
    /// when anything changed. A local account of that name (one with a password) is never
    /// touched, nor is a lock undone. Returns whether anything was written.
    pub fn keep_directory_account(
        &mut self,
        name: &str,
        role: Role,
        clearance: &Clearance,
    ) -> Result<bool> {
        let name = checked_name(name)?;
        let now = now_utc();
        let clearance_json = serde_json::to_string(clearance)?;
        let tx = self.db.transaction()?;
        // One statement, so that a local account made meanwhile by another connection is seen.
        let written = tx.execute(
            "INSERT INTO accounts (name, role, password_hash, clearance, disabled, created_at, updated_at)
             VALUES (?1, ?2, NULL, ?3, 0, ?4, ?4)
             ON CONFLICT (name) DO UPDATE SET role = excluded.role,
                 clearance = excluded.clearance, updated_at = excluded.updated_at
             WHERE accounts.password_hash IS NULL
               AND (accounts.role <> excluded.role OR accounts.clearance <> excluded.clearance)",
            params![name, role.code(), clearance_json, now],
        )?;
        if written > 0 {
            crate::audit::append(
                &tx,
                AuditAction::AccountUpdate,
                &format!("account:{name}"),
                &serde_json::json!({
                    "role": role.code(),
                    "clearance": clearance,
                    "directory": true,
                }),
            )?;
        }
        tx.commit()?;
        Ok(written > 0)
    }
}

/// Account names are matched trimmed, in Unicode's composed form (NFC) and lower-cased:
/// `Schmidt` and `schmidt` are one person, and so are „Müller“ typed with a composed `ü` and
/// with `u` and a combining diaeresis.
pub fn normal_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.trim().nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::Scope;

    #[test]
    fn an_account_is_kept_changed_and_audited_without_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let clearance = Clearance {
            scope: Scope::Granted {
                offices: vec!["Bauamt".into()],
                units: vec!["63".into()],
            },
            ..Clearance::nothing()
        };
        lib.save_account(
            " Schmidt ",
            Role::Leser,
            Some("$argon2id$x"),
            &clearance,
            false,
        )
        .unwrap();
        let a = lib.account("SCHMIDT").unwrap().unwrap();
        assert_eq!((a.name.as_str(), a.role), ("schmidt", Role::Leser));
        assert_eq!(a.password_hash.as_deref(), Some("$argon2id$x"));
        assert_eq!(a.clearance, clearance);
        // A change without a new password keeps the hash.
        lib.save_account("schmidt", Role::Archivar, None, &clearance, true)
            .unwrap();
        let a = lib.account("schmidt").unwrap().unwrap();
        assert_eq!(a.password_hash.as_deref(), Some("$argon2id$x"));
        assert!(a.disabled && a.role == Role::Archivar);
        let log = lib.audit_entries().unwrap();
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|e| !e.details.contains("argon2")));
        assert!(lib
            .save_account("a/b", Role::Leser, None, &clearance, false)
            .is_err());
        assert!(lib.account("nobody").unwrap().is_none());
    }

    #[test]
    fn a_name_composed_or_decomposed_is_one_account() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let composed = "M\u{fc}ller";
        let decomposed = "mu\u{308}ller ";
        lib.save_account(composed, Role::Leser, None, &Clearance::nothing(), false)
            .unwrap();
        let found = lib.account(decomposed).unwrap().expect("the same account");
        assert_eq!(found.name, "m\u{fc}ller");
        assert_eq!(lib.accounts().unwrap().len(), 1);
    }

    #[test]
    fn a_directory_sign_in_never_touches_a_local_account_nor_undoes_a_lock() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let narrow = Clearance::nothing();
        let wide = Clearance {
            scope: Scope::Everything,
            ..Clearance::nothing()
        };
        let entries = |lib: &Library| lib.audit_entries().unwrap().len();
        // New, then the same groups again (nothing written), then other groups.
        assert!(lib
            .keep_directory_account("Krause", Role::Leser, &narrow)
            .unwrap());
        let logged = entries(&lib);
        assert!(!lib
            .keep_directory_account("krause", Role::Leser, &narrow)
            .unwrap());
        assert_eq!(entries(&lib), logged);
        assert!(lib
            .keep_directory_account("krause", Role::Archivar, &wide)
            .unwrap());
        // A lock set here stays.
        lib.save_account("krause", Role::Archivar, None, &wide, true)
            .unwrap();
        lib.keep_directory_account("krause", Role::Leser, &narrow)
            .unwrap();
        assert!(lib.account("krause").unwrap().unwrap().disabled);
        // A local account of the name (made meanwhile) keeps its role, grant and password.
        lib.save_account("meier", Role::Leser, Some("$argon2id$x"), &narrow, false)
            .unwrap();
        assert!(!lib
            .keep_directory_account("meier", Role::Administrator, &wide)
            .unwrap());
        let meier = lib.account("meier").unwrap().unwrap();
        assert_eq!((meier.role, meier.clearance), (Role::Leser, narrow));
        assert_eq!(meier.password_hash.as_deref(), Some("$argon2id$x"));
    }

    #[test]
    fn a_request_writes_the_log_as_its_signed_in_person() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        acting_as("schmidt", || {
            lib.audit(AuditAction::PageView, "doc/1", &serde_json::json!({}))
        })
        .unwrap();
        lib.audit(AuditAction::PageView, "doc/1", &serde_json::json!({}))
            .unwrap();
        let log = lib.audit_entries().unwrap();
        assert_eq!(log[0].actor, "schmidt");
        assert_ne!(log[1].actor, "schmidt");
    }
}
