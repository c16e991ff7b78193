"""`kunang district add-village SITE_KEY` and `kunang district hub-config`: the hub's security.

add-village makes, in one call, the village's own nkey (allowed to publish only under
kunang.v1.SITE_KEY.>), its files for the edge (seed, the CA that verifies the hub, the `edge:`
section), and the hub's configuration with it; the first call also makes the district's CA, the
hub's TLS certificate and the ingest's key. hub-config prints (and rewrites) the hub's nats-server
configuration.
"""

from __future__ import annotations

import os

T = {
    "created": ("District created in {dir}: CA, hub certificate for {names}, key of `kunang ingest` ({seed}).",
                "Distrik dibuat di {dir}: CA, sertifikat hub untuk {names}, kunci `kunang ingest` ({seed})."),
    "ingest": ("The `ingest:` section of the district's kunang.yaml:",
               "Bagian `ingest:` pada kunang.yaml distrik:"),
    "added": ("Village {key} added. Its files (copy them to the edge; {seed} is secret):",
              "Desa {key} ditambahkan. Berkasnya (salin ke edge; {seed} rahasia):"),
    "snippet": ("Its entry in the hub's authorization block (already in {conf}):",
                "Entrinya di blok authorization hub (sudah ada di {conf}):"),
    "reload": ("Then reload the hub: nats-server --signal reload (or restart it with -c {conf}).",
               "Lalu muat ulang hub: nats-server --signal reload (atau jalankan ulang dengan -c {conf})."),
    "not_edge": ("Note: site {name!r} is not marked `edge: true` in kunang.yaml; the district page lists only "
                 "villages marked so.",
                 "Catatan: situs {name!r} tidak ditandai `edge: true` di kunang.yaml; halaman distrik hanya "
                 "menampilkan desa yang ditandai."),
    "unknown": ("no site with the key {key!r} in {cfg} (keys: {keys})",
                "tidak ada situs dengan kunci {key!r} di {cfg} (kunci: {keys})"),
    "wrote": ("# written to {conf}", "# ditulis ke {conf}"),
}


def add_arguments(p) -> None:
    default_dir = os.environ.get("KUNANG_DISTRICT_DIR", "kunang-district")
    sub = p.add_subparsers(dest="district_command", metavar="ACTION", required=True)
    add = sub.add_parser("add-village", help="credentials and files for one village's edge, and the hub's config")
    add.add_argument("site_key", metavar="SITE_KEY", help="the site's key (sites[].key, default a slug of its name)")
    add.add_argument("--out", help="folder for the village's files (default: DIR/out/SITE_KEY)")
    add.add_argument("--rotate", action="store_true", help="replace the village's existing credentials")
    add.add_argument("--edge-dir", default="/etc/kunang", help="where the files go on the edge (for its config)")
    hub = sub.add_parser("hub-config", help="print (and rewrite) the hub's nats-server configuration")
    hub.add_argument("--renew-cert", action="store_true", help="issue the hub's TLS certificate again (--hub-name)")
    for q in (add, hub):
        q.add_argument("--dir", default=default_dir,
                       help=f"the district's folder: CA, keys, hub.conf (default: $KUNANG_DISTRICT_DIR or {default_dir})")
        q.add_argument("--hub-name", action="append", default=[],
                       help="a DNS name or IP address of the hub for its certificate (repeat; first call only)")
        q.add_argument("--hub-url", action="append", default=[],
                       help="the hub's URL as edges reach it, e.g. tls://hub.example.id:4222 (repeat; first call only)")
        q.add_argument("--listen", help="the hub's listen address (default 0.0.0.0:4222)")
        q.add_argument("--store-dir", help="the hub's JetStream folder (default /var/lib/kunang/jetstream)")
        q.add_argument("--lang", choices=("id", "en"), help="language of the messages (default: the config's)")


def _site_name(cfg, key: str, source: str, t) -> str | None:
    from collector.errors import KunangError

    if cfg is None or not cfg.sites:
        return None
    for s in cfg.sites:
        if s.site_key == key:
            if not s.edge:
                print(t["not_edge"].format(name=s.name))
            return s.name
    keys = ", ".join(sorted(s.site_key for s in cfg.sites))
    en, id_ = (v.format(key=key, cfg=source, keys=keys) for v in T["unknown"])
    raise KunangError(f"{en} / {id_}")


def run(args) -> int:
    from collector.config import load_config
    from collector.config.load import resolve_path
    from collector.district.village import District, check_key

    if args.district_command == "add-village":
        check_key(args.site_key)
    path = resolve_path(getattr(args, "config", None))
    cfg = load_config(path) if path else None
    lang = args.lang or (cfg.language if cfg else "id")
    t = {k: v[0 if lang == "en" else 1] for k, v in T.items()}
    d = District(args.dir)
    site_name = _site_name(cfg, args.site_key, str(path), t) if args.district_command == "add-village" else None
    if d.init(args.hub_name, args.hub_url, args.listen, args.store_dir):
        from collector.district.tls import cert_names

        print(t["created"].format(dir=d.dir, names=", ".join(cert_names(d.dir / "hub.pem")), seed=d.ingest_seed))
        print(t["ingest"])
        print(f"ingest:\n  hub_urls: [tls://127.0.0.1:{d.settings().listen.rsplit(':', 1)[-1]}]\n"
              f"  credentials_file: {d.ingest_seed.resolve()}\n  tls_ca: {d.ca.resolve()}\n")
    if args.district_command == "hub-config":
        if args.renew_cert:
            from collector.district.tls import cert_names

            d.renew_cert(args.hub_name or cert_names(d.dir / "hub.pem"))
        conf = d.write_hub_conf()
        print(conf.read_text(), end="")
        print(t["wrote"].format(conf=conf))
        return 0
    v = d.add_village(args.site_key, args.out, site_name, rotate=args.rotate, edge_dir=args.edge_dir)
    print(t["added"].format(key=v.key, seed=v.seed_file.name))
    for f in (v.seed_file, v.ca_file, v.edge_yaml):
        print(f"  {f}")
    print()
    print(v.edge_yaml.read_text())
    print(t["snippet"].format(conf=d.hub_conf))
    print(v.snippet)
    print()
    print(t["reload"].format(conf=d.hub_conf))
    return 0
