//! Signing in to a shared library: argon2id passwords, sessions that expire, and a limit on
//! failed sign-ins. What a signed-in person may see is her account's
//! [`Clearance`](aktenscan_model::Clearance); this crate only says who she is.

use aktenscan_model::{Clearance, Role};
use aktenscan_store::{AccountRow, Library};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod directory;
pub use directory::{DirectoryPerson, DirectorySettings, GroupGrant, DIRECTORY_FILE};

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// Unknown name or wrong password: one message for both, so a name cannot be probed.
    #[error("Anmeldung fehlgeschlagen: Name oder Passwort falsch")]
    Refused,
    #[error("zu viele fehlgeschlagene Anmeldungen: in {0} s wieder versuchen")]
    Throttled(u64),
    #[error("das Passwort muss mindestens {MIN_PASSWORD} Zeichen haben")]
    WeakPassword,
    #[error("password hash: {0}")]
    Hash(String),
    /// The directory cannot be reached or refuses the service account (not the person's fault).
    #[error("{0}")]
    Directory(String),
    #[error(transparent)]
    Store(#[from] aktenscan_store::StoreError),
}

pub type Result<T> = std::result::Result<T, AccessError>;

/// The shortest password an account may get.
pub const MIN_PASSWORD: usize = 10;

/// The argon2id hash (PHC string, with its own random salt) of a new password.
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccessError::WeakPassword);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccessError::Hash(e.to_string()))
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// How long a session lives, and how many failed sign-ins a name or an address may have.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// A session ends this long after its last request.
    pub idle: Duration,
    /// ... and at the latest this long after the sign-in.
    pub lifetime: Duration,
    /// Failed sign-ins allowed per name within `window` ...
    pub failures: u32,
    /// ... and per client address (higher: a town hall's desks may share one address behind a
    /// proxy).
    pub failures_per_address: u32,
    pub window: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            idle: Duration::from_secs(30 * 60),
            lifetime: Duration::from_secs(10 * 60 * 60),
            failures: 5,
            failures_per_address: 50,
            window: Duration::from_secs(5 * 60),
        }
    }
}

/// A signed-in person. The account itself is read again on each request, so that a disabled
/// account or a narrowed clearance takes effect at once.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: String,
    /// Sent back with every changing request (header), so another site cannot make one.
    pub csrf: String,
    started: Instant,
    last: Instant,
    /// The password the session was opened with (its hash's fingerprint; `None` for a
    /// directory sign-in): once the account's password is another, by whatever way it was
    /// set (the API, the console's `aktenscan account set`), the session is over.
    credential: Option<String>,
}

/// What a session keeps of the password it was opened with (never the hash itself).
fn credential(hash: Option<&str>) -> Option<String> {
    hash.map(|h| hex::encode(Sha256::digest(h.as_bytes())))
}

/// What a request may do: the account's role and clearance, as stored now.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub role: Role,
    pub clearance: Clearance,
    pub csrf: String,
}

/// The sessions and failed sign-ins of one server process (kept in memory: a restart signs
/// everybody out).
pub struct Gate {
    policy: Policy,
    /// By the SHA-256 of the token: the tokens themselves are kept nowhere.
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
    /// A hash to check a password against when the name is unknown, so that both take as long.
    decoy: String,
    /// The town hall's directory, for names without a local password.
    directory: Option<DirectorySettings>,
}

/// A successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The session token (cookie or `Authorization: Bearer`).
    pub token: String,
    pub session: Session,
    /// For a directory sign-in: the role and clearance her groups give now, for the caller to
    /// keep as her account before the next request (`Workspace::sign_in` does).
    pub from_directory: Option<DirectoryPerson>,
}

fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn key(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Gate {
    pub fn new(policy: Policy) -> Result<Gate> {
        Ok(Gate {
            policy,
            sessions: Mutex::default(),
            failures: Mutex::default(),
            decoy: hash_password(&token())?,
            directory: None,
        })
    }

    /// Whether the town hall's directory knows a person of this name (`false` without a
    /// directory); an error when it cannot be asked.
    pub fn directory_knows(&self, name: &str) -> Result<bool> {
        match &self.directory {
            Some(directory) => directory.knows(name),
            None => Ok(false),
        }
    }

    /// Signs in names without a local password against this directory.
    pub fn with_directory(mut self, directory: Option<DirectorySettings>) -> Gate {
        self.directory = directory;
        self
    }

    /// Signs in with a local account's password, or, for a name without one, against the
    /// directory; `from` is the client's address. (The caller logs the attempt:
    /// `Workspace::sign_in` does.)
    pub fn sign_in(
        &self,
        lib: &Library,
        name: &str,
        password: &str,
        from: &str,
    ) -> Result<SignedIn> {
        let name = aktenscan_store::normal_name(name);
        let mut from_directory = None;
        let mut opened_with = None;
        self.counted(&name, from, || {
            let account = lib.account(&name)?;
            let local = account.as_ref().and_then(|a| a.password_hash.as_deref());
            let disabled = account.as_ref().is_some_and(|a| a.disabled);
            opened_with = credential(local);
            Ok(match (local, &self.directory) {
                (Some(hash), _) => verify_password(hash, password) && !disabled,
                (None, Some(directory)) if !disabled => {
                    from_directory = directory.authenticate(&name, password)?;
                    from_directory.is_some()
                }
                _ => {
                    verify_password(&self.decoy, password);
                    false
                }
            })
        })?;
        let now = Instant::now();
        let session = Session {
            account: name,
            csrf: token(),
            started: now,
            last: now,
            credential: opened_with,
        };
        let token = token();
        self.lock_sessions().insert(key(&token), session.clone());
        Ok(SignedIn {
            token,
            session,
            from_directory,
        })
    }

    /// The person behind a session token, as her account stands now; `None` for an unknown,
    /// expired or ended session, a disabled or deleted account, or one whose password is no
    /// longer the one the session was opened with (such a session ends for good).
    pub fn person(&self, lib: &Library, token: &str) -> Result<Option<Person>> {
        let now = Instant::now();
        let session = {
            let mut sessions = self.lock_sessions();
            let k = key(token);
            let Some(s) = sessions.get_mut(&k) else {
                return Ok(None);
            };
            if now.duration_since(s.last) > self.policy.idle
                || now.duration_since(s.started) > self.policy.lifetime
            {
                sessions.remove(&k);
                return Ok(None);
            }
            s.last = now;
            s.clone()
        };
        let account = lib.account(&session.account)?.filter(|a: &AccountRow| {
            !a.disabled && credential(a.password_hash.as_deref()) == session.credential
        });
        if account.is_none() {
            self.sign_out(token);
        }
        Ok(account.map(|a| Person {
            name: a.name,
            role: a.role,
            clearance: a.clearance,
            csrf: session.csrf,
        }))
    }

    /// Ends a session (Abmelden).
    pub fn sign_out(&self, token: &str) {
        self.lock_sessions().remove(&key(token));
    }

    /// Ends every session of an account (locked, or its password changed) at once.
    pub fn end_sessions_of(&self, account: &str) {
        let account = aktenscan_store::normal_name(account);
        self.lock_sessions().retain(|_, s| s.account != account);
    }

    /// She changed her own password to the one of `new_hash`: her other sessions end, the one
    /// of `keep` (this desk) goes on with the new password.
    pub fn password_changed(&self, account: &str, keep: &str, new_hash: &str) {
        let account = aktenscan_store::normal_name(account);
        let keep = key(keep);
        let mut sessions = self.lock_sessions();
        sessions.retain(|k, s| s.account != account || *k == keep);
        if let Some(s) = sessions.get_mut(&keep) {
            s.credential = credential(Some(new_hash));
        }
    }

    /// Checks a local account's present password before it is changed, counted and limited
    /// like a sign-in (a stolen session cannot guess it).
    pub fn confirm_password(
        &self,
        lib: &Library,
        name: &str,
        password: &str,
        from: &str,
    ) -> Result<()> {
        let name = aktenscan_store::normal_name(name);
        self.counted(&name, from, || {
            let account = lib.account(&name)?;
            Ok(
                match account.as_ref().and_then(|a| a.password_hash.as_deref()) {
                    Some(hash) => verify_password(hash, password),
                    None => {
                        verify_password(&self.decoy, password);
                        false
                    }
                },
            )
        })
    }

    /// One password check of `name` (normalised) from the address `from`, counted against the
    /// limits: refused at once while throttled; a failure counts for the name and the address.
    fn counted(&self, name: &str, from: &str, check: impl FnOnce() -> Result<bool>) -> Result<()> {
        let keys = [format!("name:{name}"), format!("addr:{from}")];
        if let Some(wait) = self.throttled(&keys) {
            return Err(AccessError::Throttled(wait.as_secs().max(1)));
        }
        if !check()? {
            self.fail(&keys);
            return Err(AccessError::Refused);
        }
        self.forgive(&keys);
        Ok(())
    }

    fn lock_sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn throttled(&self, keys: &[String]) -> Option<Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .filter_map(|k| Some((k, failures.get(k)?)))
            .filter(|(k, (n, since))| {
                let limit = if k.starts_with("addr:") {
                    self.policy.failures_per_address
                } else {
                    self.policy.failures
                };
                *n >= limit && since.elapsed() < self.policy.window
            })
            .map(|(_, v)| v)
            .map(|(_, since)| self.policy.window.saturating_sub(since.elapsed()))
            .max()
    }

    fn fail(&self, keys: &[String]) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            let entry = failures.entry(k.clone()).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= self.policy.window {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
    }

    fn forgive(&self, keys: &[String]) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(name) = keys.first() {
            failures.remove(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library_with_reader() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let hash = hash_password("geheim-genug-1").unwrap();
        lib.save_account(
            "schmidt",
            Role::Leser,
            Some(&hash),
            &Clearance::nothing(),
            false,
        )
        .unwrap();
        (dir, lib)
    }

    #[test]
    fn a_password_is_kept_as_argon2id_and_checked() {
        let hash = hash_password("geheim-genug-1").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "geheim-genug-1"));
        assert!(!verify_password(&hash, "geheim-genug-2"));
        assert!(matches!(
            hash_password("kurz"),
            Err(AccessError::WeakPassword)
        ));
    }

    #[test]
    fn sign_in_gives_a_session_that_sign_out_ends() {
        let (_dir, lib) = library_with_reader();
        let gate = Gate::new(Policy::default()).unwrap();
        let token = gate
            .sign_in(&lib, "Schmidt", "geheim-genug-1", "127.0.0.1")
            .unwrap()
            .token;
        let person = gate.person(&lib, &token).unwrap().unwrap();
        assert_eq!(
            (person.name.as_str(), person.role),
            ("schmidt", Role::Leser)
        );
        assert!(gate.person(&lib, "falsch").unwrap().is_none());
        gate.sign_out(&token);
        assert!(gate.person(&lib, &token).unwrap().is_none());
    }

    #[test]
    fn wrong_passwords_are_refused_alike_and_then_throttled() {
        let (_dir, lib) = library_with_reader();
        let gate = Gate::new(Policy::default()).unwrap();
        let unknown = gate.sign_in(&lib, "niemand", "x", "10.0.0.1").unwrap_err();
        let wrong = gate.sign_in(&lib, "schmidt", "x", "10.0.0.2").unwrap_err();
        assert_eq!(unknown.to_string(), wrong.to_string());
        for _ in 0..4 {
            assert!(matches!(
                gate.sign_in(&lib, "schmidt", "x", "10.0.0.3"),
                Err(AccessError::Refused)
            ));
        }
        // The sixth attempt on the name is throttled, even with the right password.
        assert!(matches!(
            gate.sign_in(&lib, "schmidt", "geheim-genug-1", "10.0.0.4"),
            Err(AccessError::Throttled(_))
        ));
    }

    #[test]
    fn a_disabled_account_ends_its_sessions_and_cannot_sign_in() {
        let (_dir, mut lib) = library_with_reader();
        let gate = Gate::new(Policy::default()).unwrap();
        let token = gate
            .sign_in(&lib, "schmidt", "geheim-genug-1", "127.0.0.1")
            .unwrap()
            .token;
        lib.save_account("schmidt", Role::Leser, None, &Clearance::nothing(), true)
            .unwrap();
        assert!(gate.person(&lib, &token).unwrap().is_none());
        assert!(gate
            .sign_in(&lib, "schmidt", "geheim-genug-1", "127.0.0.1")
            .is_err());
    }

    #[test]
    fn a_password_set_anew_by_any_way_ends_the_sessions_opened_with_the_old_one() {
        let (_dir, mut lib) = library_with_reader();
        let hash = hash_password("ein-anderes-pw").unwrap();
        lib.save_account(
            "meier",
            Role::Leser,
            Some(&hash),
            &Clearance::nothing(),
            false,
        )
        .unwrap();
        let gate = Gate::new(Policy::default()).unwrap();
        let sign_in =
            |lib: &Library, name, pw| gate.sign_in(lib, name, pw, "127.0.0.1").unwrap().token;
        let (here, there) = (
            sign_in(&lib, "schmidt", "geheim-genug-1"),
            sign_in(&lib, "schmidt", "geheim-genug-1"),
        );
        let other = sign_in(&lib, "meier", "ein-anderes-pw");
        // She changes her own: this desk goes on, the other one is signed out.
        let new = hash_password("ganz-neu-und-lang").unwrap();
        lib.save_account(
            "schmidt",
            Role::Leser,
            Some(&new),
            &Clearance::nothing(),
            false,
        )
        .unwrap();
        gate.password_changed("Schmidt", &here, &new);
        assert!(gate.person(&lib, &here).unwrap().is_some());
        assert!(gate.person(&lib, &there).unwrap().is_none());
        assert!(gate.person(&lib, &other).unwrap().is_some());
        // Set at the console, which knows no session: every session of the old one ends.
        let console = hash_password("vom-betreiber-1").unwrap();
        lib.save_account(
            "meier",
            Role::Leser,
            Some(&console),
            &Clearance::nothing(),
            false,
        )
        .unwrap();
        assert!(gate.person(&lib, &other).unwrap().is_none());
        lib.save_account(
            "meier",
            Role::Leser,
            Some(&hash),
            &Clearance::nothing(),
            false,
        )
        .unwrap();
        assert!(
            gate.person(&lib, &other).unwrap().is_none(),
            "ended for good"
        );
    }

    #[test]
    fn confirming_a_password_is_limited_like_a_sign_in() {
        let (_dir, lib) = library_with_reader();
        let gate = Gate::new(Policy::default()).unwrap();
        gate.confirm_password(&lib, "schmidt", "geheim-genug-1", "10.0.0.1")
            .unwrap();
        for _ in 0..5 {
            assert!(matches!(
                gate.confirm_password(&lib, "schmidt", "falsch", "10.0.0.1"),
                Err(AccessError::Refused)
            ));
        }
        assert!(matches!(
            gate.confirm_password(&lib, "schmidt", "geheim-genug-1", "10.0.0.1"),
            Err(AccessError::Throttled(_))
        ));
    }

    #[test]
    fn an_idle_session_expires() {
        let (_dir, lib) = library_with_reader();
        let gate = Gate::new(Policy {
            idle: Duration::ZERO,
            ..Policy::default()
        })
        .unwrap();
        let token = gate
            .sign_in(&lib, "schmidt", "geheim-genug-1", "127.0.0.1")
            .unwrap()
            .token;
        std::thread::sleep(Duration::from_millis(5));
        assert!(gate.person(&lib, &token).unwrap().is_none());
    }
}
