//! The shipped proxy for several workers: deploy/nginx/dossiersco.conf with its upstream block
//! replaced by deploy/nginx/upstream-plusieurs-workers.conf, in front of two workers on one
//! PostgreSQL database, over HTTPS. A family's requests are spread over both workers and its
//! session holds on each; when one worker dies, the other answers. Needs nginx and openssl
//! (bash .ci/run installs them) and `DOSSIERSCO_TEST_PG`.

#[allow(dead_code)] // the deployment test uses the rest
mod deploy_support;
mod pg_support;

use deploy_support::{free_port, run, self_signed_certificate, site_for_test, Nginx, Worker};
use std::path::Path;

/// The shipped site file with the shipped several-workers upstream in place of its own.
fn site_with_two_workers(site: &str, a: u16, b: u16) -> String {
    let snippet =
        std::fs::read_to_string(deploy_support::repo().join("deploy/nginx/upstream-plusieurs-workers.conf")).unwrap();
    let mut upstream = snippet[snippet
        .find("\nupstream dossiersco_worker {")
        .expect("the upstream block")..]
        .to_string();
    for (from, port) in [("server 10.0.0.11:8080 ", a), ("server 10.0.0.12:8080 ", b)] {
        assert_eq!(
            upstream.matches(from).count(),
            1,
            "« {from} » once in the shipped upstream"
        );
        upstream = upstream.replace(from, &format!("server 127.0.0.1:{port} "));
    }
    let start = site
        .find("\nupstream dossiersco_worker {")
        .expect("the site file's upstream");
    let end = start + site[start..].find("}\n").unwrap() + 2;
    format!("{}{}{}", &site[..start], upstream, &site[end..])
}

#[test]
fn two_workers_behind_the_shipped_upstream_share_a_family_and_survive_one_of_them() {
    let Some(world) = pg_support::World::new(&[]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    run(deploy_support::dossiersco().arg("build").arg("--out").arg(&public));
    let (cert, key) = self_signed_certificate(dir.path());
    // deploy_support's workers take their folders from the environment (this file's only test).
    std::env::set_var("DOSSIERSCO_PIECES_DIR", &world.pieces);
    std::env::set_var("DOSSIERSCO_MAIL_DIR", dir.path().join("courriels"));
    let a = Worker::start(Path::new(&world.db.url));
    let b = Worker::start(Path::new(&world.db.url));
    let (https, http) = (free_port(), free_port());
    let shipped = std::fs::read_to_string(deploy_support::repo().join("deploy/nginx/dossiersco.conf")).unwrap();
    let site = site_for_test(&shipped, &cert, &key, &public, (https, http, a.addr.port()));
    let site = site_with_two_workers(&site, a.addr.port(), b.addr.port());
    let nginx = Nginx::start(&dir.path().join("nginx"), &site, https);
    let phone = deploy_support::phone::Phone::new(&cert, https);

    let family = &world.families[0];
    let login = phone.post_form(
        "/connexion",
        None,
        &[
            ("uai", pg_support::UAI),
            ("code", &family.code),
            ("date_naissance", &family.date),
        ],
        &[],
    );
    assert_eq!(login.status, 303, "{}", login.text());
    let cookie = login
        .all("set-cookie")
        .into_iter()
        .find(|c| c.contains("dossiersco_session=") && !c.contains("dossiersco_session=;"))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("a session cookie");
    for _ in 0..6 {
        let resp = phone.get("/api/dossier", Some(&cookie));
        assert_eq!(resp.status, 200, "{}", resp.text());
        assert!(resp.text().contains(&family.prenom), "{}", resp.text());
    }
    a.wait_for_route("/api/dossier");
    b.wait_for_route("/api/dossier");

    // Worker A stops: nginx leaves it aside, B answers everything, the session still holds.
    drop(a);
    for _ in 0..6 {
        let resp = phone.get("/api/dossier", Some(&cookie));
        assert_eq!(resp.status, 200, "A arrêté, B répond : {}", resp.text());
    }
    drop(nginx);
}
