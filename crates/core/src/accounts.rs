//! The accounts of a shared library: set up at the server's console (`aktenscan account`), kept
//! from the directory at each sign-in, and managed by an administrator over the API, who never
//! grants (or takes over) more than she holds herself.

use crate::{CoreError, Result, Viewer, Workspace};
use aktenscan_access::Gate;
use aktenscan_model::{Clearance, Permission, Role, Scope};
use aktenscan_store::{acting_as, AccountRow};
use serde::Serialize;

/// An account as an administrator sets it (`aktenscan account set`, `PUT /api/konten/{name}`).
#[derive(Debug, Clone)]
pub struct AccountInput {
    pub name: String,
    pub role: Role,
    /// A new password (at least `aktenscan_access::MIN_PASSWORD` characters); `None` keeps the
    /// present one.
    pub password: Option<String>,
    pub clearance: Clearance,
    pub disabled: bool,
}

/// An account as a list shows it: never its password hash.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AccountView {
    pub name: String,
    pub rolle: Role,
    pub freigabe: Clearance,
    pub gesperrt: bool,
    /// It signs in by the town hall's directory (LDAP): its role and clearance come from its
    /// groups at each sign-in, its password is the directory's.
    pub verzeichnis: bool,
    pub angelegt: String,
    pub geaendert: String,
}

impl From<AccountRow> for AccountView {
    fn from(a: AccountRow) -> AccountView {
        AccountView {
            verzeichnis: a.password_hash.is_none(),
            name: a.name,
            rolle: a.role,
            freigabe: a.clearance,
            gesperrt: a.disabled,
            angelegt: a.created_at,
            geaendert: a.updated_at,
        }
    }
}

/// The offices and units of a grant trimmed, without empty or repeated entries.
fn tidy(mut clearance: Clearance) -> Clearance {
    if let Scope::Granted { offices, units } = &mut clearance.scope {
        for list in [offices, units] {
            let mut seen = std::collections::BTreeSet::new();
            *list = list
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && seen.insert(s.clone()))
                .collect();
        }
    }
    clearance
}

impl Workspace {
    /// Creates or changes an account of the shared library; a new password is kept only as its
    /// argon2id hash. Every change is an `account.update` entry (never the password or hash),
    /// under the name of whoever runs it (the console's user, or the administrator of
    /// [`Workspace::set_account_as`]).
    pub fn set_account(&mut self, input: &AccountInput) -> Result<AccountRow> {
        let hash = match input.password.as_deref() {
            Some(p) => Some(aktenscan_access::hash_password(p)?),
            None => None,
        };
        if hash.is_none() && self.lib.account(&input.name)?.is_none() {
            return Err(CoreError::Refused(format!(
                "Konto {}: ein neues Konto braucht ein Passwort",
                input.name.trim()
            )));
        }
        self.lib
            .save_account(
                &input.name,
                input.role,
                hash.as_deref(),
                &tidy(input.clearance.clone()),
                input.disabled,
            )
            .map_err(|e| match e {
                // A name the library does not take (slashes, control characters, too long).
                aktenscan_store::StoreError::Invalid(m) => CoreError::Refused(m),
                e => e.into(),
            })
    }

    /// Keeps a person the directory signed in as her account (no password; role and clearance
    /// as her groups give them now), so that her requests are checked like any other. Written,
    /// and audited, only when something changed; a local account of the same name is never
    /// touched (see [`aktenscan_store::Library::keep_directory_account`]).
    pub(crate) fn note_directory_account(
        &mut self,
        person: &aktenscan_access::DirectoryPerson,
    ) -> Result<()> {
        self.lib
            .keep_directory_account(&person.name, person.role, &person.clearance)?;
        Ok(())
    }

    /// The accounts of the shared library.
    pub fn accounts(&self) -> Result<Vec<AccountRow>> {
        Ok(self.lib.accounts()?)
    }

    /// The accounts an administrator may change: those within her own clearance (hers
    /// included). An account that sees more is not listed (deny by default: an administrator
    /// of the Bauamt does not learn who may read the Personalakten).
    pub fn accounts_as(&self, who: &Viewer) -> Result<Vec<AccountView>> {
        Self::require(who, Permission::ManageAccounts)?;
        Ok(self
            .accounts()?
            .into_iter()
            .filter(|a| who.clearance.covers(&a.clearance))
            .map(AccountView::from)
            .collect())
    }

    /// An administrator creates or changes an account. Refused (and nothing written) when
    /// - the new clearance, or the account's present one, goes beyond her own (no one grants
    ///   more than she holds, or takes over an account that sees more by setting its password);
    /// - the account signs in by the directory and anything but its lock would change (its
    ///   groups decide its role and clearance at each sign-in, the directory its password);
    /// - she would change her own account's role, grant or lock (another administrator does
    ///   that: no one widens or narrows her own rights, and one administrator always remains);
    /// - she would set her own password (that takes the present one: [`Self::change_password_as`]);
    /// - `must_be_new` and the account exists (a form for a new account never overwrites one);
    /// - a new account would take a name the town hall's directory knows (its local password
    ///   would win over the directory's at sign-in, and its entries in the audit log would read
    ///   as hers); when the directory cannot be asked, nothing is created either.
    ///
    /// A new password, or a lock, ends the account's sessions at once.
    pub fn set_account_as(
        &mut self,
        gate: &Gate,
        who: &Viewer,
        input: &AccountInput,
        must_be_new: bool,
    ) -> Result<AccountView> {
        Self::require(who, Permission::ManageAccounts)?;
        let name = aktenscan_store::normal_name(&input.name);
        let refuse = |why: &str| Err(CoreError::Refused(format!("Konto {name}: {why}")));
        let clearance = tidy(input.clearance.clone());
        if !who.clearance.covers(&clearance) {
            return refuse(
                "die Freigabe geht über Ihre eigene hinaus (Ämter, Aktenplan, Vertraulichkeit \
                 oder Personenbezug); nur wer sie selbst hat, darf sie vergeben",
            );
        }
        let present = self.lib.account(&name)?;
        if present.is_some() && must_be_new {
            return refuse("das Konto gibt es schon; zum Ändern in der Liste „Bearbeiten“ wählen");
        }
        if present.is_none() && gate.directory_knows(&name)? {
            return refuse(
                "diesen Namen hat eine Person im Verzeichnis der Gemeinde; sie meldet sich mit \
                 ihrem Verzeichnis-Passwort an, und ihre Gruppen dort geben Rolle und Freigabe",
            );
        }
        if let Some(present) = &present {
            if !who.clearance.covers(&present.clearance) {
                return refuse(
                    "das Konto sieht mehr als Sie; nur wer diese Freigabe selbst hat, darf es ändern",
                );
            }
            let same_grant = present.role == input.role && present.clearance == clearance;
            if present.password_hash.is_none() && (!same_grant || input.password.is_some()) {
                return refuse(
                    "das Konto meldet sich über das Verzeichnis an: Rolle und Freigabe geben \
                     seine Gruppen dort, das Passwort ändert es dort; hier lässt es sich nur sperren",
                );
            }
        }
        if name == aktenscan_store::normal_name(&who.name) {
            let changed = present
                .as_ref()
                .is_some_and(|p| p.role != input.role || p.clearance != clearance);
            if input.disabled || !input.role.may(Permission::ManageAccounts) || changed {
                return refuse(
                    "Ihre eigene Rolle und Freigabe ändert, und Ihr Konto sperrt, ein anderer \
                     Administrator; Sie können sich nicht selbst sperren oder Rechte geben oder \
                     nehmen",
                );
            }
            // Her own password only with the present one (a session left open at a desk must
            // not be enough to take the account over).
            if input.password.is_some() {
                return refuse(
                    "Ihr eigenes Passwort ändern Sie unter „Passwort ändern“, mit dem bisherigen",
                );
            }
        }
        let input = AccountInput {
            name: name.clone(),
            clearance,
            ..input.clone()
        };
        let row = acting_as(&who.name, || self.set_account(&input))?;
        if input.password.is_some() || input.disabled {
            gate.end_sessions_of(&name);
        }
        Ok(row.into())
    }

    /// A person changes her own password (a local account): the present one is checked first,
    /// counted like a sign-in; her other sessions end, the one of `session` stays.
    pub fn change_password_as(
        &mut self,
        gate: &Gate,
        who: &Viewer,
        session: &str,
        present: &str,
        new: &str,
        from: &str,
    ) -> Result<()> {
        let Some(account) = self.lib.account(&who.name)? else {
            return Err(CoreError::Access(aktenscan_access::AccessError::Refused));
        };
        if account.password_hash.is_none() {
            return Err(CoreError::Refused(
                "Ihr Konto meldet sich über das Verzeichnis an; das Passwort ändern Sie dort"
                    .into(),
            ));
        }
        match gate.confirm_password(&self.lib, &who.name, present, from) {
            // Not a failed sign-in: her session stays valid.
            Err(aktenscan_access::AccessError::Refused) => {
                return Err(CoreError::Refused(
                    "das bisherige Passwort stimmt nicht".into(),
                ))
            }
            other => other?,
        }
        let hash = aktenscan_access::hash_password(new)?;
        let lib = &mut self.lib;
        acting_as(&who.name, || {
            lib.save_account(
                &account.name,
                account.role,
                Some(&hash),
                &account.clearance,
                account.disabled,
            )
        })?;
        gate.password_changed(&account.name, session, &hash);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_access::{Gate, Policy};

    const PW: &str = "Sommer-in-Schkopau-1";

    fn input(name: &str, role: Role, password: Option<&str>, clearance: Clearance) -> AccountInput {
        AccountInput {
            name: name.into(),
            role,
            password: password.map(str::to_string),
            clearance,
            disabled: false,
        }
    }

    /// A library with an administrator of the Bauamt only, and the viewer she signs in as.
    fn library() -> (tempfile::TempDir, Workspace, Gate, Viewer) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let bau = Clearance::granted(&["Bauamt"], &["63"]);
        ws.set_account(&input(
            "admin-bau",
            Role::Administrator,
            Some(PW),
            bau.clone(),
        ))
        .unwrap();
        let gate = Gate::new(Policy::default()).unwrap();
        let who = Viewer {
            name: "admin-bau".into(),
            role: Role::Administrator,
            clearance: bau,
        };
        (dir, ws, gate, who)
    }

    fn refused(r: Result<AccountView>) -> String {
        match r {
            Err(CoreError::Refused(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn an_administrator_grants_within_her_own_clearance_only() {
        let (_dir, mut ws, gate, who) = library();
        let within = Clearance::granted(&[" Bauamt ", "", "Bauamt"], &["632.10"]);
        let made = ws
            .set_account_as(
                &gate,
                &who,
                &input("Meier", Role::Leser, Some(PW), within),
                false,
            )
            .unwrap();
        assert_eq!(made.name, "meier");
        assert_eq!(
            made.freigabe,
            Clearance::granted(&["Bauamt"], &["632.10"]),
            "tidied"
        );
        let beyond = Clearance {
            scope: Scope::Everything,
            ..Clearance::granted(&[], &[])
        };
        let why = refused(ws.set_account_as(
            &gate,
            &who,
            &input("x", Role::Leser, Some(PW), beyond),
            false,
        ));
        assert!(why.contains("über Ihre eigene hinaus"), "{why}");
        assert!(ws.library().account("x").unwrap().is_none());
        // An account that sees more cannot be taken over by setting its password.
        ws.set_account(&input(
            "chef",
            Role::Administrator,
            Some(PW),
            Clearance::owner(),
        ))
        .unwrap();
        let why = refused(ws.set_account_as(
            &gate,
            &who,
            &input(
                "chef",
                Role::Administrator,
                Some("ein-neues-passwort"),
                Clearance::granted(&["Bauamt"], &[]),
            ),
            false,
        ));
        assert!(why.contains("sieht mehr als Sie"), "{why}");
        assert_eq!(
            ws.library().account("chef").unwrap().unwrap().clearance,
            Clearance::owner()
        );
        // She is shown the accounts she may change, not the one that sees more.
        let listed: Vec<String> = ws
            .accounts_as(&who)
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(listed, ["admin-bau", "meier"]);
        let everything = Viewer {
            clearance: Clearance::owner(),
            ..who.clone()
        };
        assert_eq!(ws.accounts_as(&everything).unwrap().len(), 3);
        // A Leser manages nothing.
        let reader = Viewer {
            role: Role::Leser,
            ..who.clone()
        };
        assert!(matches!(
            ws.accounts_as(&reader),
            Err(CoreError::Forbidden { .. })
        ));
    }

    #[test]
    fn she_cannot_lock_herself_out_and_a_lock_ends_the_sessions() {
        let (_dir, mut ws, gate, who) = library();
        let own = who.clearance.clone();
        let mut me = input("Admin-Bau", Role::Administrator, None, own.clone());
        me.disabled = true;
        assert!(
            refused(ws.set_account_as(&gate, &who, &me, false)).contains("nicht selbst sperren")
        );
        let demoted = input("admin-bau", Role::Archivar, None, own.clone());
        refused(ws.set_account_as(&gate, &who, &demoted, false));
        // Nor her own grant, narrower or not.
        let narrower = Clearance::granted(&["Bauamt"], &[]);
        let why = refused(ws.set_account_as(
            &gate,
            &who,
            &input("admin-bau", Role::Administrator, None, narrower),
            false,
        ));
        assert!(why.contains("ein anderer"), "{why}");
        let me_now = ws.library().account("admin-bau").unwrap().unwrap();
        assert_eq!(
            (me_now.role, me_now.clearance, me_now.disabled),
            (Role::Administrator, own.clone(), false)
        );
        // Saving her account unchanged is no change and passes.
        ws.set_account_as(
            &gate,
            &who,
            &input("admin-bau", Role::Administrator, None, own.clone()),
            false,
        )
        .unwrap();

        ws.set_account_as(
            &gate,
            &who,
            &input("meier", Role::Leser, Some(PW), own.clone()),
            false,
        )
        .unwrap();
        let token = gate
            .sign_in(ws.library(), "meier", PW, "127.0.0.1")
            .unwrap()
            .token;
        let mut lock = input("meier", Role::Leser, None, own);
        lock.disabled = true;
        assert!(
            ws.set_account_as(&gate, &who, &lock, false)
                .unwrap()
                .gesperrt
        );
        assert!(gate.person(ws.library(), &token).unwrap().is_none());
    }

    #[test]
    fn a_new_account_is_not_made_while_the_directory_cannot_say_the_name_is_not_its() {
        let (_dir, mut ws, _, who) = library();
        ws.set_account(&input(
            "meier",
            Role::Leser,
            Some(PW),
            who.clearance.clone(),
        ))
        .unwrap();
        // A directory that does not answer: nothing listens on its port.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        std::env::set_var("AKTENSCAN_TEST_SILENT_DIRECTORY_PW", "geheim");
        let directory = aktenscan_access::DirectorySettings {
            url: format!("ldap://127.0.0.1:{port}"),
            bind_dn: "cn=admin,dc=schkopau,dc=test".into(),
            bind_password_env: "AKTENSCAN_TEST_SILENT_DIRECTORY_PW".into(),
            user_base: "ou=people,dc=schkopau,dc=test".into(),
            user_filter: "(uid={name})".into(),
            group_base: "ou=groups,dc=schkopau,dc=test".into(),
            group_filter: "(member={dn})".into(),
            groups: Vec::new(),
        };
        let gate = Gate::new(Policy::default())
            .unwrap()
            .with_directory(Some(directory));
        let new = input("schmidt", Role::Leser, Some(PW), who.clearance.clone());
        assert!(matches!(
            ws.set_account_as(&gate, &who, &new, true),
            Err(CoreError::Access(aktenscan_access::AccessError::Directory(
                _
            )))
        ));
        assert!(ws.library().account("schmidt").unwrap().is_none());
        // An account that exists is changed without asking it.
        let changed = input("meier", Role::Sachbearbeiter, None, who.clearance.clone());
        assert_eq!(
            ws.set_account_as(&gate, &who, &changed, false)
                .unwrap()
                .rolle,
            Role::Sachbearbeiter
        );
    }

    #[test]
    fn a_directory_account_can_only_be_locked_here() {
        let (_dir, mut ws, gate, who) = library();
        let groups = Clearance::granted(&["Bauamt"], &[]);
        ws.note_directory_account(&aktenscan_access::DirectoryPerson {
            name: "krause".into(),
            role: Role::Leser,
            clearance: groups.clone(),
        })
        .unwrap();
        for change in [
            input("krause", Role::Sachbearbeiter, None, groups.clone()),
            input("krause", Role::Leser, Some(PW), groups.clone()),
        ] {
            assert!(refused(ws.set_account_as(&gate, &who, &change, false)).contains("Verzeichnis"));
        }
        let mut lock = input("krause", Role::Leser, None, groups);
        lock.disabled = true;
        let locked = ws.set_account_as(&gate, &who, &lock, false).unwrap();
        assert!(locked.gesperrt && locked.verzeichnis);
    }

    #[test]
    fn a_person_changes_her_password_after_giving_the_present_one() {
        let (_dir, mut ws, gate, who) = library();
        let lib = ws.library();
        let here = gate
            .sign_in(lib, "admin-bau", PW, "127.0.0.1")
            .unwrap()
            .token;
        let there = gate
            .sign_in(lib, "admin-bau", PW, "127.0.0.2")
            .unwrap()
            .token;
        let wrong = ws.change_password_as(
            &gate,
            &who,
            &here,
            "falsch",
            "ganz-neu-und-lang",
            "127.0.0.1",
        );
        assert!(matches!(wrong, Err(CoreError::Refused(_))));
        ws.change_password_as(&gate, &who, &here, PW, "ganz-neu-und-lang", "127.0.0.1")
            .unwrap();
        let lib = ws.library();
        assert!(gate.person(lib, &here).unwrap().is_some());
        assert!(gate.person(lib, &there).unwrap().is_none());
        assert!(gate.sign_in(lib, "admin-bau", PW, "127.0.0.3").is_err());
        assert!(gate
            .sign_in(lib, "admin-bau", "ganz-neu-und-lang", "127.0.0.3")
            .is_ok());
    }
}
