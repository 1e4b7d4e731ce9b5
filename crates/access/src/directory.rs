//! Sign-in against the town hall's directory (LDAP, Active Directory style): a service account
//! finds the person's DN by her name, a bind as that DN checks her password, and her groups give
//! her role and clearance. The settings are `verzeichnis.json` in the library folder; the
//! service account's password is read from an environment variable, never from the file.

use crate::{AccessError, Result};
use aktenscan_model::clearance::sensitivity;
use aktenscan_model::{Clearance, Role, Scope};
use ldap3::{ldap_escape, LdapConn, LdapConnSettings, SearchEntry};
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

/// The settings file in the library folder.
pub const DIRECTORY_FILE: &str = "verzeichnis.json";

/// How to reach the directory and what its groups grant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectorySettings {
    /// `ldap://host:389` (use a local TLS tunnel or `ldaps` terminating proxy for other hosts).
    pub url: String,
    /// The service account that may search for people.
    pub bind_dn: String,
    /// The environment variable holding the service account's password.
    pub bind_password_env: String,
    /// Where people are, e.g. `ou=people,dc=schkopau,dc=de`.
    pub user_base: String,
    /// The filter that finds a person; `{name}` is her sign-in name, escaped:
    /// `(uid={name})`, or `(sAMAccountName={name})` for Active Directory.
    pub user_filter: String,
    /// Where the groups are, e.g. `ou=groups,dc=schkopau,dc=de`.
    pub group_base: String,
    /// The filter that finds her groups; `{dn}` is her DN, escaped. Default `(member={dn})`.
    #[serde(default = "member_filter")]
    pub group_filter: String,
    /// What each group grants; a person in none of them cannot sign in.
    pub groups: Vec<GroupGrant>,
}

fn member_filter() -> String {
    "(member={dn})".into()
}

/// One directory group and what its members get.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupGrant {
    /// The group's DN (compared without regard to case).
    pub group: String,
    pub role: Role,
    pub clearance: Clearance,
}

/// A person the directory vouched for: her name and what her groups grant together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryPerson {
    pub name: String,
    pub role: Role,
    pub clearance: Clearance,
}

impl DirectorySettings {
    /// The library's directory settings, if it has the file.
    pub fn load(root: &Path) -> Result<Option<DirectorySettings>> {
        let path = root.join(DIRECTORY_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(AccessError::Directory(format!("{}: {e}", path.display()))),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| AccessError::Directory(format!("{}: {e}", path.display())))
    }

    /// Whether the directory has a person of this name (one or several), asked with the
    /// service account; an error when the directory cannot be reached.
    pub fn knows(&self, name: &str) -> Result<bool> {
        if name.trim().is_empty() {
            return Ok(false);
        }
        let (mut ldap, people) = self.people_named(name, &self.service_password()?)?;
        let _ = ldap.unbind();
        Ok(!people.is_empty())
    }

    fn unreachable(&self, e: ldap3::LdapError) -> AccessError {
        AccessError::Directory(format!("Verzeichnis {}: {e}", self.url))
    }

    fn service_password(&self) -> Result<String> {
        std::env::var(&self.bind_password_env).map_err(|_| {
            AccessError::Directory(format!(
                "das Passwort des Dienstkontos für das Verzeichnis fehlt: Umgebungsvariable {} setzen",
                self.bind_password_env
            ))
        })
    }

    /// A connection bound as the service account, and the entries whose sign-in name is
    /// `name` (escaped into the user filter).
    fn people_named(
        &self,
        name: &str,
        service_password: &str,
    ) -> Result<(LdapConn, Vec<ldap3::ResultEntry>)> {
        let unreachable = |e| self.unreachable(e);
        let settings = LdapConnSettings::new().set_conn_timeout(Duration::from_secs(5));
        let mut ldap = LdapConn::with_settings(settings, &self.url).map_err(unreachable)?;
        ldap.simple_bind(&self.bind_dn, service_password)
            .and_then(|r| r.success())
            .map_err(unreachable)?;
        let filter = self
            .user_filter
            .replace("{name}", &ldap_escape(name.trim()));
        let (people, _) = ldap
            .search(&self.user_base, ldap3::Scope::Subtree, &filter, vec!["1.1"])
            .and_then(|r| r.success())
            .map_err(unreachable)?;
        Ok((ldap, people))
    }

    /// Checks a name and password against the directory: `Ok(None)` when the name is unknown,
    /// the password wrong or empty, or the person in no granted group; an error when the
    /// directory cannot be reached or refuses the service account.
    pub fn authenticate(&self, name: &str, password: &str) -> Result<Option<DirectoryPerson>> {
        // An empty password would be an anonymous bind, which most directories accept.
        if name.trim().is_empty() || password.is_empty() {
            return Ok(None);
        }
        let unreachable = |e| self.unreachable(e);
        let service_password = self.service_password()?;
        let (mut ldap, people) = self.people_named(name, &service_password)?;
        let [person] = people.as_slice() else {
            // Unknown, or a name that matches several people: refused either way.
            let _ = ldap.unbind();
            return Ok(None);
        };
        let dn = SearchEntry::construct(person.clone()).dn;
        // Her own bind checks the password; the directory's answer 49 is a wrong password.
        let bound = ldap
            .simple_bind(&dn, password)
            .map_err(unreachable)?
            .success()
            .is_ok();
        if !bound {
            let _ = ldap.unbind();
            return Ok(None);
        }
        // Her groups, read with the service account again.
        ldap.simple_bind(&self.bind_dn, &service_password)
            .and_then(|r| r.success())
            .map_err(unreachable)?;
        let filter = self.group_filter.replace("{dn}", &ldap_escape(dn.as_str()));
        let (groups, _) = ldap
            .search(
                &self.group_base,
                ldap3::Scope::Subtree,
                &filter,
                vec!["1.1"],
            )
            .and_then(|r| r.success())
            .map_err(unreachable)?;
        let _ = ldap.unbind();
        let member_of: Vec<String> = groups
            .into_iter()
            .map(|g| SearchEntry::construct(g).dn.to_lowercase())
            .collect();
        let granted: Vec<&GroupGrant> = self
            .groups
            .iter()
            .filter(|g| member_of.contains(&g.group.trim().to_lowercase()))
            .collect();
        Ok(combine(&granted).map(|(role, clearance)| DirectoryPerson {
            name: aktenscan_store::normal_name(name),
            role,
            clearance,
        }))
    }
}

/// What several groups grant together: the highest role, the highest ceiling, personal data if
/// any grants it, and every office and unit (everything if any grants everything).
fn combine(grants: &[&GroupGrant]) -> Option<(Role, Clearance)> {
    let role = grants.iter().map(|g| g.role).max()?;
    let ceiling = grants
        .iter()
        .map(|g| g.clearance.ceiling)
        .max_by_key(|c| sensitivity(*c))?;
    let personal_data = grants.iter().any(|g| g.clearance.personal_data);
    let mut scope = Scope::Granted {
        offices: Vec::new(),
        units: Vec::new(),
    };
    for g in grants {
        match (&mut scope, &g.clearance.scope) {
            (_, Scope::Everything) => scope = Scope::Everything,
            (
                Scope::Granted { offices, units },
                Scope::Granted {
                    offices: more_offices,
                    units: more_units,
                },
            ) => {
                offices.extend(more_offices.iter().cloned());
                units.extend(more_units.iter().cloned());
            }
            (Scope::Everything, _) => {}
        }
    }
    if let Scope::Granted { offices, units } = &mut scope {
        offices.sort();
        offices.dedup();
        units.sort();
        units.dedup();
    }
    Some((
        role,
        Clearance {
            ceiling,
            personal_data,
            scope,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::Confidentiality;

    fn grant(role: Role, ceiling: Confidentiality, scope: Scope, personal: bool) -> GroupGrant {
        GroupGrant {
            group: "cn=x".into(),
            role,
            clearance: Clearance {
                ceiling,
                personal_data: personal,
                scope,
            },
        }
    }

    #[test]
    fn groups_together_grant_the_most_of_each() {
        let a = grant(
            Role::Leser,
            Confidentiality::Nfd,
            Scope::Granted {
                offices: vec!["Bauamt".into()],
                units: vec![],
            },
            false,
        );
        let b = grant(
            Role::Sachbearbeiter,
            Confidentiality::Offen,
            Scope::Granted {
                offices: vec!["Hauptamt".into(), "Bauamt".into()],
                units: vec!["63".into()],
            },
            true,
        );
        let (role, c) = combine(&[&a, &b]).unwrap();
        assert_eq!(role, Role::Sachbearbeiter);
        assert_eq!(c.ceiling, Confidentiality::Nfd);
        assert!(c.personal_data);
        assert_eq!(
            c.scope,
            Scope::Granted {
                offices: vec!["Bauamt".into(), "Hauptamt".into()],
                units: vec!["63".into()]
            }
        );
        let all = grant(
            Role::Leser,
            Confidentiality::Offen,
            Scope::Everything,
            false,
        );
        assert_eq!(combine(&[&a, &all]).unwrap().1.scope, Scope::Everything);
        assert!(combine(&[]).is_none(), "no group, no access");
    }
}
