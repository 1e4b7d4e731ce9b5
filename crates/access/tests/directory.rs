//! Sign-in against a real OpenLDAP directory: the test starts its own `slapd` on a free loopback
//! port with a temporary database (people and groups), signs people in and out of it, and stops
//! it again. Needs Debian's `slapd` and `ldap-utils` (`make test` installs them).

use aktenscan_access::{DirectorySettings, Gate, Policy};
use aktenscan_model::{Clearance, Confidentiality, Role, Scope};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SUFFIX: &str = "dc=schkopau,dc=test";
const ADMIN_PW_ENV: &str = "AKTENSCAN_TEST_LDAP_SERVICE_PW";

/// A private slapd; killed when dropped.
struct Slapd {
    dir: tempfile::TempDir,
    port: u16,
}

impl Drop for Slapd {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.dir.path().join("slapd.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}

fn tool(path: &str, package: &str) -> PathBuf {
    let p = PathBuf::from(path);
    assert!(
        p.exists(),
        "{path} is missing: install the Debian package {package} (make test does)"
    );
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn write(path: &Path, text: &str) {
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .expect("writing a test file");
}

fn start_directory() -> Slapd {
    let slapd = tool("/usr/sbin/slapd", "slapd");
    let ldapadd = tool("/usr/bin/ldapadd", "ldap-utils");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("db")).unwrap();
    write(
        &d.join("slapd.conf"),
        &format!(
            "include /etc/ldap/schema/core.schema\n\
             include /etc/ldap/schema/cosine.schema\n\
             include /etc/ldap/schema/inetorgperson.schema\n\
             include /etc/ldap/schema/nis.schema\n\
             modulepath /usr/lib/ldap\n\
             moduleload back_mdb\n\
             pidfile {pid}\n\
             database mdb\n\
             suffix \"{SUFFIX}\"\n\
             rootdn \"cn=admin,{SUFFIX}\"\n\
             rootpw geheim\n\
             directory {db}\n",
            pid = d.join("slapd.pid").display(),
            db = d.join("db").display(),
        ),
    );
    let person = |uid: &str, pw: &str| {
        format!(
            "dn: uid={uid},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\nuserPassword: {pw}\n\n"
        )
    };
    let group = |cn: &str, members: &[&str]| {
        let mut g =
            format!("dn: cn={cn},ou=groups,{SUFFIX}\nobjectClass: groupOfNames\ncn: {cn}\n");
        for m in members {
            g.push_str(&format!("member: uid={m},ou=people,{SUFFIX}\n"));
        }
        g + "\n"
    };
    let ldif = format!(
        "dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: schkopau\no: Gemeinde Schkopau\n\n\
         dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n\n{}{}{}{}{}{}",
        person("schmidt", "passwort-schmidt"),
        person("krause", "passwort-krause"),
        person("gast", "passwort-gast"),
        group("bauamt-lesen", &["schmidt", "krause"]),
        group("archiv", &["krause"]),
        group("kantine", &["gast"]),
    );
    write(&d.join("base.ldif"), &ldif);
    let port = free_port();
    let url = format!("ldap://127.0.0.1:{port}/");
    let started = Command::new(slapd)
        .arg("-f")
        .arg(d.join("slapd.conf"))
        .args(["-h", &url])
        .status()
        .expect("starting slapd");
    assert!(started.success(), "slapd did not start");
    let server = Slapd { dir, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "slapd does not answer on {url}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let added = Command::new(ldapadd)
        .args([
            "-x",
            "-H",
            &url,
            "-D",
            &format!("cn=admin,{SUFFIX}"),
            "-w",
            "geheim",
            "-f",
        ])
        .arg(server.dir.path().join("base.ldif"))
        .output()
        .expect("running ldapadd");
    assert!(
        added.status.success(),
        "ldapadd: {}",
        String::from_utf8_lossy(&added.stderr)
    );
    server
}

fn settings(port: u16) -> DirectorySettings {
    std::env::set_var(ADMIN_PW_ENV, "geheim");
    let json = format!(
        r#"{{
        "url": "ldap://127.0.0.1:{port}",
        "bind_dn": "cn=admin,{SUFFIX}",
        "bind_password_env": "{ADMIN_PW_ENV}",
        "user_base": "ou=people,{SUFFIX}",
        "user_filter": "(uid={{name}})",
        "group_base": "ou=groups,{SUFFIX}",
        "groups": [
            {{"group": "cn=Bauamt-Lesen,ou=groups,{SUFFIX}", "role": "leser",
              "clearance": {{"ceiling": "003", "personal_data": false,
                             "scope": {{"granted": {{"offices": ["Bauamt"], "units": []}}}}}}}},
            {{"group": "cn=archiv,ou=groups,{SUFFIX}", "role": "archivar",
              "clearance": {{"ceiling": "004", "personal_data": true, "scope": "everything"}}}}
        ]
    }}"#
    );
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join(aktenscan_access::DIRECTORY_FILE), &json);
    DirectorySettings::load(dir.path())
        .expect("the settings file is read")
        .expect("the settings file is there")
}

#[test]
fn people_sign_in_by_the_directory_and_their_groups_give_role_and_clearance() {
    let slapd = start_directory();
    let directory = settings(slapd.port);

    let schmidt = directory
        .authenticate("Schmidt", "passwort-schmidt")
        .unwrap()
        .expect("schmidt signs in");
    assert_eq!(schmidt.name, "schmidt");
    assert_eq!(schmidt.role, Role::Leser);
    assert_eq!(
        schmidt.clearance,
        Clearance {
            ceiling: Confidentiality::Offen,
            personal_data: false,
            scope: Scope::Granted {
                offices: vec!["Bauamt".into()],
                units: vec![]
            }
        }
    );
    let krause = directory
        .authenticate("krause", "passwort-krause")
        .unwrap()
        .expect("krause signs in");
    assert_eq!(krause.role, Role::Archivar, "the higher of her two groups");
    assert_eq!(krause.clearance.scope, Scope::Everything);
    assert!(krause.clearance.personal_data);

    for (name, password, why) in [
        ("schmidt", "falsch", "wrong password"),
        (
            "schmidt",
            "",
            "an empty password would be an anonymous bind",
        ),
        ("gast", "passwort-gast", "in no granted group"),
        ("niemand", "passwort-schmidt", "unknown name"),
        ("*", "passwort-schmidt", "a wildcard is escaped"),
        ("schmidt)(uid=*", "passwort-schmidt", "a filter is escaped"),
    ] {
        assert_eq!(
            directory.authenticate(name, password).unwrap(),
            None,
            "{why}"
        );
    }

    // Whether a name is the directory's (an administrator may not take it for a local account).
    for (name, known) in [
        ("Schmidt", true),
        ("gast", true),
        ("niemand", false),
        ("*", false),
        ("schmidt)(uid=*", false),
        (" ", false),
    ] {
        assert_eq!(directory.knows(name).unwrap(), known, "{name}");
    }

    // Through the gate: a name without a local password goes to the directory.
    let lib_dir = tempfile::tempdir().unwrap();
    let lib = aktenscan_store::Library::open(lib_dir.path()).unwrap();
    let gate = Gate::new(Policy::default())
        .unwrap()
        .with_directory(Some(directory.clone()));
    let signed = gate
        .sign_in(&lib, "schmidt", "passwort-schmidt", "127.0.0.1")
        .unwrap();
    assert_eq!(signed.from_directory, Some(schmidt));
    assert!(gate
        .sign_in(&lib, "schmidt", "falsch", "127.0.0.1")
        .is_err());
    assert!(gate.directory_knows("krause").unwrap());
    assert!(!Gate::new(Policy::default())
        .unwrap()
        .directory_knows("krause")
        .unwrap());

    // A directory that does not answer is an error of its own, not a refused password.
    drop(slapd);
    std::thread::sleep(Duration::from_millis(300));
    assert!(matches!(
        directory.authenticate("schmidt", "passwort-schmidt"),
        Err(aktenscan_access::AccessError::Directory(_))
    ));
    assert!(matches!(
        gate.directory_knows("schmidt"),
        Err(aktenscan_access::AccessError::Directory(_))
    ));
}
