//! What one person may see of a shared library: the single rule that the search index, the page
//! files and every answer of the server apply (deny by default: nothing is visible unless granted).

use crate::values::Confidentiality;
use serde::{Deserialize, Serialize};

/// The records a person may see, and how sensitive they may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Clearance {
    /// The most sensitive Vertraulichkeitsstufe she may see, by [`sensitivity`]: offen < NfD <
    /// vertraulich < geheim < streng geheim.
    pub ceiling: Confidentiality,
    /// Whether she may see records with personal data (Personenbezug).
    pub personal_data: bool,
    /// Which records, by office and Aktenplan unit.
    pub scope: Scope,
}

/// Which records a person may see, apart from their sensitivity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Every record (the owner of a single-desk library, an archivist granted the whole plan).
    Everything,
    /// The records of these Organisationseinheiten (the record's `office`) and those filed under
    /// these Aktenplan units or below them. A record with neither an office nor a unit is in
    /// no granted scope: it has no owner, so only `Everything` sees it.
    Granted {
        offices: Vec<String>,
        units: Vec<String>,
    },
}

/// What a person of a shared library does there; each role may what the one before may, and more.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Searches and views what she is cleared for.
    Leser,
    /// Also captures (import, scan) and describes records.
    Sachbearbeiter,
    /// Also does the Sichtkontrolle, exports and Aussonderung.
    Archivar,
    /// Also manages accounts and settings.
    Administrator,
}

/// One thing a role may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Search,
    View,
    Capture,
    Describe,
    Check,
    Export,
    ManageAccounts,
}

impl Permission {
    pub const ALL: [Permission; 7] = [
        Permission::Search,
        Permission::View,
        Permission::Capture,
        Permission::Describe,
        Permission::Check,
        Permission::Export,
        Permission::ManageAccounts,
    ];

    /// The name the JSON API gives it (`rechte` of `/api/ich`).
    pub fn code(self) -> &'static str {
        match self {
            Permission::Search => "suchen",
            Permission::View => "ansehen",
            Permission::Capture => "erfassen",
            Permission::Describe => "beschreiben",
            Permission::Check => "pruefen",
            Permission::Export => "exportieren",
            Permission::ManageAccounts => "konten",
        }
    }
}

impl Role {
    /// What this role may do, by [`Permission::code`].
    pub fn permissions(self) -> Vec<&'static str> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.may(*p))
            .map(Permission::code)
            .collect()
    }

    pub const ALL: [Role; 4] = [
        Role::Leser,
        Role::Sachbearbeiter,
        Role::Archivar,
        Role::Administrator,
    ];

    /// The name kept in the library and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Leser => "leser",
            Role::Sachbearbeiter => "sachbearbeiter",
            Role::Archivar => "archivar",
            Role::Administrator => "administrator",
        }
    }

    /// Whether this role may do `what` (to the records its clearance shows).
    pub fn may(self, what: Permission) -> bool {
        let least = match what {
            Permission::Search | Permission::View => Role::Leser,
            Permission::Capture | Permission::Describe => Role::Sachbearbeiter,
            Permission::Check | Permission::Export => Role::Archivar,
            Permission::ManageAccounts => Role::Administrator,
        };
        self >= least
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Role {
    type Err = crate::values::UnknownCode;
    fn from_str(s: &str) -> Result<Role, Self::Err> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(t))
            .ok_or_else(|| crate::values::UnknownCode(t.to_string()))
    }
}

/// How sensitive a Vertraulichkeitsstufe is, 0 (offen) to 4 (streng geheim); the xdomea codes
/// are not in this order (004 is streng geheim, 005 vertraulich).
pub fn sensitivity(level: Confidentiality) -> u8 {
    match level {
        Confidentiality::Offen => 0,
        Confidentiality::Nfd => 1,
        Confidentiality::Vertraulich => 2,
        Confidentiality::Geheim => 3,
        Confidentiality::StrengGeheim => 4,
    }
}

/// The facts of a record that decide who sees it.
#[derive(Debug, Clone, Copy)]
pub struct AccessFacts<'a> {
    pub office: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub confidentiality: Confidentiality,
    pub personal_data: bool,
}

impl Clearance {
    /// Everything, at every level: the person at a single desk, who owns the library folder
    /// (and could read its files anyway). Never given to a server's user implicitly.
    pub fn owner() -> Clearance {
        Clearance {
            ceiling: Confidentiality::StrengGeheim,
            personal_data: true,
            scope: Scope::Everything,
        }
    }

    /// The records of these offices and Aktenplan units, open ones only, without personal data.
    pub fn granted(offices: &[&str], units: &[&str]) -> Clearance {
        Clearance {
            ceiling: Confidentiality::Offen,
            personal_data: false,
            scope: Scope::Granted {
                offices: offices.iter().map(|s| s.to_string()).collect(),
                units: units.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    /// Nothing at all: what a request without a valid sign-in gets.
    pub fn nothing() -> Clearance {
        Clearance {
            ceiling: Confidentiality::Offen,
            personal_data: false,
            scope: Scope::Granted {
                offices: Vec::new(),
                units: Vec::new(),
            },
        }
    }

    /// Whether a record of this level may be seen.
    pub fn admits_level(&self, level: Confidentiality) -> bool {
        sensitivity(level) <= sensitivity(self.ceiling)
    }

    /// The levels that may be seen, as xdomea codes.
    pub fn levels(&self) -> Vec<String> {
        Confidentiality::ALL
            .into_iter()
            .filter(|c| self.admits_level(*c))
            .map(|c| c.code().to_string())
            .collect()
    }

    /// Whether the scope covers every office and unit.
    pub fn sees_everything(&self) -> bool {
        matches!(self.scope, Scope::Everything)
    }

    /// Whether records of this office are in scope.
    pub fn admits_office(&self, office: &str) -> bool {
        match &self.scope {
            Scope::Everything => true,
            Scope::Granted { offices, .. } => {
                let office = office.trim();
                !office.is_empty() && offices.iter().any(|o| o.trim() == office)
            }
        }
    }

    /// Whether records filed under this Aktenplan unit are in scope: a grant covers its unit and
    /// every unit below it (`63` covers `632` and `632.10`; `632.1` covers `632.1.5`, not
    /// `632.10`).
    pub fn admits_unit(&self, unit: &str) -> bool {
        match &self.scope {
            Scope::Everything => true,
            Scope::Granted { units, .. } => {
                let unit = unit.trim();
                !unit.is_empty() && units.iter().any(|g| unit_covers(g.trim(), unit))
            }
        }
    }

    /// The rule: the level is within the ceiling, personal data only if granted, and the record
    /// belongs to a granted office or unit.
    pub fn admits(&self, record: &AccessFacts<'_>) -> bool {
        self.admits_level(record.confidentiality)
            && (!record.personal_data || self.personal_data)
            && (self.sees_everything()
                || record.office.is_some_and(|o| self.admits_office(o))
                || record.unit.is_some_and(|u| self.admits_unit(u)))
    }

    /// Whether everything `other` shows, this shows too: no higher ceiling, personal data only
    /// if this has it, and every office and unit of `other` within this scope. The rule that no
    /// one grants (or takes over) more than she holds herself.
    pub fn covers(&self, other: &Clearance) -> bool {
        let scope = match (&self.scope, &other.scope) {
            (Scope::Everything, _) => true,
            (Scope::Granted { .. }, Scope::Everything) => false,
            (Scope::Granted { .. }, Scope::Granted { offices, units }) => {
                offices.iter().all(|o| self.admits_office(o))
                    && units.iter().all(|u| self.admits_unit(u))
            }
        };
        scope && self.admits_level(other.ceiling) && (self.personal_data || !other.personal_data)
    }
}

/// Whether the grant `grant` covers the unit `unit` of the Aktenplan's hierarchy: the digits
/// before the point nest by prefix (`6` → `63` → `632`), the numbers after it by whole numbers.
fn unit_covers(grant: &str, unit: &str) -> bool {
    if grant.is_empty() || !unit.starts_with(grant) {
        return false;
    }
    let rest = &unit[grant.len()..];
    rest.is_empty() || rest.starts_with('.') || !grant.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(offices: &[&str], units: &[&str]) -> Clearance {
        Clearance::granted(offices, units)
    }

    fn record<'a>(office: Option<&'a str>, unit: Option<&'a str>) -> AccessFacts<'a> {
        AccessFacts {
            office,
            unit,
            confidentiality: Confidentiality::Offen,
            personal_data: false,
        }
    }

    #[test]
    fn roles_grow_and_a_reader_only_reads() {
        assert!(Role::Leser.may(Permission::Search) && Role::Leser.may(Permission::View));
        for p in [
            Permission::Capture,
            Permission::Describe,
            Permission::Check,
            Permission::Export,
            Permission::ManageAccounts,
        ] {
            assert!(!Role::Leser.may(p), "{p:?}");
        }
        assert!(Role::Sachbearbeiter.may(Permission::Describe));
        assert!(!Role::Sachbearbeiter.may(Permission::Export));
        assert!(Role::Archivar.may(Permission::Export));
        assert!(!Role::Archivar.may(Permission::ManageAccounts));
        assert!(Role::Administrator.may(Permission::ManageAccounts));
        assert_eq!("Archivar".parse::<Role>().ok(), Some(Role::Archivar));
        assert!("gast".parse::<Role>().is_err());
        // What the window offers follows the same rule.
        assert_eq!(Role::Leser.permissions(), ["suchen", "ansehen"]);
        assert_eq!(
            Role::Archivar.permissions(),
            [
                "suchen",
                "ansehen",
                "erfassen",
                "beschreiben",
                "pruefen",
                "exportieren"
            ]
        );
    }

    #[test]
    fn a_grant_covers_its_unit_and_those_below_only() {
        let c = granted(&[], &["63", "022.3"]);
        assert!(c.admits_unit("63"));
        assert!(c.admits_unit("632"));
        assert!(c.admits_unit("632.10"));
        assert!(!c.admits_unit("6"));
        assert!(!c.admits_unit("61"));
        assert!(c.admits_unit("022.3"));
        assert!(c.admits_unit("022.3.1"));
        assert!(
            !c.admits_unit("022.30"),
            "022.3 is not the parent of 022.30"
        );
        assert!(!c.admits_unit(""));
    }

    #[test]
    fn a_record_without_office_and_unit_is_seen_by_nobody_but_everything() {
        let c = granted(&["Bauamt"], &["6"]);
        assert!(!c.admits(&record(None, None)));
        assert!(Clearance::owner().admits(&record(None, None)));
        assert!(!Clearance::nothing().admits(&record(Some("Bauamt"), Some("632"))));
        assert!(c.admits(&record(Some("Bauamt"), None)));
        assert!(c.admits(&record(Some("Hauptamt"), Some("632.10"))));
        assert!(!c.admits(&record(Some("Hauptamt"), Some("11"))));
        assert!(!c.admits(&record(Some(" "), None)));
    }

    #[test]
    fn the_ceiling_and_personal_data_hold_inside_the_scope() {
        let mut c = granted(&["Bauamt"], &[]);
        c.ceiling = Confidentiality::Nfd;
        let mut r = record(Some("Bauamt"), None);
        assert!(c.admits(&r));
        r.confidentiality = Confidentiality::Nfd;
        assert!(c.admits(&r));
        for higher in [
            Confidentiality::Vertraulich,
            Confidentiality::Geheim,
            Confidentiality::StrengGeheim,
        ] {
            r.confidentiality = higher;
            assert!(!c.admits(&r), "{higher:?} is above NfD");
        }
        r.confidentiality = Confidentiality::Offen;
        r.personal_data = true;
        assert!(!c.admits(&r));
        c.personal_data = true;
        assert!(c.admits(&r));
        assert_eq!(c.levels(), vec!["002", "003"]);
    }

    #[test]
    fn a_clearance_covers_only_what_it_shows_itself() {
        let mut bauamt = granted(&["Bauamt"], &["63"]);
        bauamt.ceiling = Confidentiality::Nfd;
        let mut narrower = granted(&["Bauamt"], &["632.10"]);
        assert!(bauamt.covers(&narrower), "a unit below a granted one");
        assert!(bauamt.covers(&bauamt.clone()));
        assert!(!narrower.covers(&bauamt), "63 is above 632.10");
        narrower.ceiling = Confidentiality::Vertraulich;
        assert!(!bauamt.covers(&narrower), "a higher ceiling");
        narrower.ceiling = Confidentiality::Offen;
        narrower.personal_data = true;
        assert!(!bauamt.covers(&narrower), "personal data not held");
        narrower.personal_data = false;
        assert!(
            !bauamt.covers(&granted(&["Hauptamt"], &[])),
            "another office"
        );
        assert!(!bauamt.covers(&Clearance {
            scope: Scope::Everything,
            ..bauamt.clone()
        }));
        assert!(Clearance::owner().covers(&bauamt));
        assert!(bauamt.covers(&Clearance::nothing()));
        assert!(!bauamt.covers(&Clearance::owner()));
    }
}
