//! The embedded PostgreSQL: first start initialises, a second start reuses the
//! cluster, and a stale `postmaster.pid` left by a crash does not block it.

use std::os::unix::fs::PermissionsExt;

use server::embedded_pg::{EmbeddedPg, EmbeddedPgOptions};

fn options(dir: &std::path::Path) -> EmbeddedPgOptions {
    EmbeddedPgOptions {
        dir: dir.join("pg"),
        bin_dir: None,
        run_as: "postgres".into(),
        ephemeral: true,
    }
}

async fn count_rows(url: &str) -> i64 {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from notes")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn starts_reuses_and_recovers_from_a_stale_pid_file() {
    let tmp = tempfile::tempdir().unwrap();
    // The unprivileged PostgreSQL user must be able to enter the directory.
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let opts = options(tmp.path());

    let pg = tokio::task::spawn_blocking({
        let opts = opts.clone();
        move || EmbeddedPg::start(&opts)
    })
    .await
    .unwrap()
    .unwrap();
    assert!(
        pg.notes.iter().any(|n| n.contains("initialised")),
        "{:?}",
        pg.notes
    );
    pg.ensure_database("app").unwrap();
    pg.ensure_database("app").unwrap();
    let url = pg.database_url("app");
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query("create table notes (id int)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("insert into notes values (1)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    tokio::task::spawn_blocking(move || pg.stop())
        .await
        .unwrap()
        .unwrap();

    // A crash leaves postmaster.pid naming a pid that now belongs to another
    // program (here: this test process), which PostgreSQL would refuse.
    let pid_file = tmp.path().join("pg/data/postmaster.pid");
    std::fs::write(&pid_file, format!("{}\n/nowhere\n", std::process::id())).unwrap();

    let pg = tokio::task::spawn_blocking(move || EmbeddedPg::start(&opts))
        .await
        .unwrap()
        .unwrap();
    assert!(
        !pg.notes.iter().any(|n| n.contains("initialised")),
        "reused, not re-initialised: {:?}",
        pg.notes
    );
    assert!(
        pg.notes.iter().any(|n| n.contains("stale")),
        "{:?}",
        pg.notes
    );
    assert_eq!(
        count_rows(&pg.database_url("app")).await,
        1,
        "data survived the restart"
    );
    tokio::task::spawn_blocking(move || pg.stop())
        .await
        .unwrap()
        .unwrap();
}

#[test]
fn a_missing_binary_directory_names_the_package_to_install() {
    let err =
        server::embedded_pg::find_bin_dir(Some(std::path::Path::new("/nonexistent"))).unwrap_err();
    assert!(
        err.to_string().contains("apt-get install postgresql"),
        "{err}"
    );
}

#[tokio::test]
async fn a_second_process_uses_the_cluster_but_leaves_it_to_its_owner() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let opts = options(tmp.path());
    let owner = tokio::task::spawn_blocking({
        let opts = opts.clone();
        move || EmbeddedPg::start(&opts)
    })
    .await
    .unwrap()
    .unwrap();
    assert!(owner.is_owner());
    owner.ensure_database("app").unwrap();

    // As `sparkle-server migrate` would, while the server runs.
    let second = tokio::task::spawn_blocking(move || EmbeddedPg::start(&opts))
        .await
        .unwrap()
        .unwrap();
    assert!(!second.is_owner(), "{:?}", second.notes);
    let url = second.database_url("app");
    tokio::task::spawn_blocking(move || second.stop())
        .await
        .unwrap()
        .unwrap();

    let pool = sqlx::PgPool::connect(&owner.database_url("app"))
        .await
        .unwrap();
    let one: i32 = sqlx::query_scalar("select 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        one, 1,
        "the owner's cluster is still up after the second process stopped"
    );
    pool.close().await;
    assert_eq!(url, owner.database_url("app"));
    tokio::task::spawn_blocking(move || owner.stop())
        .await
        .unwrap()
        .unwrap();
}
